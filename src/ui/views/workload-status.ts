import type { WorkloadStatus } from '../../workloads/workload-status.js';
import type { HumanBlock } from '../io-host.js';

/** `awsarch workloads status`: the event source mappings and the dead letters of a deployed workload. */
export function workloadStatusView(status: WorkloadStatus): HumanBlock[] {
  return [
    {
      kind: 'keyValue',
      title: `${status.workload}: stack ${status.stack} ${status.stackStatus} (${status.account})`,
      entries: [
        ['functions', String(status.functions.length)],
        ['dead letters', `${status.deadLettered} failed event(s) waiting`],
      ],
    },
    ...(status.mappings.length > 0
      ? [
          {
            kind: 'table' as const,
            title: 'Event source mappings',
            columns: ['FUNCTION', 'SOURCE', 'STATE', 'LAST RESULT'],
            rows: status.mappings.map((mapping) => [
              mapping.function,
              sourceName(mapping.source),
              mapping.state,
              mapping.lastProcessingResult,
            ]),
          },
        ]
      : []),
    {
      kind: 'table',
      title: 'Dead-letter queues and on-failure destinations',
      columns: ['QUEUE', 'MESSAGES'],
      rows: status.deadLetters.map((queue) => [queue.name, String(queue.messages)]),
    },
  ];
}

/** A table's stream shows as its table, a queue as its name. */
function sourceName(arn: string): string {
  return /:table\/([^/]+)\/stream\//.exec(arn)?.[1] ?? arn.split(':').at(-1) ?? arn;
}
