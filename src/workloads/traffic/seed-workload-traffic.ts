import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { commitToItem } from '#workloads/orders/index.js';
import { systemClock } from '../../core/clock.js';
import type { WorkloadAccount } from '../replay/workload-stack.js';
import { readWorkloadStack, requiredOutput } from '../replay/workload-stack.js';
import { BatchWriter } from '../replay/orders/batch-writer.js';
import { WriteSlots } from '../replay/orders/write-slots.js';
import { generateOrderHistory } from './orders-history.js';
import { simulateRides } from './ride-simulation.js';

const DAY_MS = 86_400_000;

export interface TrafficSummary {
  readonly created: string[];
  readonly existing: string[];
}

/**
 * Orders for the deployed orders workload: a generated history (decided by the workload's rules) written
 * into its event store as the command side writes it, one item per commit. The table's stream feeds the
 * projector, which builds the read models (in the sandbox too: its Lambda runs from the stream).
 * Deterministic per day.
 */
export async function seedOrdersTraffic(account: WorkloadAccount, count: number, now: number): Promise<TrafficSummary> {
  const stack = await readWorkloadStack(account, 'Orders', 'orders');
  const events = requiredOutput(stack, 'EventsTableName', 'orders');
  const db = DynamoDBDocumentClient.from(account.aws.client(DynamoDBClient), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const commits = [
    ...generateOrderHistory({ orders: count, start: today - 14 * DAY_MS, spanMs: 13 * DAY_MS, idPrefix: 'order' }),
  ];
  await new BatchWriter(db, new WriteSlots(8), systemClock).write(
    events,
    commits.map((commit) => commitToItem(commit) as unknown as Record<string, unknown>),
  );
  const eventCount = commits.reduce((sum, commit) => sum + commit.events.length, 0);
  return {
    created: [
      `${count} orders: ${commits.length} commits, ${eventCount} events in ${events}`,
      "the read models follow from the event store's stream (the projector)",
    ],
    existing: [],
  };
}

/**
 * Rides through the deployed ride-sharing services (see ride-simulation.ts): every event on the bus is
 * published by a service and consumed by the others, and archived for `awsarch replay ride-sharing`.
 */
export async function seedRideSharingTraffic(
  account: WorkloadAccount,
  count: number,
  now: number,
): Promise<TrafficSummary> {
  const prefix = `ride-${Math.floor(now / 1000).toString(36)}`;
  const summary = await simulateRides(account, { rides: count, prefix });
  return {
    created: [
      `${summary.rides} rides (${prefix}-*) through the six services: ${summary.completed} completed, ${summary.cancelled} cancelled by the rider, ${summary.noDriver} without a driver; ${summary.drivers} drivers online (${(summary.durationMs / 1000).toFixed(1)}s)`,
    ],
    existing: [],
  };
}
