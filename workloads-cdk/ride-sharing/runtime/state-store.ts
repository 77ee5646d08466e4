import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RideEvent } from '../events/catalog.js';
import type { Decision } from '../domain/decisions.js';
import type { EventPublisher } from './publisher.js';

/** A service's record as stored: its state, a version for optimistic concurrency, and its outbox. */
export interface Versioned<S> {
  readonly state: S;
  readonly version: number;
  /** Events decided with this state and not yet confirmed published. */
  readonly outbox: readonly RideEvent[];
}

export interface StateStoreOptions<S> {
  readonly table: string;
  /** The partition key attribute, e.g. rideId. */
  readonly keyName: string;
  /** Extra attributes derived from the state (e.g. for a sparse index); left out while undefined. */
  readonly indexAttributes?: {
    readonly names: readonly string[];
    of(state: S): Record<string, string | number | undefined>;
  };
}

/**
 * One item per entity: the state's fields, `version` and `outbox`. Writes are conditional on the version
 * read, so concurrent handlers never overwrite each other; the outbox is written with the state, so the
 * events of a transition survive a crash before they are published (the next touch publishes them).
 */
export class StateStore<S extends object> {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly options: StateStoreOptions<S>,
  ) {}

  async get(key: string): Promise<Versioned<S> | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.options.table, Key: { [this.options.keyName]: key }, ConsistentRead: true }),
    );
    return result.Item ? this.fromItem(result.Item) : undefined;
  }

  /** Writes the state if the stored version is still `expectedVersion` (0: the item must not exist). */
  async put(state: S, outbox: readonly RideEvent[], expectedVersion: number): Promise<boolean> {
    const item = { ...this.indexes(state), ...state, version: expectedVersion + 1, outbox: JSON.stringify(outbox) };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.options.table,
          Item: item,
          ...(expectedVersion === 0
            ? { ConditionExpression: `attribute_not_exists(${this.options.keyName})` }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Empties the outbox once its events are published, unless the item moved on (then its writer published them). */
  async clearOutbox(key: string, version: number): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.options.table,
          Key: { [this.options.keyName]: key },
          UpdateExpression: 'SET outbox = :empty',
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':empty': '[]', ':version': version },
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  private indexes(state: S): Record<string, string | number> {
    const attributes = this.options.indexAttributes?.of(state) ?? {};
    return Object.fromEntries(
      Object.entries(attributes).filter((entry): entry is [string, string | number] => entry[1] !== undefined),
    );
  }

  private fromItem(item: Record<string, unknown>): Versioned<S> {
    const { version, outbox, ...rest } = item;
    for (const name of this.options.indexAttributes?.names ?? []) delete rest[name];
    return {
      state: rest as S,
      version: Number(version),
      outbox: typeof outbox === 'string' ? (JSON.parse(outbox) as RideEvent[]) : [],
    };
  }
}

export type TransitionResult<S> = Decision<S> & { readonly version?: number };

const MAX_CONFLICT_RETRIES = 8;

/**
 * Read, decide, write, publish: the one way services change state. First publishes whatever an earlier
 * attempt left in the outbox; retries the decision on a version conflict; publishes the decided events
 * and then clears the outbox.
 */
export async function transition<S extends object>(
  store: StateStore<S>,
  key: string,
  publisher: EventPublisher,
  decide: (current: S | undefined) => Decision<S>,
): Promise<TransitionResult<S>> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await store.get(key);
    if (current && current.outbox.length > 0) {
      await publisher.publish(current.outbox);
      await store.clearOutbox(key, current.version);
    }
    const decision = decide(current?.state);
    if (decision.kind !== 'changed') return decision;
    const version = (current?.version ?? 0) + 1;
    if (await store.put(decision.state, decision.events, current?.version ?? 0)) {
      if (decision.events.length > 0) {
        await publisher.publish(decision.events);
        await store.clearOutbox(key, version);
      }
      return { ...decision, version };
    }
    if (attempt >= MAX_CONFLICT_RETRIES) throw new Error(`${key}: gave up after ${attempt} concurrent updates`);
  }
}
