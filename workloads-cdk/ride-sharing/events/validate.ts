import { describeIssues } from '../../shared/runtime/zod.js';
import { RIDE_EVENTS, type RideEvent, type RideEventType } from './catalog.js';

/** An event that does not match its schema: a bug in its producer, never retried into success. */
export class InvalidEventError extends Error {
  constructor(
    readonly type: string,
    readonly problems: string[],
  ) {
    super(`invalid ${type} event: ${problems.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

export function isRideEventType(type: string): type is RideEventType {
  return Object.hasOwn(RIDE_EVENTS, type);
}

/** Validates a detail against its event's schema and returns the typed event; unknown members are dropped. */
export function parseRideEvent(type: string, detail: unknown): RideEvent {
  if (!isRideEventType(type)) throw new InvalidEventError(type, [`"${type}" is not a ride-sharing event`]);
  const parsed = RIDE_EVENTS[type].safeParse(detail);
  if (!parsed.success) throw new InvalidEventError(type, describeIssues(parsed.error, 'detail'));
  return { type, detail: parsed.data } as RideEvent;
}
