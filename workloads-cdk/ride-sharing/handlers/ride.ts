import { isEventBridgeEvent } from '../runtime/consumer.js';
import { createRideService } from '../services/ride-service.js';
import { rideStore } from '../services/stores.js';
import { IDEMPOTENCY_CONSUMERS } from '../consumers.js';
import { runtimeFromEnvironment } from './wiring.js';

let service: ReturnType<typeof createRideService> | undefined;

/** Ride service: commands by Lambda Invoke ({ command: 'RequestRide', ... }), events from its EventBridge rule. */
export async function handler(input: unknown): Promise<unknown> {
  if (!service) {
    const runtime = runtimeFromEnvironment();
    service = createRideService({
      rides: rideStore(runtime.db, runtime.table('rides')),
      publisher: runtime.publisher,
      idempotency: runtime.idempotency(IDEMPOTENCY_CONSUMERS.Ride),
      now: runtime.now,
    });
  }
  return isEventBridgeEvent(input) ? service.event(input) : service.command(input);
}
