import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrderSummary } from './order-summary.js';
import {
  customerOrderRow,
  dailyOrderRow,
  sumDailyTotals,
  type CustomerOrderRow,
  type DailyOrderRow,
  type DailyTotals,
  type ReadModelTables,
} from './read-models.js';

/** The read models on DynamoDB. Every write is conditional on the version, so an older state never overwrites a newer one. */
export class ReadModelStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tables: ReadModelTables,
  ) {}

  async getSummary(orderId: string): Promise<OrderSummary | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tables.summaries, Key: { orderId }, ConsistentRead: true }),
    );
    return result.Item as OrderSummary | undefined;
  }

  /**
   * Writes the three read models of one order. The summary goes last: it is the projector's
   * checkpoint, so a crash in between leaves it behind and the redelivery writes everything again.
   */
  async write(summary: OrderSummary): Promise<void> {
    await this.putIfNewer(this.tables.customerOrders, customerOrderRow(summary));
    const daily = dailyOrderRow(summary);
    if (daily) await this.putIfNewer(this.tables.dailyTotals, daily);
    await this.putIfNewer(this.tables.summaries, summary);
  }

  async customerOrders(
    customerId: string,
    limit = 50,
    startKey?: Record<string, unknown>,
  ): Promise<{ orders: CustomerOrderRow[]; nextKey?: Record<string, unknown> }> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tables.customerOrders,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return { orders: (page.Items ?? []) as CustomerOrderRow[], nextKey: page.LastEvaluatedKey };
  }

  async dailyTotals(day: string): Promise<DailyTotals> {
    const rows: DailyOrderRow[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tables.dailyTotals,
          KeyConditionExpression: '#day = :day',
          ExpressionAttributeNames: { '#day': 'day', '#status': 'status' },
          ExpressionAttributeValues: { ':day': day },
          ProjectionExpression: '#status, currency, totalCents',
          ExclusiveStartKey: startKey,
        }),
      );
      rows.push(...((page.Items ?? []) as DailyOrderRow[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return sumDailyTotals(day, rows);
  }

  /** Puts an item unless the table holds the same or a newer version; returns whether it was written. */
  private async putIfNewer(table: string, item: { version: number } & object): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(version) OR version < :v',
          ExpressionAttributeValues: { ':v': item.version },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
