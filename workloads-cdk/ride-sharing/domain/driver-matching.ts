import type { Location, RideEvent } from '../events/catalog.js';
import { causedEvent, rejected, unchanged, type Decision, type DecisionContext } from './decisions.js';
import { etaMinutes } from './fare.js';
import { distanceKm, round } from './geo.js';

export type DriverStatus = 'offline' | 'available' | 'offered' | 'on-ride';

export interface Driver {
  readonly driverId: string;
  readonly city: string;
  readonly location: Location;
  readonly status: DriverStatus;
  /** The ride the driver is offered or driving. */
  readonly rideId?: string;
  /** While offered: when the offer lapses and the driver is free again even if nobody says so. */
  readonly offerExpiresAt?: string;
  readonly updatedAt: string;
}

export type AssignmentStatus = 'offering' | 'accepted' | 'unassignable' | 'cancelled' | 'completed';

/** The Driver service's record of finding a driver for one ride. */
export interface Assignment {
  readonly rideId: string;
  readonly riderId: string;
  readonly city: string;
  readonly pickup: Location;
  readonly status: AssignmentStatus;
  readonly attempt: number;
  /** Drivers offered the ride so far; a driver is not offered the same ride twice. */
  readonly tried: readonly string[];
  readonly driverId?: string;
  readonly offerExpiresAt?: string;
}

export interface MatchingPolicy {
  /** How long a driver has to accept an offer. */
  readonly offerTimeoutSeconds: number;
  /** Offers per ride before giving up with NoDriverAvailable. */
  readonly maxAttempts: number;
  /** Drivers further away than this are not offered the ride. */
  readonly maxPickupKm: number;
}

export const DEFAULT_MATCHING_POLICY: MatchingPolicy = { offerTimeoutSeconds: 30, maxAttempts: 3, maxPickupKm: 15 };

/**
 * Whether a driver can be offered this ride: available, or already holding this ride's offer (a retry
 * after a crash), or holding an offer that lapsed without anyone releasing it.
 */
export function isFreeFor(driver: Driver, rideId: string, now: string): boolean {
  if (driver.status === 'available') return true;
  if (driver.status !== 'offered') return false;
  return (
    driver.rideId === rideId ||
    (driver.offerExpiresAt !== undefined && Date.parse(now) >= Date.parse(driver.offerExpiresAt))
  );
}

/** The nearest available driver in the city within reach, excluding some; ties go to the lower id (deterministic). */
export function nearestAvailableDriver(
  drivers: readonly Driver[],
  pickup: Location,
  city: string,
  excluded: readonly string[],
  maxPickupKm: number,
): { driver: Driver; distanceKm: number } | undefined {
  let best: { driver: Driver; distanceKm: number } | undefined;
  for (const driver of drivers) {
    if (driver.city !== city || driver.status !== 'available' || excluded.includes(driver.driverId)) continue;
    const km = distanceKm(driver.location, pickup);
    if (km > maxPickupKm) continue;
    if (!best || km < best.distanceKm || (km === best.distanceKm && driver.driverId < best.driver.driverId))
      best = { driver, distanceKm: km };
  }
  return best;
}

/**
 * The next offer for a ride (first attempt, or after an offer expired): the nearest available driver
 * not tried yet, or NoDriverAvailable once attempts or drivers run out. The caller reserves the driver.
 */
export function decideNextOffer(
  assignment: Assignment,
  drivers: readonly Driver[],
  policy: MatchingPolicy,
  ctx: DecisionContext,
): Decision<Assignment> & { offeredDriver?: Driver } {
  const attempt = assignment.attempt + 1;
  const choice =
    attempt <= policy.maxAttempts
      ? nearestAvailableDriver(drivers, assignment.pickup, assignment.city, assignment.tried, policy.maxPickupKm)
      : undefined;
  if (!choice) {
    const state: Assignment = { ...assignment, status: 'unassignable', driverId: undefined, offerExpiresAt: undefined };
    const none = causedEvent(ctx, 'NoDriverAvailable', {
      rideId: assignment.rideId,
      riderId: assignment.riderId,
      city: assignment.city,
      attempts: assignment.attempt,
    });
    return { kind: 'changed', state, events: [none] };
  }
  const offerExpiresAt = new Date(Date.parse(ctx.now) + policy.offerTimeoutSeconds * 1000).toISOString();
  const state: Assignment = {
    ...assignment,
    status: 'offering',
    attempt,
    tried: [...assignment.tried, choice.driver.driverId],
    driverId: choice.driver.driverId,
    offerExpiresAt,
  };
  const assigned = causedEvent(
    ctx,
    'DriverAssigned',
    {
      rideId: assignment.rideId,
      riderId: assignment.riderId,
      driverId: choice.driver.driverId,
      city: assignment.city,
      distanceKm: round(choice.distanceKm),
      etaMinutes: etaMinutes(choice.distanceKm),
      offerExpiresAt,
      attempt,
    },
    String(attempt),
  );
  return { kind: 'changed', state, events: [assigned], offeredDriver: choice.driver };
}

/** A driver accepts an offer: only the offered driver, only before the offer expires. */
export function decideAcceptance(
  assignment: Assignment | undefined,
  driverId: string,
  ctx: DecisionContext,
): Decision<Assignment> {
  if (!assignment) return rejected('ride-not-found', 'no such ride is being assigned');
  if (assignment.status === 'accepted' && assignment.driverId === driverId) return unchanged('already accepted');
  if (assignment.status !== 'offering' || assignment.driverId !== driverId)
    return rejected('not-offered', `the ride is not offered to ${driverId}`);
  if (assignment.offerExpiresAt && Date.parse(ctx.now) >= Date.parse(assignment.offerExpiresAt))
    return rejected('offer-expired', `the offer expired at ${assignment.offerExpiresAt}`);
  const state: Assignment = { ...assignment, status: 'accepted', offerExpiresAt: undefined };
  return {
    kind: 'changed',
    state,
    events: [causedEvent(ctx, 'RideAccepted', { rideId: assignment.rideId, riderId: assignment.riderId, driverId })],
  };
}

/** An expired offer: DriverOfferExpired now; the caller releases the driver and asks decideNextOffer for the next one. */
export function decideOfferExpiry(assignment: Assignment, ctx: DecisionContext): Decision<Assignment> {
  if (assignment.status !== 'offering' || !assignment.offerExpiresAt || !assignment.driverId)
    return unchanged(`assignment is ${assignment.status}`);
  if (Date.parse(ctx.now) < Date.parse(assignment.offerExpiresAt)) return unchanged('offer still open');
  const expired = causedEvent(
    ctx,
    'DriverOfferExpired',
    { rideId: assignment.rideId, driverId: assignment.driverId, attempt: assignment.attempt },
    String(assignment.attempt),
  );
  return {
    kind: 'changed',
    state: { ...assignment, driverId: undefined, offerExpiresAt: undefined },
    events: [expired],
  };
}

/** The assignment's end when its ride is cancelled or completed; the caller frees the driver. */
export function decideRideEnded(assignment: Assignment | undefined, event: RideEvent): Decision<Assignment> {
  if (!assignment) return unchanged('no assignment');
  const status: AssignmentStatus = event.type === 'RideCompleted' ? 'completed' : 'cancelled';
  if (assignment.status === status) return unchanged(`already ${status}`);
  return { kind: 'changed', state: { ...assignment, status, offerExpiresAt: undefined }, events: [] };
}
