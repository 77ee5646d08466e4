import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

/** The bus archive keeps events seven years (EventBridge counts retention in days). */
export const ARCHIVE_RETENTION_DAYS = 2557;

/** Idempotency records outlive the archive, so replaying any archived event is recognised as a duplicate. */
export const IDEMPOTENCY_RETENTION_DAYS = ARCHIVE_RETENTION_DAYS + 30;

export type ClaimResult = 'claimed' | 'completed' | 'in-progress';

/**
 * The first line of every consumer's idempotency: one record per consumer and event id, claimed with a
 * conditional write before processing and marked completed after. A redelivered or replayed event finds
 * it completed and has no second effect; a crashed attempt's claim expires after the lease.
 */
export class IdempotencyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly consumer: string,
    private readonly now: () => number = Date.now,
    private readonly leaseMs = 5 * 60_000,
  ) {}

  async claim(eventId: string): Promise<ClaimResult> {
    const now = this.now();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: this.key(eventId),
            status: 'in-progress',
            leaseExpiresAt: now + this.leaseMs,
            expiresAt: Math.floor(now / 1000) + IDEMPOTENCY_RETENTION_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :inProgress AND leaseExpiresAt < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'in-progress', ':now': now },
        }),
      );
      return 'claimed';
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const existing = await this.db.send(
        new GetCommand({ TableName: this.table, Key: { pk: this.key(eventId) }, ConsistentRead: true }),
      );
      return existing.Item?.status === 'completed' ? 'completed' : 'in-progress';
    }
  }

  async complete(eventId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: this.key(eventId) },
        UpdateExpression: 'SET #status = :completed, completedAt = :now REMOVE leaseExpiresAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':completed': 'completed', ':now': new Date(this.now()).toISOString() },
      }),
    );
  }

  /** Gives up a claim after a failure so the retry need not wait for the lease. */
  async release(eventId: string): Promise<void> {
    await this.db
      .send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: this.key(eventId) },
          ConditionExpression: '#status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'in-progress' },
        }),
      )
      .catch(() => undefined);
  }

  private key(eventId: string): string {
    return `${this.consumer}#${eventId}`;
  }
}
