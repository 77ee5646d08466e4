import type { RideEvent } from '../events/catalog.js';

/** One ride event's contribution to its city and hour; stored once per ride and kind, so it counts once. */
export interface RideFact {
  readonly city: string;
  /** YYYY-MM-DDTHH (UTC) */
  readonly hour: string;
  readonly kind: 'requested' | 'completed' | 'cancelled';
  readonly rideId: string;
  readonly fareCents?: number;
  readonly currency?: string;
  readonly distanceKm?: number;
}

export interface HourlyCityStats {
  readonly city: string;
  readonly hour: string;
  readonly requested: number;
  readonly completed: number;
  readonly cancelled: number;
  readonly revenueCents: Readonly<Record<string, number>>;
  readonly distanceKm: number;
  /** completed / requested, 0 when nothing was requested. */
  readonly completionRate: number;
}

/** The fact an event contributes, if any. Pure. */
export function factFor(event: RideEvent): RideFact | undefined {
  const hour = event.detail.occurredAt.slice(0, 13);
  switch (event.type) {
    case 'RideRequested':
      return { city: event.detail.city, hour, kind: 'requested', rideId: event.detail.rideId };
    case 'RideCompleted':
      return {
        city: event.detail.city,
        hour,
        kind: 'completed',
        rideId: event.detail.rideId,
        fareCents: event.detail.fareCents,
        currency: event.detail.currency,
        distanceKm: event.detail.distanceKm,
      };
    case 'RideCancelled':
      return { city: event.detail.city, hour, kind: 'cancelled', rideId: event.detail.rideId };
    default:
      return undefined;
  }
}

/** Sums one city-hour's facts. Pure. */
export function summarizeHour(city: string, hour: string, facts: Iterable<RideFact>): HourlyCityStats {
  let requested = 0;
  let completed = 0;
  let cancelled = 0;
  let distanceKm = 0;
  const revenueCents: Record<string, number> = {};
  for (const fact of facts) {
    if (fact.kind === 'requested') requested += 1;
    if (fact.kind === 'cancelled') cancelled += 1;
    if (fact.kind === 'completed') {
      completed += 1;
      distanceKm += fact.distanceKm ?? 0;
      if (fact.currency) revenueCents[fact.currency] = (revenueCents[fact.currency] ?? 0) + (fact.fareCents ?? 0);
    }
  }
  return {
    city,
    hour,
    requested,
    completed,
    cancelled,
    revenueCents,
    distanceKm: Math.round(distanceKm * 100) / 100,
    completionRate: requested ? completed / requested : 0,
  };
}
