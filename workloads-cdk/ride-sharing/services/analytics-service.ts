import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { factFor, summarizeHour, type HourlyCityStats, type RideFact } from '../domain/analytics.js';
import { consumeOnce, type ConsumeOutcome, type EventBridgeEvent } from '../runtime/consumer.js';
import type { IdempotencyStore } from '../runtime/idempotency.js';

export interface AnalyticsServiceDeps {
  readonly db: DynamoDBDocumentClient;
  readonly table: string;
  readonly idempotency: IdempotencyStore;
}

/**
 * Analytics per city and hour. Each ride event stores one fact keyed by city-hour and ride, and the
 * aggregate is summed from the facts: a fact can only be stored once, so nothing is counted twice even
 * without a transaction between the idempotency record and the aggregate.
 */
export function createAnalyticsService(deps: AnalyticsServiceDeps) {
  return {
    async event(raw: EventBridgeEvent): Promise<ConsumeOutcome> {
      return consumeOnce(deps.idempotency, raw, async (event) => {
        const fact = factFor(event);
        if (!fact) return;
        await deps.db
          .send(
            new PutCommand({
              TableName: deps.table,
              Item: { cityHour: `${fact.city}#${fact.hour}`, factKey: `${fact.kind}#${fact.rideId}`, ...fact },
              ConditionExpression: 'attribute_not_exists(factKey)',
            }),
          )
          .catch((error: Error) => {
            if (error.name !== 'ConditionalCheckFailedException') throw error;
          });
      });
    },

    /** The aggregate of one city in one hour (YYYY-MM-DDTHH, UTC). */
    async hourlyStats(city: string, hour: string): Promise<HourlyCityStats> {
      const facts: RideFact[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await deps.db.send(
          new QueryCommand({
            TableName: deps.table,
            KeyConditionExpression: 'cityHour = :k',
            ExpressionAttributeValues: { ':k': `${city}#${hour}` },
            ExclusiveStartKey: startKey,
          }),
        );
        facts.push(...((page.Items ?? []) as RideFact[]));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return summarizeHour(city, hour, facts);
    },
  };
}
