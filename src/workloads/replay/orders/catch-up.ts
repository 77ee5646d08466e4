import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoEventStore } from '#workloads/orders/index.js';
import type { Clock } from '../../../core/clock.js';
import { mapWithConcurrency } from '../../../core/concurrency.js';
import { ConditionalWriter } from './conditional-writer.js';
import { projectCommitsOnto } from './project-aggregate.js';
import { rowOf, type ReadModelRow } from './projections.js';
import type { RebuildPlan } from './rebuild-plan.js';
import { WriteSlots } from './write-slots.js';

export interface CatchUpResult {
  readonly aggregates: number;
  readonly written: number;
}

/**
 * After the switch: the live projector wrote to the old tables until the stack update reached it, so
 * every order with a commit since the rebuild began (minus a margin for clock skew) is projected again
 * into the new tables, idempotently by version. Usually a handful; none in a quiet system.
 */
export async function catchUpSince(
  deps: { readonly db: DynamoDBDocumentClient; readonly clock: Pick<Clock, 'sleep'> },
  plan: RebuildPlan,
  since: number,
): Promise<CatchUpResult> {
  const sinceIso = new Date(since - 5 * 60_000).toISOString();
  const ids = new Set<string>();
  await Promise.all(
    Array.from({ length: plan.segments }, async (_unused, segment) => {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await deps.db.send(
          new ScanCommand({
            TableName: plan.eventsTable,
            Segment: segment,
            TotalSegments: plan.segments,
            FilterExpression: 'committedAt >= :since',
            ExpressionAttributeValues: { ':since': sinceIso },
            ProjectionExpression: 'aggregateId',
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) ids.add(String(item.aggregateId));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }),
  );
  const store = new DynamoEventStore(deps.db, { events: plan.eventsTable, snapshots: plan.snapshotsTable });
  const writer = new ConditionalWriter(deps.db, new WriteSlots(plan.concurrency), deps.clock);
  const written = await mapWithConcurrency([...ids], plan.concurrency, async (aggregateId) => {
    const summary = projectCommitsOnto(undefined, await store.loadCommits(aggregateId));
    if (!summary) return 0;
    let count = 0;
    for (const target of plan.targets) {
      const row = rowOf(target.projection, summary);
      if (row) count += (await writer.write(target.projection, target.table, [row as ReadModelRow])).written;
    }
    return count;
  });
  return { aggregates: ids.size, written: written.reduce((sum, count) => sum + count, 0) };
}
