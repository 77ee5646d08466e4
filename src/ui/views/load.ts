import type { LatencySummary } from '../../workloads/load/latency-stats.js';
import type { OrdersLoadResult } from '../../workloads/load/orders-load.js';
import type { RideSharingLoadResult } from '../../workloads/load/ride-sharing-load.js';
import type { HumanBlock } from '../io-host.js';

const ms = (value: number) => `${Math.round(value)} ms`;

function latencyRow(label: string, summary: LatencySummary): string[] {
  return [label, String(summary.count), ms(summary.p50), ms(summary.p95), ms(summary.p99), ms(summary.max)];
}

function latencyTable(rows: string[][]): HumanBlock {
  return { kind: 'table', title: 'Latency', columns: ['MEASURE', 'SAMPLES', 'P50', 'P95', 'P99', 'MAX'], rows };
}

/** `awsarch load`: the run's figures. */
export function loadView(result: RideSharingLoadResult | OrdersLoadResult): HumanBlock[] {
  return result.workload === 'ride-sharing' ? rideSharingView(result) : ordersView(result);
}

function rideSharingView(result: RideSharingLoadResult): HumanBlock[] {
  const { deliveries } = result;
  const human: HumanBlock[] = [
    {
      kind: 'keyValue',
      title: `ride-sharing load ${result.runId} on bus ${result.bus} (${result.account})`,
      entries: [
        ['rate', `${result.rate.achieved} events/s published (${result.rate.requested} requested)`],
        [
          'events',
          `${result.events.published} published, ${result.events.rejected} rejected, ${result.events.duplicatesSent} sent twice`,
        ],
        ['consumers', result.consumers.join(', ')],
        [
          'deliveries',
          `${deliveries.delivered} of ${deliveries.expected} applied, ${deliveries.lost} lost` +
            (deliveries.deadLettered || deliveries.redriven
              ? ` (${deliveries.deadLettered} dead-lettered, ${deliveries.redriven} redriven)`
              : ''),
        ],
        ['duplicated effects', String(result.duplicatedEffects)],
        [
          'throughput',
          `${result.throughput.publishedPerSecond} events/s in, ${result.throughput.deliveredPerSecond} effects/s applied`,
        ],
        [
          'time',
          `${(result.durationMs.publishing / 1000).toFixed(1)}s publishing, ${(result.durationMs.total / 1000).toFixed(1)}s in all`,
        ],
      ],
    },
    latencyTable([
      latencyRow('publish → consumer effect', result.latencyMs.delivery),
      latencyRow('publish → last consumer', result.latencyMs.event),
    ]),
  ];
  return human;
}

function ordersView(result: OrdersLoadResult): HumanBlock[] {
  const { commands, projection } = result;
  const human: HumanBlock[] = [
    {
      kind: 'keyValue',
      title: `orders load ${result.runId} on ${result.url} (${result.account})`,
      entries: [
        ['rate', `${result.rate.achieved} commands/s sent (${result.rate.requested} requested)`],
        [
          'commands',
          `${commands.sent} sent for ${commands.orders} orders: ${commands.accepted} accepted, ${commands.rejected} rejected, ${commands.failed} failed, ${commands.retried} retried`,
        ],
        [
          'read model',
          `${projection.delivered} commands shown, ${projection.lost} lost, ${projection.duplicated} orders with an effect applied twice`,
        ],
        ['throughput', `${result.throughput.commandsPerSecond} commands/s accepted`],
        [
          'time',
          `${(result.durationMs.sending / 1000).toFixed(1)}s sending, ${(result.durationMs.total / 1000).toFixed(1)}s in all`,
        ],
      ],
    },
    latencyTable([
      latencyRow('command', result.latencyMs.command),
      latencyRow('command → read model', result.latencyMs.projectionLag),
      latencyRow('query (GET /orders/{id})', result.latencyMs.query),
    ]),
  ];
  return human;
}
