import type { EventBridgeEvent } from '../runtime/consumer.js';
import { createNotificationService } from '../services/notification-service.js';
import { IDEMPOTENCY_CONSUMERS } from '../consumers.js';
import { runtimeFromEnvironment } from './wiring.js';

let service: ReturnType<typeof createNotificationService> | undefined;

/** Notification service: ride, payment and fraud events from its EventBridge rule. */
export async function handler(event: EventBridgeEvent): Promise<unknown> {
  if (!service) {
    const runtime = runtimeFromEnvironment();
    service = createNotificationService({
      db: runtime.db,
      table: runtime.table('notifications'),
      idempotency: runtime.idempotency(IDEMPOTENCY_CONSUMERS.Notification),
    });
  }
  return service.event(event);
}
