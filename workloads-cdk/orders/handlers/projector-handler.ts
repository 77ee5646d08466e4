import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../../shared/runtime/dynamo.js';
import { requiredEnv } from '../../shared/runtime/environment.js';
import { projectCommits, type ProjectorDeps } from '../application/projector-service.js';
import { commitFromStreamImage, type Commit } from '../event-store/commits.js';
import { DynamoEventStore } from '../event-store/event-store.js';
import { ReadModelStore } from '../projection/read-model-store.js';

/** The part of a DynamoDB stream record the projector reads. */
export interface StreamRecord {
  readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly dynamodb?: { readonly NewImage?: Record<string, AttributeValue>; readonly SequenceNumber?: string };
}

export interface StreamBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/**
 * The projector on the event store's stream. Commits are only ever inserted; an aggregate that fails
 * is reported from its first record, so Lambda delivers it (and what follows) again: harmless, the
 * projection is idempotent by version.
 */
export function createProjectorHandler(
  deps: ProjectorDeps,
  log: (line: string) => void = console.error,
): (event: { Records: StreamRecord[] }) => Promise<StreamBatchResponse> {
  return async (event) => {
    const firstRecordOf = new Map<string, string>();
    const commits: Commit[] = [];
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      if (record.eventName !== 'INSERT' || !image) continue;
      const commit = commitFromStreamImage(image);
      commits.push(commit);
      const sequence = record.dynamodb?.SequenceNumber;
      if (sequence && !firstRecordOf.has(commit.aggregateId)) firstRecordOf.set(commit.aggregateId, sequence);
    }
    const stats = await projectCommits(deps, commits);
    for (const failure of stats.failed)
      log(
        JSON.stringify({
          message: 'projection failed',
          aggregateId: failure.aggregateId,
          error: String(failure.error),
        }),
      );
    const failures = stats.failed
      .map((failure) => firstRecordOf.get(failure.aggregateId))
      .filter((sequence): sequence is string => sequence !== undefined);
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

let configured: ReturnType<typeof createProjectorHandler> | undefined;

/** Lambda entry point (DynamoDB Streams event source with ReportBatchItemFailures). */
export async function handler(event: { Records: StreamRecord[] }): Promise<StreamBatchResponse> {
  if (!configured) {
    const db = documentClient();
    configured = createProjectorHandler({
      store: new DynamoEventStore(db, {
        events: requiredEnv('EVENTS_TABLE'),
        snapshots: requiredEnv('SNAPSHOTS_TABLE'),
      }),
      readModels: new ReadModelStore(db, {
        summaries: requiredEnv('SUMMARIES_TABLE'),
        customerOrders: requiredEnv('CUSTOMER_ORDERS_TABLE'),
        dailyTotals: requiredEnv('DAILY_TOTALS_TABLE'),
      }),
    });
  }
  return configured(event);
}
