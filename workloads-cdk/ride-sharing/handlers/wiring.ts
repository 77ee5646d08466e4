import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/runtime/dynamo.js';
import { requiredEnv } from '../../shared/runtime/environment.js';
import { IdempotencyStore } from '../runtime/idempotency.js';
import { eventBridgePublisher, type EventPublisher } from '../runtime/publisher.js';
import { TABLE_ENV, type RideSharingTables } from '../services/stores.js';

/** What every ride-sharing Lambda builds once per container from its environment. */
export interface Runtime {
  readonly db: DynamoDBDocumentClient;
  readonly publisher: EventPublisher;
  table(role: keyof RideSharingTables): string;
  idempotency(consumer: string): IdempotencyStore;
  now(): string;
}

export function runtimeFromEnvironment(): Runtime {
  const db = documentClient();
  return {
    db,
    publisher: eventBridgePublisher(requiredEnv('BUS_NAME')),
    table: (role) => requiredEnv(TABLE_ENV[role]),
    idempotency: (consumer) => new IdempotencyStore(db, requiredEnv(TABLE_ENV.idempotency), consumer),
    now: () => new Date().toISOString(),
  };
}
