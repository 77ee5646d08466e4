import { BatchGetCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoEventStore, itemToCommit, type Commit, type OrderSummary } from '#workloads/orders/index.js';
import type { Clock } from '../../../core/clock.js';
import { AggregateFolder, type CompletedAggregate, type ItemKey } from './aggregate-folder.js';
import { BatchWriter } from './batch-writer.js';
import {
  emptyStats,
  mergeStats,
  sumStats,
  type CheckpointStore,
  type RebuildCheckpoint,
  type SegmentStats,
} from './checkpoint.js';
import { ConditionalWriter } from './conditional-writer.js';
import { eventCount, projectCommitsOnto } from './project-aggregate.js';
import { rowOf, type ReadModelRow } from './projections.js';
import type { RebuildPlan } from './rebuild-plan.js';
import { WriteSlots } from './write-slots.js';

export interface RebuildEngineDeps {
  readonly db: DynamoDBDocumentClient;
  readonly clock: Pick<Clock, 'sleep'>;
  /** Aborting stops the rebuild between pages; the checkpoint holds what is done. */
  readonly signal?: AbortSignal;
  /** Called as commits are read (this run only). */
  readonly onProgress?: (read: { commits: number; events: number }) => void;
  /** Scan page size (default: DynamoDB's 1 MB pages). */
  readonly pageSize?: number;
}

/** The rebuild was aborted (Ctrl-C); everything before the checkpoint is written. */
export class RebuildInterruptedError extends Error {
  constructor() {
    super('the rebuild was interrupted');
    this.name = 'RebuildInterruptedError';
  }
}

interface Page {
  readonly commits: Commit[];
  readonly corrupt: Array<{ aggregateId: string; error: string }>;
  readonly nextKey?: ItemKey;
}

/**
 * Rebuilds read models from the event store: every segment of a parallel scan is read page by page (the
 * next page is fetched while the current one is written); commits are grouped into aggregates as they
 * stream by (AggregateFolder), folded with the projector the Lambda runs, and their rows written in
 * batches with bounded concurrency (BatchWriter into a new table, ConditionalWriter in place). After each
 * page the segment's checkpoint moves past everything written, so a killed rebuild resumes there.
 */
