import type { EventBridgeEvent } from '../runtime/consumer.js';
import { createFraudService } from '../services/fraud-service.js';
import { fraudFlagStore } from '../services/stores.js';
import { IDEMPOTENCY_CONSUMERS } from '../consumers.js';
import { runtimeFromEnvironment } from './wiring.js';

let service: ReturnType<typeof createFraudService> | undefined;

/** Fraud service: ride and payment events from its EventBridge rule. */
export async function handler(event: EventBridgeEvent): Promise<unknown> {
  if (!service) {
    const runtime = runtimeFromEnvironment();
    service = createFraudService({
      db: runtime.db,
      activityTable: runtime.table('fraudActivity'),
      flags: fraudFlagStore(runtime.db, runtime.table('fraudFlags')),
      publisher: runtime.publisher,
      idempotency: runtime.idempotency(IDEMPOTENCY_CONSUMERS.Fraud),
      now: runtime.now,
    });
  }
  return service.event(event);
}
