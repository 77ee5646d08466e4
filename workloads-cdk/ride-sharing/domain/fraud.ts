import type { Location } from '../events/catalog.js';
import { distanceKm, requiredSpeedKmh, round } from './geo.js';

export const FRAUD_THRESHOLDS = {
  /** Faster than this between the end of one ride and the start of the next is not possible in a city. */
  maxSpeedKmh: 250,
  /** Short hops are GPS noise, not travel. */
  minDistanceKm: 1,
  cancellationWindowHours: 24,
  maxCancellations: 3,
  velocityWindowMinutes: 60,
  /** A payment method used by this many different riders within the window. */
  maxRidersPerPaymentMethod: 2,
  maxAuthorizationsPerPaymentMethod: 5,
} as const;

export type FraudRule = 'impossible-speed' | 'excessive-cancellations' | 'payment-method-velocity';

export interface FraudFinding {
  readonly rule: FraudRule;
  readonly reason: string;
  /** Identifies the finding so the same one is flagged once (e.g. the rule and the day). */
  readonly key: string;
}

/** A subject (rider or driver) starting a ride implausibly far from where their last ride ended, too soon. */
export function checkImpossibleSpeed(
  lastEnd: { location: Location; at: string } | undefined,
  start: { location: Location; at: string; rideId: string },
): FraudFinding | undefined {
  if (!lastEnd || Date.parse(start.at) < Date.parse(lastEnd.at)) return undefined;
  const speed = requiredSpeedKmh(lastEnd.location, lastEnd.at, start.location, start.at);
  const km = distanceKm(lastEnd.location, start.location);
  if (km < FRAUD_THRESHOLDS.minDistanceKm || speed <= FRAUD_THRESHOLDS.maxSpeedKmh) return undefined;
  const shown = Number.isFinite(speed) ? `${round(speed, 0)} km/h` : 'no time at all';
  return {
    rule: 'impossible-speed',
    reason: `${round(km, 1)} km from the previous ride's drop-off in ${shown}`,
    key: `impossible-speed#${start.rideId}`,
  };
}

/** A rider cancelling more than the limit within the window ending now. */
export function checkExcessiveCancellations(
  cancellationTimes: readonly string[],
  now: string,
): FraudFinding | undefined {
  const since = Date.parse(now) - FRAUD_THRESHOLDS.cancellationWindowHours * 3_600_000;
  const recent = cancellationTimes.filter(
    (time) => Date.parse(time) > since && Date.parse(time) <= Date.parse(now),
  ).length;
  if (recent <= FRAUD_THRESHOLDS.maxCancellations) return undefined;
  return {
    rule: 'excessive-cancellations',
    reason: `${recent} cancellations in ${FRAUD_THRESHOLDS.cancellationWindowHours} h`,
    key: `excessive-cancellations#${now.slice(0, 10)}`,
  };
}

/** A payment method used by too many riders, or too often, within the window ending now. */
export function checkPaymentMethodVelocity(
  authorizations: ReadonlyArray<{ riderId: string; at: string }>,
  now: string,
): FraudFinding | undefined {
  const since = Date.parse(now) - FRAUD_THRESHOLDS.velocityWindowMinutes * 60_000;
  const recent = authorizations.filter(
    (entry) => Date.parse(entry.at) > since && Date.parse(entry.at) <= Date.parse(now),
  );
  const riders = new Set(recent.map((entry) => entry.riderId)).size;
  const window = `${FRAUD_THRESHOLDS.velocityWindowMinutes} min`;
  const key = `payment-method-velocity#${now.slice(0, 13)}`;
  if (riders > FRAUD_THRESHOLDS.maxRidersPerPaymentMethod)
    return { rule: 'payment-method-velocity', reason: `used by ${riders} riders in ${window}`, key };
  if (recent.length > FRAUD_THRESHOLDS.maxAuthorizationsPerPaymentMethod)
    return { rule: 'payment-method-velocity', reason: `${recent.length} authorizations in ${window}`, key };
  return undefined;
}
