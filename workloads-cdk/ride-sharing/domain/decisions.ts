import { deriveId } from '../../shared/runtime/ids.js';
import type { RideEvent, RideEventDetail, RideEventType } from '../events/catalog.js';

/** What a decision needs besides state: the time, and the id of what caused it (an event id or a command id). */
export interface DecisionContext {
  readonly now: string;
  readonly causeId: string;
}

/** A new state and the events it publishes, or no change (with why), or a refusal (commands only). */
export type Decision<S> =
  | { readonly kind: 'changed'; readonly state: S; readonly events: RideEvent[] }
  | { readonly kind: 'unchanged'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string };

export const unchanged = (reason: string) => ({ kind: 'unchanged', reason }) as const;
export const rejected = (code: string, message: string) => ({ kind: 'rejected', code, message }) as const;

/** An event caused by ctx.causeId; its id is derived from the cause so a re-run publishes the same id. */
export function causedEvent<T extends RideEventType>(
  ctx: DecisionContext,
  type: T,
  detail: Omit<RideEventDetail<T>, 'eventId' | 'occurredAt'>,
  qualifier = '',
): RideEvent {
  const eventId = deriveId(ctx.causeId, type, detail.rideId, qualifier);
  return { type, detail: { ...detail, eventId, occurredAt: ctx.now } } as unknown as RideEvent;
}
