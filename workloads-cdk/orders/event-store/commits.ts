import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { OrderEvent } from '../domain/order.js';

/**
 * One command's events, stored as one item: the unit of atomicity. DynamoDB writes one item atomically,
 * so the events of a command are stored together or not at all, without TransactWriteItems.
 * The sort key is the version of the commit's first event (the version the command was built on + 1):
 * a command built on a stale version collides with the commit already stored there and is rejected.
 */
export interface Commit {
  readonly aggregateId: string;
  /** Version of the first event; the item's sort key. */
  readonly version: number;
  /** Version of the last event: version + events.length - 1. */
  readonly lastVersion: number;
  /** The command's idempotency key. */
  readonly commandId: string;
  readonly committedAt: string;
  readonly events: readonly OrderEvent[];
}

/** One event with its position in its aggregate, as projections consume them. */
export interface StoredEvent {
  readonly aggregateId: string;
  readonly version: number;
  readonly committedAt: string;
  readonly event: OrderEvent;
}

/** The item attributes of a commit; events are one JSON string so the item and its stream image stay simple. */
export interface CommitItem {
  aggregateId: string;
  version: number;
  lastVersion: number;
  commandId: string;
  committedAt: string;
  eventCount: number;
  events: string;
}

export function commitToItem(commit: Commit): CommitItem {
  return {
    aggregateId: commit.aggregateId,
    version: commit.version,
    lastVersion: commit.lastVersion,
    commandId: commit.commandId,
    committedAt: commit.committedAt,
    eventCount: commit.events.length,
    events: JSON.stringify(commit.events),
  };
}

export function itemToCommit(item: Record<string, unknown>): Commit {
  const { aggregateId, version, lastVersion, commandId, committedAt, events } = item;
  if (typeof aggregateId !== 'string' || typeof version !== 'number' || typeof events !== 'string') {
    throw new Error(`not a commit item: ${JSON.stringify(item).slice(0, 200)}`);
  }
  const parsed = JSON.parse(events) as OrderEvent[];
  return {
    aggregateId,
    version,
    lastVersion: typeof lastVersion === 'number' ? lastVersion : version + parsed.length - 1,
    commandId: String(commandId ?? ''),
    committedAt: String(committedAt ?? ''),
    events: parsed,
  };
}

/** A commit from a DynamoDB stream record's NewImage (wire-format attribute values). */
export function commitFromStreamImage(image: Record<string, AttributeValue>): Commit {
  return itemToCommit(unmarshall(image));
}

/** The commit's events with their versions. */
export function eventsOfCommit(commit: Commit): StoredEvent[] {
  return commit.events.map((event, index) => ({
    aggregateId: commit.aggregateId,
    version: commit.version + index,
    committedAt: commit.committedAt,
    event,
  }));
}
