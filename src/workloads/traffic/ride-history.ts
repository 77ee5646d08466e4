import type { RideEvent } from '#workloads/ride-sharing/index.js';
import { between, pick, seededRandom } from './random.js';

export interface RideHistoryOptions {
  readonly rides: number;
  readonly seed?: number;
  /** Rides are requested between start and start + spanMs (epoch ms); their later events follow within minutes. */
  readonly start: number;
  readonly spanMs: number;
}

const CITIES = {
  lisbon: { lat: 38.7223, lng: -9.1393 },
  porto: { lat: 41.1579, lng: -8.6291 },
  madrid: { lat: 40.4168, lng: -3.7038 },
} as const;

const jitter = (random: () => number, point: { lat: number; lng: number }) => ({
  lat: Number((point.lat + (random() - 0.5) * 0.08).toFixed(5)),
  lng: Number((point.lng + (random() - 0.5) * 0.08).toFixed(5)),
});

/**
 * A plausible day of the ride-sharing bus (pure, seeded), in the order the services publish: most rides
 * are requested, assigned, paid, accepted, started, completed and captured; some are cancelled (the
 * payment voided), some find no driver. Every event validates against the workload's schemas; event ids
 * are derived from their cause, as the services derive them.
 */
export function generateRideHistory(options: RideHistoryOptions): RideEvent[] {
  const random = seededRandom(options.seed ?? 11);
  const events: RideEvent[] = [];
  for (let index = 0; index < options.rides; index += 1) {
    const rideId = `ride-${String(index).padStart(6, '0')}`;
    const riderId = `rider-${between(random, 1, Math.max(1, Math.ceil(options.rides / 3)))}`;
    const driverId = `driver-${between(random, 1, 40)}`;
    const cityName = pick(random, Object.keys(CITIES) as Array<keyof typeof CITIES>);
    const city = CITIES[cityName];
    const paymentMethodId = `pm-${riderId}`;
    const fareCents = between(random, 600, 4200);
    let time = options.start + Math.floor(random() * options.spanMs);
    const at = (minutes: number) => {
      time += minutes * 60_000;
      return new Date(time).toISOString();
    };
    const envelope = (kind: string, minutes: number) => ({
      eventId: `${rideId}:${kind}`,
      occurredAt: at(minutes),
      rideId,
    });
    events.push({
      type: 'RideRequested',
      detail: {
        ...envelope('requested', 0),
        riderId,
        city: cityName,
        pickup: jitter(random, city),
        dropoff: jitter(random, city),
        paymentMethodId,
        estimatedFareCents: fareCents,
        currency: 'EUR',
      },
    });
    if (random() < 0.05) {
      events.push({
        type: 'NoDriverAvailable',
        detail: { ...envelope('no-driver', 2), riderId, city: cityName, attempts: 3 },
      });
      continue;
    }
    events.push({
      type: 'DriverAssigned',
      detail: {
        ...envelope('assigned-1', 0.2),
        riderId,
        driverId,
        city: cityName,
        distanceKm: Number((random() * 3).toFixed(2)),
        etaMinutes: between(random, 2, 9),
        offerExpiresAt: new Date(time + 30_000).toISOString(),
        attempt: 1,
      },
    });
    events.push({
      type: 'PaymentAuthorized',
      detail: {
        ...envelope('authorized', 0.1),
        paymentId: `payment-${rideId}`,
        riderId,
        paymentMethodId,
        amountCents: fareCents,
        currency: 'EUR',
      },
    });
    if (random() < 0.12) {
      events.push({
        type: 'RideCancelled',
        detail: {
          ...envelope('cancelled', between(random, 1, 5)),
          riderId,
          driverId,
          city: cityName,
          cancelledBy: 'rider',
          reason: 'changed plans',
          feeCents: 0,
        },
      });
      events.push({
        type: 'PaymentVoided',
        detail: { ...envelope('voided', 0.1), paymentId: `payment-${rideId}`, riderId },
      });
      continue;
    }
    events.push({ type: 'RideAccepted', detail: { ...envelope('accepted', 0.3), riderId, driverId } });
    events.push({
      type: 'RideStarted',
      detail: {
        ...envelope('started', between(random, 3, 9)),
        riderId,
        driverId,
        city: cityName,
        location: jitter(random, city),
      },
    });
    const durationMinutes = between(random, 6, 35);
    events.push({
      type: 'RideCompleted',
      detail: {
        ...envelope('completed', durationMinutes),
        riderId,
        driverId,
        city: cityName,
        dropoff: jitter(random, city),
        distanceKm: Number((durationMinutes * 0.6).toFixed(1)),
        durationMinutes,
        fareCents,
        currency: 'EUR',
        paymentMethodId,
      },
    });
    events.push({
      type: 'PaymentCaptured',
      detail: {
        ...envelope('captured', 0.1),
        paymentId: `payment-${rideId}`,
        riderId,
        amountCents: fareCents,
        currency: 'EUR',
      },
    });
  }
  return events.sort((a, b) => a.detail.occurredAt.localeCompare(b.detail.occurredAt));
}
