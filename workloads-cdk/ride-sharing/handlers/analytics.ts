import type { EventBridgeEvent } from '../runtime/consumer.js';
import { createAnalyticsService } from '../services/analytics-service.js';
import { IDEMPOTENCY_CONSUMERS } from '../consumers.js';
import { runtimeFromEnvironment } from './wiring.js';

let service: ReturnType<typeof createAnalyticsService> | undefined;

/** Analytics service: ride events from its EventBridge rule. */
export async function handler(event: EventBridgeEvent): Promise<unknown> {
  if (!service) {
    const runtime = runtimeFromEnvironment();
    service = createAnalyticsService({
      db: runtime.db,
      table: runtime.table('analytics'),
      idempotency: runtime.idempotency(IDEMPOTENCY_CONSUMERS.Analytics),
    });
  }
  return service.event(event);
}
