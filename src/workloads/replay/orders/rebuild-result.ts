import type { Outcome } from '../../../core/outcome.js';
import type { SegmentStats } from './checkpoint.js';
import type { ReadModelName } from './projections.js';
import type { RebuildPlan } from './rebuild-plan.js';
import type { SwitchedReadModel } from './read-model-switch.js';

/** The JSON of `replay orders`. */
export interface OrdersReplayData {
  readonly workload: 'orders';
  readonly account?: string;
  readonly mode: RebuildPlan['mode'];
  readonly dryRun: boolean;
  readonly eventsTable: string;
  readonly fromVersion?: number;
  readonly segments: number;
  readonly concurrency: number;
  readonly targets: ReadonlyArray<{
    projection: ReadModelName;
    table: string;
    liveTable: string;
    rows: number;
    written: number;
    current: number;
  }>;
  /** Totals over every run of this rebuild (a resumed one included). */
  readonly eventsRead: number;
  readonly commitsRead: number;
  readonly aggregates: number;
  readonly itemsWritten: number;
  /** In place: rows the tables already held at the same or a newer version. */
  readonly itemsCurrent: number;
  readonly retriedItems: number;
  readonly stragglers: number;
  readonly gapFills: number;
  readonly failed: ReadonlyArray<{ aggregateId: string; error: string }>;
  /** This run. */
  readonly durationMs: number;
  readonly eventsThisRun: number;
  readonly eventsPerSecond: number;
  readonly resumed: boolean;
  readonly runs: number;
  readonly checkpoint?: string;
  readonly estimatedCommits?: number;
  readonly switched?: readonly SwitchedReadModel[];
  readonly catchUp?: { readonly aggregates: number; readonly written: number };
}

export function statsOf(plan: RebuildPlan, totals: SegmentStats) {
  return {
    targets: plan.targets.map((target) => ({
      projection: target.projection,
      table: target.table,
      liveTable: target.liveTable,
      rows: totals.rows[target.table] ?? 0,
      written: totals.written[target.table] ?? 0,
      current: totals.current[target.table] ?? 0,
    })),
    eventsRead: totals.events,
    commitsRead: totals.commits,
    aggregates: totals.aggregates,
    itemsWritten: Object.values(totals.written).reduce((sum, value) => sum + value, 0),
    itemsCurrent: Object.values(totals.current).reduce((sum, value) => sum + value, 0),
    retriedItems: totals.retried,
    stragglers: totals.stragglers,
    gapFills: totals.gapFills,
    failed: totals.failed,
  };
}

/** Failed when some orders could not be projected (they are listed; a new table is then not switched to). */
export function ordersReplayOutcome(data: OrdersReplayData): Outcome {
  return data.failed.length > 0 ? 'failed' : 'ok';
}
