import { ExitCode } from '../../../core/errors.js';
import { toDocument, type JsonDocument } from '../../../documents/document.js';
import type { CommandResult, HumanBlock } from '../../../ui/io-host.js';
import type { SegmentStats } from './checkpoint.js';
import type { ReadModelName } from './projections.js';
import type { RebuildPlan } from './rebuild-plan.js';
import type { SwitchedReadModel } from './read-model-switch.js';

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

const count = (value: number) => value.toLocaleString('en-US');

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

/** The human and JSON result of `replay orders`. */
export function ordersReplayResult(data: OrdersReplayData): CommandResult<JsonDocument<'replay-orders'>> {
  const document = toDocument('replay-orders', data);
  const human: HumanBlock[] = [];
  if (data.dryRun) {
    return {
      data: document,
      human: [
        {
          kind: 'keyValue',
          title: `Orders read models rebuild plan (${data.mode}); nothing written (--dry-run)`,
          entries: [
            [
              'event store',
              `${data.eventsTable} (${data.estimatedCommits === undefined ? 'unknown number of' : `about ${count(data.estimatedCommits)}`} commits)${data.fromVersion !== undefined ? `, commits from version ${data.fromVersion}` : ''}`,
            ],
            [
              'mode',
              data.mode === 'new-table'
                ? 'into new tables, switched to when complete and verified'
                : 'in place, only rows behind are written, each conditional on its version',
            ],
            ['scan', `${data.segments} parallel segments, ${data.concurrency} writes in flight`],
            [
              'checkpoint',
              data.resumed
                ? `${data.checkpoint}: would resume, ${count(data.eventsRead)} events already done`
                : 'none: would start from the beginning',
            ],
          ],
        },
        {
          kind: 'table',
          columns: ['projection', 'into', 'serving now'],
          rows: data.targets.map((target) => [target.projection, target.table, target.liveTable]),
        },
      ],
    };
  }
  human.push({
    kind: 'keyValue',
    title: `Orders read models rebuilt (${data.mode})`,
    entries: [
      [
        'event store',
        `${data.eventsTable}${data.fromVersion !== undefined ? ` (commits from version ${data.fromVersion})` : ''}`,
      ],
      [
        'events read',
        `${count(data.eventsRead)} in ${count(data.commitsRead)} commits${data.resumed ? ` (${count(data.eventsThisRun)} this run, resumed)` : ''}`,
      ],
      ['aggregates', count(data.aggregates)],
      [
        'items written',
        `${count(data.itemsWritten)}${data.mode === 'in-place' ? ` (${count(data.itemsCurrent)} already current)` : ''}`,
      ],
      ['duration', `${(data.durationMs / 1000).toFixed(1)} s, ${count(data.eventsPerSecond)} events/s`],
      ['scan', `${data.segments} parallel segments, ${data.concurrency} writes in flight`],
      ...(data.stragglers
        ? ([['re-read', `${count(data.stragglers)} aggregates seen again after completion`]] as Array<[string, string]>)
        : []),
      ...(data.gapFills
        ? ([['gap fills', `${count(data.gapFills)} aggregates read from before --from-version`]] as Array<
            [string, string]
          >)
        : []),
      ...(data.retriedItems
        ? ([['retried', `${count(data.retriedItems)} unprocessed items sent again`]] as Array<[string, string]>)
        : []),
      ...(data.catchUp
        ? ([
            [
              'catch-up',
              `${count(data.catchUp.aggregates)} orders changed during the rebuild, ${count(data.catchUp.written)} rows updated`,
            ],
          ] as Array<[string, string]>)
        : []),
    ],
  });
  human.push({
    kind: 'table',
    columns: ['projection', 'table', 'rows', 'written', ...(data.mode === 'in-place' ? ['current'] : ['serving'])],
    rows: data.targets.map((target) => [
      target.projection,
      target.table,
      count(target.rows),
      count(target.written),
      data.mode === 'in-place'
        ? count(target.current)
        : data.switched?.some((switched) => switched.to === target.table)
          ? 'yes (switched)'
          : 'no',
    ]),
  });
  if (data.failed.length > 0) {
    human.push({
      kind: 'table',
      title: 'Aggregates that could not be projected',
      columns: ['aggregate', 'why'],
      rows: data.failed.map((failure) => [failure.aggregateId, failure.error]),
    });
  }
  return { data: document, human, exitCode: data.failed.length > 0 ? ExitCode.Failed : ExitCode.Ok };
}
