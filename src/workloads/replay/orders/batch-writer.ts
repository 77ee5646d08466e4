import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../core/clock.js';
import type { WriteSlots } from './write-slots.js';

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 10;

export interface WriteCounts {
  written: number;
  /** Items DynamoDB left unprocessed (throttling, partition limits) and that were sent again. */
  retried: number;
}

/**
 * Puts items with BatchWriteItem, 25 at a time, each batch in a write slot; what DynamoDB returns as
 * UnprocessedItems is sent again with exponential backoff and jitter (up to 10 attempts), as AWS asks.
 * Unconditional: for a table nobody else writes to (a new one being rebuilt).
 */
export class BatchWriter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly slots: WriteSlots,
    private readonly clock: Pick<Clock, 'sleep'>,
    private readonly random: () => number = Math.random,
  ) {}

  async write(table: string, items: readonly Record<string, unknown>[]): Promise<WriteCounts> {
    const batches: Array<Record<string, unknown>[]> = [];
    for (let start = 0; start < items.length; start += BATCH_SIZE) batches.push(items.slice(start, start + BATCH_SIZE));
    const counts = await Promise.all(batches.map((batch) => this.slots.run(() => this.writeBatch(table, batch))));
    return counts.reduce(
      (sum, count) => ({ written: sum.written + count.written, retried: sum.retried + count.retried }),
      { written: 0, retried: 0 },
    );
  }

  private async writeBatch(table: string, items: Record<string, unknown>[]): Promise<WriteCounts> {
    let pending = items.map((Item) => ({ PutRequest: { Item } }));
    let retried = 0;
    for (let attempt = 1; ; attempt += 1) {
      const result = await this.db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      const unprocessed = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
      if (unprocessed.length === 0) return { written: items.length, retried };
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(
          `DynamoDB left ${unprocessed.length} item(s) of ${table} unprocessed after ${attempt} attempts`,
        );
      retried += unprocessed.length;
      pending = unprocessed;
      await this.clock.sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + this.random() / 2));
    }
  }
}
