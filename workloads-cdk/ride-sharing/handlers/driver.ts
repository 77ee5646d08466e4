import { numberEnv } from '../../shared/runtime/environment.js';
import { DEFAULT_MATCHING_POLICY } from '../domain/driver-matching.js';
import { isEventBridgeEvent } from '../runtime/consumer.js';
import { createDriverService } from '../services/driver-service.js';
import { assignmentStore, driverStore } from '../services/stores.js';
import { IDEMPOTENCY_CONSUMERS } from '../consumers.js';
import { runtimeFromEnvironment } from './wiring.js';

let service: ReturnType<typeof createDriverService> | undefined;

/** Driver service: driver-app commands by Invoke, ride events from its rule, and the offer-timeout sweep on a schedule. */
export async function handler(input: unknown): Promise<unknown> {
  if (!service) {
    const runtime = runtimeFromEnvironment();
    service = createDriverService({
      db: runtime.db,
      drivers: driverStore(runtime.db, runtime.table('drivers')),
      assignments: assignmentStore(runtime.db, runtime.table('assignments')),
      tables: { drivers: runtime.table('drivers'), assignments: runtime.table('assignments') },
      publisher: runtime.publisher,
      idempotency: runtime.idempotency(IDEMPOTENCY_CONSUMERS.Driver),
      policy: {
        ...DEFAULT_MATCHING_POLICY,
        offerTimeoutSeconds: numberEnv('OFFER_TIMEOUT_SECONDS', DEFAULT_MATCHING_POLICY.offerTimeoutSeconds),
      },
      now: runtime.now,
    });
  }
  if (isEventBridgeEvent(input))
    return input.source === 'aws.events' ? service.sweepExpiredOffers() : service.event(input);
  return service.command(input);
}
