import { BatchGetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../core/clock.js';
import { keyOf, PROJECTIONS, type ReadModelName, type ReadModelRow } from './projections.js';
import type { WriteSlots } from './write-slots.js';

const GET_BATCH = 100;
const MAX_ATTEMPTS = 10;

export interface ConditionalCounts {
  written: number;
  /** Rows the table already held at the same or a newer version (left as they are). */
  current: number;
}

/**
 * Writes rows into a table others write to as well (the live projector): idempotent by version. The
 * stored versions are read in batches (BatchGetItem, unprocessed keys retried), rows already current are
 * skipped, and the rest are put one by one, each conditional on the stored version being older, so an
 * older state never overwrites a newer one, whatever the projector does meanwhile.
 */
export class ConditionalWriter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly slots: WriteSlots,
    private readonly clock: Pick<Clock, 'sleep'>,
  ) {}

  async write(projection: ReadModelName, table: string, rows: readonly ReadModelRow[]): Promise<ConditionalCounts> {
    const stored = await this.storedVersions(projection, table, rows);
    const behind = rows.filter((row) => (stored.get(keyText(projection, row)) ?? 0) < row.version);
    const outcomes = await Promise.all(behind.map((row) => this.slots.run(() => this.putIfNewer(table, row))));
    const written = outcomes.filter(Boolean).length;
    return { written, current: rows.length - written };
  }

  private async storedVersions(
    projection: ReadModelName,
    table: string,
    rows: readonly ReadModelRow[],
  ): Promise<Map<string, number>> {
    const versions = new Map<string, number>();
    const keys = PROJECTIONS[projection].keys;
    const names = Object.fromEntries([...keys, 'version'].map((name, index) => [`#a${index}`, name]));
    const batches: Array<Record<string, unknown>[]> = [];
    const unique = [...new Map(rows.map((row) => [keyText(projection, row), keyOf(projection, row)])).values()];
    for (let start = 0; start < unique.length; start += GET_BATCH) batches.push(unique.slice(start, start + GET_BATCH));
    await Promise.all(
      batches.map((batch) =>
        this.slots.run(async () => {
          let pending: Record<string, unknown>[] = batch;
          for (let attempt = 1; pending.length > 0; attempt += 1) {
            const result = await this.db.send(
              new BatchGetCommand({
                RequestItems: {
                  [table]: {
                    Keys: pending,
                    ConsistentRead: true,
                    ProjectionExpression: Object.keys(names).join(', '),
                    ExpressionAttributeNames: names,
                  },
                },
              }),
            );
            for (const item of result.Responses?.[table] ?? [])
              versions.set(keyText(projection, item), Number(item.version ?? 0));
            pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
            if (pending.length > 0) {
              if (attempt >= MAX_ATTEMPTS)
                throw new Error(
                  `DynamoDB left ${pending.length} key(s) of ${table} unprocessed after ${attempt} attempts`,
                );
              await this.clock.sleep(Math.min(2000, 25 * 2 ** attempt));
            }
          }
        }),
      ),
    );
    return versions;
  }

  private async putIfNewer(table: string, row: ReadModelRow): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: table,
          Item: row,
          ConditionExpression: 'attribute_not_exists(#version) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': row.version },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

function keyText(projection: ReadModelName, row: Record<string, unknown>): string {
  return JSON.stringify(PROJECTIONS[projection].keys.map((key) => row[key]));
}
