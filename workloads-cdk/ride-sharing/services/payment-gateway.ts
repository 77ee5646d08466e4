import { deriveId } from '../../shared/runtime/ids.js';
import type { GatewayResult } from '../domain/payment.js';

/**
 * The payment processor, called with an idempotency key per ride and operation: a processor that honours
 * the key (as card processors do) answers a retried call with the first call's result and charges once.
 */
export interface PaymentGateway {
  authorize(request: {
    idempotencyKey: string;
    paymentMethodId: string;
    amountCents: number;
    currency: string;
  }): Promise<GatewayResult>;
  capture(request: { idempotencyKey: string; authorizationId: string; amountCents: number }): Promise<GatewayResult>;
  void(request: { idempotencyKey: string; authorizationId: string }): Promise<GatewayResult>;
}

/** Card limit of the simulated processor. */
export const SIMULATED_LIMIT_CENTS = 100_000;

/**
 * The processor the deployed workload uses: simulated, deterministic and stateless, so the same key always
 * gets the same answer. Payment methods starting with "pm_declined" are declined, as are amounts over
 * the limit. Replace it with a real processor's client to take real payments.
 */
export class SimulatedPaymentGateway implements PaymentGateway {
  async authorize(request: {
    idempotencyKey: string;
    paymentMethodId: string;
    amountCents: number;
  }): Promise<GatewayResult> {
    if (request.paymentMethodId.startsWith('pm_declined')) return { ok: false, reason: 'card declined' };
    if (request.amountCents > SIMULATED_LIMIT_CENTS) return { ok: false, reason: 'amount over the card limit' };
    return { ok: true, reference: `auth_${deriveId(request.idempotencyKey).slice(0, 18)}` };
  }

  async capture(request: { idempotencyKey: string; amountCents: number }): Promise<GatewayResult> {
    if (request.amountCents > SIMULATED_LIMIT_CENTS) return { ok: false, reason: 'amount over the card limit' };
    return { ok: true, reference: `cap_${deriveId(request.idempotencyKey).slice(0, 18)}` };
  }

  async void(request: { idempotencyKey: string }): Promise<GatewayResult> {
    return { ok: true, reference: `void_${deriveId(request.idempotencyKey).slice(0, 18)}` };
  }
}
