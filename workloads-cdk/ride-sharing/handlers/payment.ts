import type { EventBridgeEvent } from '../runtime/consumer.js';
import { SimulatedPaymentGateway } from '../services/payment-gateway.js';
import { createPaymentService } from '../services/payment-service.js';
import { paymentStore } from '../services/stores.js';
import { IDEMPOTENCY_CONSUMERS } from '../consumers.js';
import { runtimeFromEnvironment } from './wiring.js';

let service: ReturnType<typeof createPaymentService> | undefined;

/** Payment service: ride events from its EventBridge rule. */
export async function handler(event: EventBridgeEvent): Promise<unknown> {
  if (!service) {
    const runtime = runtimeFromEnvironment();
    service = createPaymentService({
      payments: paymentStore(runtime.db, runtime.table('payments')),
      gateway: new SimulatedPaymentGateway(),
      publisher: runtime.publisher,
      idempotency: runtime.idempotency(IDEMPOTENCY_CONSUMERS.Payment),
      now: runtime.now,
    });
  }
  return service.event(event);
}