export async function runRebuild(
  deps: RebuildEngineDeps,
  plan: RebuildPlan,
  checkpoint: RebuildCheckpoint,
  store: CheckpointStore,
): Promise<SegmentStats> {
  const eventStore = new DynamoEventStore(deps.db, { events: plan.eventsTable, snapshots: plan.snapshotsTable });
  const slots = new WriteSlots(plan.concurrency);
  const batches = new BatchWriter(deps.db, slots, deps.clock);
  const conditional = new ConditionalWriter(deps.db, slots, deps.clock);
  const read = { commits: 0, events: 0 };

  const scanPage = async (segment: number, startKey: ItemKey | undefined): Promise<Page> => {
    const filter =
      plan.fromVersion === undefined
        ? {}
        : { FilterExpression: 'lastVersion >= :from', ExpressionAttributeValues: { ':from': plan.fromVersion } };
    const result = await deps.db.send(
      new ScanCommand({
        TableName: plan.eventsTable,
        Segment: segment,
        TotalSegments: plan.segments,
        ExclusiveStartKey: startKey,
        Limit: deps.pageSize,
        ConsistentRead: true,
        ...filter,
      }),
    );
    const commits: Commit[] = [];
    const corrupt: Page['corrupt'] = [];
    for (const item of result.Items ?? []) {
      try {
        commits.push(itemToCommit(item));
      } catch (error) {
        corrupt.push({ aggregateId: String(item.aggregateId), error: (error as Error).message });
      }
    }
    const next = result.LastEvaluatedKey as ItemKey | undefined;
    return {
      commits,
      corrupt,
      ...(next ? { nextKey: { aggregateId: next.aggregateId, version: Number(next.version) } } : {}),
    };
  };

  /** With --from-version: each order's live summary, the state its later commits are folded onto. */
  const liveSummaries = async (ids: readonly string[]): Promise<Map<string, OrderSummary>> => {
    const found = new Map<string, OrderSummary>();
    for (let start = 0; start < ids.length; start += 100) {
      let keys: Array<Record<string, unknown>> = ids.slice(start, start + 100).map((orderId) => ({ orderId }));
      while (keys.length > 0) {
        const result = await slots.run(() =>
          deps.db.send(
            new BatchGetCommand({ RequestItems: { [plan.summariesTable]: { Keys: keys, ConsistentRead: true } } }),
          ),
        );
        for (const item of result.Responses?.[plan.summariesTable] ?? [])
          found.set(String(item.orderId), item as OrderSummary);
        keys = (result.UnprocessedKeys?.[plan.summariesTable]?.Keys ?? []) as Array<Record<string, unknown>>;
        if (keys.length > 0) await deps.clock.sleep(50);
      }
    }
    return found;
  };

  const projectAndWrite = async (
    completed: CompletedAggregate[],
    stragglers: readonly string[],
    stats: SegmentStats,
  ): Promise<void> => {
    const aggregates = [...completed];
    for (const aggregateId of stragglers) {
      aggregates.push({ aggregateId, commits: await eventStore.loadCommits(aggregateId) });
      stats.stragglers += 1;
    }
    const again = new Set(stragglers);
    const bases =
      plan.fromVersion === undefined
        ? new Map<string, OrderSummary>()
        : await liveSummaries(aggregates.map((aggregate) => aggregate.aggregateId));
    const summaries: OrderSummary[] = [];
    for (const aggregate of aggregates) {
      try {
        let commits = aggregate.commits;
        const base = bases.get(aggregate.aggregateId);
        const first = commits[0]?.version ?? 1;
        if (plan.fromVersion !== undefined && (base?.version ?? 0) < first - 1) {
          // The read model is behind the first commit read: fetch what lies between, as the projector's gap fill does.
          commits = [
            ...(await eventStore.loadCommits(aggregate.aggregateId, base?.version ?? 0, first - 1)),
            ...commits,
          ];
          stats.gapFills += 1;
        }
        const summary = projectCommitsOnto(base, commits);
        if (summary) summaries.push(summary);
        if (!again.has(aggregate.aggregateId)) {
          stats.aggregates += 1;
          if (summary)
            for (const target of plan.targets)
              if (rowOf(target.projection, summary)) stats.rows[target.table] = (stats.rows[target.table] ?? 0) + 1;
        }
      } catch (error) {
        stats.failed.push({ aggregateId: aggregate.aggregateId, error: (error as Error).message });
      }
    }
    await Promise.all(
      plan.targets.map(async (target) => {
        const rows = summaries
          .map((summary) => rowOf(target.projection, summary))
          .filter((row): row is ReadModelRow => row !== undefined);
        if (rows.length === 0) return;
        if (plan.mode === 'new-table') {
          const counts = await batches.write(target.table, rows);
          stats.written[target.table] = (stats.written[target.table] ?? 0) + counts.written;
          stats.retried += counts.retried;
        } else {
          const counts = await conditional.write(target.projection, target.table, rows);
          stats.written[target.table] = (stats.written[target.table] ?? 0) + counts.written;
          stats.current[target.table] = (stats.current[target.table] ?? 0) + counts.current;
        }
      }),
    );
  };

  const runSegment = async (segment: number): Promise<void> => {
    const state = checkpoint.segments[segment];
    if (!state || state.done) return;
    const folder = new AggregateFolder(state.resumeKey);
    let fetching = scanPage(segment, state.resumeKey);
    for (;;) {
      if (deps.signal?.aborted || stopping.signal.aborted) {
        fetching.catch(() => undefined);
        throw new RebuildInterruptedError();
      }
      const page = await fetching;
      if (page.nextKey) {
        // Read ahead while this page is written; a failure shows at the next `await fetching`, not before.
        fetching = scanPage(segment, page.nextKey);
        fetching.catch(() => undefined);
      }
      read.commits += page.commits.length;
      read.events += eventCount(page.commits);
      deps.onProgress?.({ ...read });
      const folded = folder.push(page.commits);
      const completed = page.nextKey ? folded.completed : [...folded.completed, ...folder.finish()];
      // The page's counts join the segment's only together with its new resume key, so whatever a
      // checkpoint holds (another segment may save it meanwhile) is exact for a resume.
      const delta = emptyStats();
      for (const aggregate of completed) {
        delta.commits += aggregate.commits.length;
        delta.events += eventCount(aggregate.commits);
      }
      delta.failed.push(...page.corrupt);
      await projectAndWrite(completed, folded.stragglers, delta);
      mergeStats(state.stats, delta);
      state.resumeKey = folder.resumeKey;
      state.done = page.nextKey === undefined;
      await store.save(checkpoint);
      if (state.done) return;
    }
  };

  // One segment failing stops the others at their next page; the rebuild returns only once all stopped.
  const stopping = new AbortController();
  checkpoint.runs += 1;
  await store.save(checkpoint);
  const outcomes = await Promise.allSettled(
    checkpoint.segments.map((_segment, index) =>
      runSegment(index).catch((error: unknown) => {
        stopping.abort();
        throw error;
      }),
    ),
  );
  const failures = outcomes
    .filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
    .map((outcome) => outcome.reason as unknown);
  if (failures.length > 0) throw failures.find((error) => !(error instanceof RebuildInterruptedError)) ?? failures[0];
  return sumStats(checkpoint.segments);
}
