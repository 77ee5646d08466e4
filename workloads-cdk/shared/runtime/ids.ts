import { createHash } from 'node:crypto';

/**
 * A deterministic id (UUID-shaped) derived from its parts. Events caused by an event or command get
 * ids derived from the cause, so re-running a handler publishes the same ids and consumers, which are
 * idempotent by event id, see a duplicate rather than a new event.
 */
export function deriveId(...parts: Array<string | number>): string {
  const hex = createHash('sha256').update(parts.join('\u001f')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
