import type { DecisionContext } from '../domain/decisions.js';
import {
  applyAuthorization,
  applyCapture,
  applyVoid,
  failCapture,
  openPayment,
  paymentKeys,
  planCapture,
  type Payment,
} from '../domain/payment.js';
import { unchanged } from '../domain/decisions.js';
import type { RideEvent } from '../events/catalog.js';
import { consumeOnce, type ConsumeOutcome, type EventBridgeEvent } from '../runtime/consumer.js';
import type { IdempotencyStore } from '../runtime/idempotency.js';
import type { EventPublisher } from '../runtime/publisher.js';
import { transition, type StateStore } from '../runtime/state-store.js';
import type { PaymentGateway } from './payment-gateway.js';

export interface PaymentServiceDeps {
  readonly payments: StateStore<Payment>;
  readonly gateway: PaymentGateway;
  readonly publisher: EventPublisher;
  readonly idempotency: IdempotencyStore;
  now(): string;
}

/** The payment is not ready for this event yet (e.g. completion before authorization); Lambda retries it. */
export class PaymentNotReadyError extends Error {
  constructor(rideId: string, status: string) {
    super(`payment of ride ${rideId} is ${status}; retrying later`);
    this.name = 'PaymentNotReadyError';
  }
}

/**
 * Payments: authorize the estimate when a ride is requested, capture the fare when it completes, void
 * (or capture a cancellation fee) when it is cancelled. Retry-safe: the payment record moves through
 * its states with conditional writes, and every processor call carries the ride's idempotency key, so a
 * retry after a crash at any point charges exactly once.
 */
export function createPaymentService(deps: PaymentServiceDeps) {
  const onEvent = async (event: RideEvent): Promise<void> => {
    const ctx: DecisionContext = { now: deps.now(), causeId: event.detail.eventId };
    const rideId = event.detail.rideId;
    switch (event.type) {
      case 'RideRequested': {
        await transition(deps.payments, rideId, deps.publisher, (payment) =>
          payment ? unchanged('payment exists') : { kind: 'changed', state: openPayment(event.detail), events: [] },
        );
        const payment = (await deps.payments.get(rideId))?.state;
        if (payment?.status !== 'authorizing') return;
        const result = await deps.gateway.authorize({
          idempotencyKey: paymentKeys.authorize(rideId),
          paymentMethodId: payment.paymentMethodId,
          amountCents: payment.authorizedCents,
          currency: payment.currency,
        });
        await transition(deps.payments, rideId, deps.publisher, (current) =>
          current ? applyAuthorization(current, result, ctx) : unchanged('gone'),
        );
        return;
      }
      case 'RideCompleted': {
        const payment = await ready(rideId);
        if (payment.status !== 'authorized') return;
        const plan = planCapture(payment, event.detail.fareCents);
        if ('skip' in plan) return;
        if ('fail' in plan) {
          await transition(deps.payments, rideId, deps.publisher, (current) =>
            current ? failCapture(current, plan.fail, ctx) : unchanged('gone'),
          );
          return;
        }
        await capture(payment, plan.capture, ctx);
        return;
      }
      case 'RideCancelled': {
        const payment = await ready(rideId);
        if (payment.status !== 'authorized') return;
        if (event.detail.feeCents > 0) return capture(payment, event.detail.feeCents, ctx);
        const result = await deps.gateway.void({
          idempotencyKey: paymentKeys.void(rideId),
          authorizationId: payment.authorizationId ?? '',
        });
        if (!result.ok) throw new Error(`voiding the authorization of ride ${rideId} failed: ${result.reason}`);
        await transition(deps.payments, rideId, deps.publisher, (current) =>
          current ? applyVoid(current, ctx) : unchanged('gone'),
        );
        return;
      }
      default:
        return;
    }
  };

  const ready = async (rideId: string): Promise<Payment> => {
    const payment = (await deps.payments.get(rideId))?.state;
    if (!payment || payment.status === 'authorizing')
      throw new PaymentNotReadyError(rideId, payment?.status ?? 'not opened');
    return payment;
  };

  const capture = async (payment: Payment, amountCents: number, ctx: DecisionContext): Promise<void> => {
    const result = await deps.gateway.capture({
      idempotencyKey: paymentKeys.capture(payment.rideId),
      authorizationId: payment.authorizationId ?? '',
      amountCents,
    });
    await transition(deps.payments, payment.rideId, deps.publisher, (current) =>
      current ? applyCapture(current, amountCents, result, ctx) : unchanged('gone'),
    );
  };

  return {
    async event(raw: EventBridgeEvent): Promise<ConsumeOutcome> {
      return consumeOnce(deps.idempotency, raw, onEvent);
    },
  };
}
