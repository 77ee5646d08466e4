import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrderEvent, OrderState } from '../domain/order.js';
import { commitToItem, itemToCommit, type Commit } from './commits.js';

export interface EventStoreTables {
  /** Partition key aggregateId (S), sort key version (N); one item per commit; streamed to the projector. */
  readonly events: string;
  /** Partition key aggregateId (S); the latest snapshot of each aggregate. */
  readonly snapshots: string;
}

/** A command built on a version that is no longer current. */
export class ConcurrencyConflictError extends Error {
  constructor(
    readonly aggregateId: string,
    readonly expectedVersion: number,
  ) {
    super(`order ${aggregateId} changed after version ${expectedVersion}`);
    this.name = 'ConcurrencyConflictError';
  }
}

export interface Snapshot {
  readonly aggregateId: string;
  readonly version: number;
  readonly state: OrderState;
  /** The last commits' command ids, so a retried command is recognised even after a snapshot. */
  readonly recentCommands: ReadonlyArray<{
    readonly commandId: string;
    readonly version: number;
    readonly lastVersion: number;
  }>;
  readonly takenAt: string;
}

export interface ScanPage {
  readonly commits: Commit[];
  /** Pass back to read the next page; undefined when the segment is done. */
  readonly nextKey?: Record<string, unknown>;
}

/** The orders event store on DynamoDB: append with optimistic concurrency, read an aggregate, scan all. */
export class DynamoEventStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tables: EventStoreTables,
  ) {}

  /** Stores one commit; throws ConcurrencyConflictError if a commit already holds its first version. */
  async append(
    aggregateId: string,
    expectedVersion: number,
    commandId: string,
    events: readonly OrderEvent[],
    committedAt: string,
  ): Promise<Commit> {
    if (events.length === 0) throw new Error('a commit needs at least one event');
    const commit: Commit = {
      aggregateId,
      version: expectedVersion + 1,
      lastVersion: expectedVersion + events.length,
      commandId,
      committedAt,
      events,
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tables.events,
          Item: commitToItem(commit),
          ConditionExpression: 'attribute_not_exists(version)',
        }),
      );
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as Error).name === 'ConditionalCheckFailedException'
      ) {
        throw new ConcurrencyConflictError(aggregateId, expectedVersion);
      }
      throw error;
    }
    return commit;
  }

  /** The aggregate's commits with a first version above afterVersion (and at most upToVersion), in order; strongly consistent. */
  async loadCommits(aggregateId: string, afterVersion = 0, upToVersion?: number): Promise<Commit[]> {
    const commits: Commit[] = [];
    let startKey: Record<string, unknown> | undefined;
    const bounded = upToVersion !== undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tables.events,
          KeyConditionExpression: bounded
            ? 'aggregateId = :id AND version BETWEEN :from AND :to'
            : 'aggregateId = :id AND version > :after',
          ExpressionAttributeValues: bounded
            ? { ':id': aggregateId, ':from': afterVersion + 1, ':to': upToVersion }
            : { ':id': aggregateId, ':after': afterVersion },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) commits.push(itemToCommit(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return commits;
  }

  async loadSnapshot(aggregateId: string): Promise<Snapshot | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tables.snapshots, Key: { aggregateId }, ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    return JSON.parse(String(result.Item.snapshot)) as Snapshot;
  }

  /** Saves a snapshot unless a newer one is already stored; returns whether it was saved. */
  async saveSnapshot(snapshot: Snapshot): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tables.snapshots,
          Item: { aggregateId: snapshot.aggregateId, version: snapshot.version, snapshot: JSON.stringify(snapshot) },
          ConditionExpression: 'attribute_not_exists(aggregateId) OR version < :version',
          ExpressionAttributeValues: { ':version': snapshot.version },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** One page of one parallel-scan segment of every commit (for rebuilding read models). */
  async scanCommits(
    segment: number,
    totalSegments: number,
    startKey?: Record<string, unknown>,
    limit?: number,
  ): Promise<ScanPage> {
    const page = await this.db.send(
      new ScanCommand({
        TableName: this.tables.events,
        Segment: segment,
        TotalSegments: totalSegments,
        ExclusiveStartKey: startKey,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return { commits: (page.Items ?? []).map(itemToCommit), nextKey: page.LastEvaluatedKey };
  }
}
