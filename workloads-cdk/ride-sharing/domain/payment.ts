import { deriveId } from '../../shared/runtime/ids.js';
import type { RideEventDetail } from '../events/catalog.js';
import { causedEvent, unchanged, type Decision, type DecisionContext } from './decisions.js';

export type PaymentStatus = 'authorizing' | 'authorized' | 'declined' | 'captured' | 'voided' | 'capture-failed';

/** The Payment service's record of the payment for one ride. */
export interface Payment {
  readonly rideId: string;
  readonly paymentId: string;
  readonly riderId: string;
  readonly paymentMethodId: string;
  readonly currency: 'EUR' | 'USD' | 'GBP';
  readonly status: PaymentStatus;
  readonly authorizedCents: number;
  readonly authorizationId?: string;
  readonly capturedCents?: number;
}

/** What the payment processor answered; the same idempotency key always gets the same answer. */
export type GatewayResult =
  { readonly ok: true; readonly reference: string } | { readonly ok: false; readonly reason: string };

/** Idempotency keys sent to the payment processor: one per ride and operation, so a retry never charges twice. */
export const paymentKeys = {
  authorize: (rideId: string) => `authorize:${rideId}`,
  capture: (rideId: string) => `capture:${rideId}`,
  void: (rideId: string) => `void:${rideId}`,
};

/** A capture may exceed the authorization by this factor (longer route); beyond it the capture fails. */
export const MAX_CAPTURE_OVER_AUTHORIZATION = 1.25;

/** The payment opened when a ride is requested: the estimate is authorized before a driver is sent. */
export function openPayment(request: RideEventDetail<'RideRequested'>): Payment {
  return {
    rideId: request.rideId,
    paymentId: deriveId('payment', request.rideId),
    riderId: request.riderId,
    paymentMethodId: request.paymentMethodId,
    currency: request.currency,
    status: 'authorizing',
    authorizedCents: request.estimatedFareCents,
  };
}

/** The processor's answer to the authorization. */
export function applyAuthorization(payment: Payment, result: GatewayResult, ctx: DecisionContext): Decision<Payment> {
  if (payment.status !== 'authorizing') return unchanged(`payment is ${payment.status}`);
  const base = { rideId: payment.rideId, paymentId: payment.paymentId, riderId: payment.riderId };
  if (!result.ok) {
    return {
      kind: 'changed',
      state: { ...payment, status: 'declined' },
      events: [
        causedEvent(ctx, 'PaymentFailed', {
          ...base,
          paymentMethodId: payment.paymentMethodId,
          stage: 'authorize',
          reason: result.reason,
        }),
      ],
    };
  }
  const authorized = causedEvent(ctx, 'PaymentAuthorized', {
    ...base,
    paymentMethodId: payment.paymentMethodId,
    amountCents: payment.authorizedCents,
    currency: payment.currency,
  });
  return {
    kind: 'changed',
    state: { ...payment, status: 'authorized', authorizationId: result.reference },
    events: [authorized],
  };
}

/** What to capture when the ride completes, or why not (the decision before calling the processor). */
export function planCapture(
  payment: Payment,
  fareCents: number,
): { capture: number } | { fail: string } | { skip: string } {
  if (payment.status !== 'authorized') return { skip: `payment is ${payment.status}` };
  if (fareCents > Math.floor(payment.authorizedCents * MAX_CAPTURE_OVER_AUTHORIZATION)) {
    return {
      fail: `fare ${fareCents} exceeds the authorized ${payment.authorizedCents} by more than ${Math.round((MAX_CAPTURE_OVER_AUTHORIZATION - 1) * 100)}%`,
    };
  }
  return { capture: fareCents };
}

/** The processor's answer to a capture (of the fare, or of a cancellation fee). */
export function applyCapture(
  payment: Payment,
  amountCents: number,
  result: GatewayResult,
  ctx: DecisionContext,
): Decision<Payment> {
  if (payment.status !== 'authorized') return unchanged(`payment is ${payment.status}`);
  const base = { rideId: payment.rideId, paymentId: payment.paymentId, riderId: payment.riderId };
  if (!result.ok) {
    return {
      kind: 'changed',
      state: { ...payment, status: 'capture-failed' },
      events: [
        causedEvent(ctx, 'PaymentFailed', {
          ...base,
          paymentMethodId: payment.paymentMethodId,
          stage: 'capture',
          reason: result.reason,
        }),
      ],
    };
  }
  return {
    kind: 'changed',
    state: { ...payment, status: 'captured', capturedCents: amountCents },
    events: [causedEvent(ctx, 'PaymentCaptured', { ...base, amountCents, currency: payment.currency })],
  };
}

/** The authorization released when a ride is cancelled without a fee. */
export function applyVoid(payment: Payment, ctx: DecisionContext): Decision<Payment> {
  if (payment.status !== 'authorized') return unchanged(`payment is ${payment.status}`);
  return {
    kind: 'changed',
    state: { ...payment, status: 'voided' },
    events: [
      causedEvent(ctx, 'PaymentVoided', {
        rideId: payment.rideId,
        paymentId: payment.paymentId,
        riderId: payment.riderId,
      }),
    ],
  };
}

/** A capture that the rules refuse before any processor call. */
export function failCapture(payment: Payment, reason: string, ctx: DecisionContext): Decision<Payment> {
  return applyCapture(payment, 0, { ok: false, reason }, ctx);
}
