import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toAwsarchError } from '../../aws/aws-errors.js';

/** One expected effect: a consumer's idempotency record for an event. */
interface Expected {
  readonly publishedAt: number;
  completedAt?: number;
}

const BATCH_GET_KEYS = 100;

/**
 * Watches the ride-sharing services' idempotency table: a consumer that applied an event marks its record
 * CONSUMER#eventId completed with the time (completedAt), so the effect and its moment are read back with
 * BatchGetItem, without touching the services. Works the same on AWS and in the sandbox.
 */
export class EffectTracker {
  private readonly expected = new Map<string, Expected>();
  private readonly pending: string[] = [];

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  expect(key: string, publishedAt: number): void {
    if (this.expected.has(key)) return;
    this.expected.set(key, { publishedAt });
    this.pending.push(key);
  }

  get expectedCount(): number {
    return this.expected.size;
  }

  get completedCount(): number {
    return this.expected.size - this.pending.length;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Delivery latencies (completedAt - publishedAt) of the effects seen so far, by key. */
  completed(): Array<{ key: string; publishedAt: number; completedAt: number }> {
    return [...this.expected]
      .filter(([, entry]) => entry.completedAt !== undefined)
      .map(([key, entry]) => ({ key, publishedAt: entry.publishedAt, completedAt: entry.completedAt as number }));
  }

  /** Keys still not applied. */
  missing(): string[] {
    return [...this.pending];
  }

  /** Reads up to maxKeys pending records (oldest first); returns how many turned out completed. */
  async poll(maxKeys: number): Promise<number> {
    const keys = this.pending.slice(0, maxKeys);
    let found = 0;
    for (let start = 0; start < keys.length; start += BATCH_GET_KEYS) {
      let request:
        | Record<
            string,
            {
              Keys: Array<Record<string, unknown>>;
              ConsistentRead: boolean;
              ProjectionExpression: string;
              ExpressionAttributeNames: Record<string, string>;
            }
          >
        | undefined = {
        [this.table]: {
          Keys: keys.slice(start, start + BATCH_GET_KEYS).map((pk) => ({ pk })),
          ConsistentRead: true,
          ProjectionExpression: 'pk, #status, completedAt',
          ExpressionAttributeNames: { '#status': 'status' },
        },
      };
      while (request && Object.keys(request).length > 0) {
        let response;
        try {
          response = await this.db.send(new BatchGetCommand({ RequestItems: request }));
        } catch (error) {
          throw toAwsarchError(error, `Reading the idempotency table ${this.table}`);
        }
        for (const item of response.Responses?.[this.table] ?? []) {
          const entry = this.expected.get(String(item.pk));
          if (!entry || item.status !== 'completed' || typeof item.completedAt !== 'string') continue;
          if (entry.completedAt === undefined) found += 1;
          entry.completedAt = Date.parse(item.completedAt);
        }
        request = response.UnprocessedKeys as typeof request;
      }
    }
    if (found > 0) {
      const stillPending = this.pending.filter((key) => this.expected.get(key)?.completedAt === undefined);
      this.pending.splice(0, this.pending.length, ...stillPending);
    }
    return found;
  }
}
