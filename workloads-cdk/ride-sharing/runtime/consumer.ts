import type { RideEvent } from '../events/catalog.js';
import { parseRideEvent } from '../events/validate.js';
import type { IdempotencyStore } from './idempotency.js';

/** The part of an EventBridge event a consumer reads. */
export interface EventBridgeEvent {
  readonly id?: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly time?: string;
  readonly detail: unknown;
  /** Set on events re-sent by an archive replay. */
  readonly 'replay-name'?: string;
}

export type ConsumeOutcome = 'processed' | 'duplicate';

/** Another invocation holds the claim; throwing makes Lambda retry the event later. */
export class EventInProgressError extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} is being processed by another invocation`);
    this.name = 'EventInProgressError';
  }
}

/**
 * Runs a consumer's handling of one event at most once per event id: validate against the schema,
 * claim the event id, handle, mark completed. A duplicate (redelivery, retry, replay) is skipped.
 */
export async function consumeOnce(
  idempotency: IdempotencyStore,
  raw: EventBridgeEvent,
  handle: (event: RideEvent) => Promise<void>,
): Promise<ConsumeOutcome> {
  const event = parseRideEvent(raw['detail-type'], raw.detail);
  const claim = await idempotency.claim(event.detail.eventId);
  if (claim === 'completed') return 'duplicate';
  if (claim === 'in-progress') throw new EventInProgressError(event.detail.eventId);
  try {
    await handle(event);
  } catch (error) {
    await idempotency.release(event.detail.eventId);
    throw error;
  }
  await idempotency.complete(event.detail.eventId);
  return 'processed';
}

/** Whether a Lambda input is an EventBridge event (rather than a command sent by Invoke). */
export function isEventBridgeEvent(input: unknown): input is EventBridgeEvent {
  return typeof input === 'object' && input !== null && 'detail-type' in input && 'detail' in input;
}
