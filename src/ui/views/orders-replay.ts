import type { OrdersReplayData } from '../../workloads/replay/orders/rebuild-result.js';
import type { HumanBlock } from '../io-host.js';

const count = (value: number) => value.toLocaleString('en-US');

/** `replay orders`: the plan (--dry-run), or what the rebuild read, wrote and switched. */
export function ordersReplayView(data: OrdersReplayData): HumanBlock[] {
  const human: HumanBlock[] = [];
  if (data.dryRun) {
    return [
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
    ];
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
  return human;
}
