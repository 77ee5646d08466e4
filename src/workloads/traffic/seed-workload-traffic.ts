import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  commitToItem,
  DynamoEventStore,
  projectCommits,
  ReadModelStore,
  type Commit,
} from '#workloads/orders/index.js';
import { EventBridgePublisher } from '#workloads/ride-sharing/index.js';
import { systemClock } from '../../core/clock.js';
import type { WorkloadAccount } from '../replay/workload-stack.js';
import { readWorkloadStack, requiredOutput } from '../replay/workload-stack.js';
import { BatchWriter } from '../replay/orders/batch-writer.js';
import { WriteSlots } from '../replay/orders/write-slots.js';
import { generateOrderHistory } from './orders-history.js';
import { generateRideHistory } from './ride-history.js';
import { seededRandom } from './random.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface TrafficSummary {
  readonly created: string[];
  readonly existing: string[];
}

/**
 * Orders for the deployed orders workload: a generated history (decided by the workload's rules) written
 * into its event store as the command side writes it, one item per commit, and projected by the
 * projector's own code (projectCommits) as its stream would deliver it, except for about one order in
 * ten, which the read models then lack: what `awsarch replay orders` repairs. Deterministic per day.
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
  const random = seededRandom(today / DAY_MS);
  const missed = new Set<string>();
  for (const commit of commits) if (commit.version === 1 && random() < 0.1) missed.add(commit.aggregateId);
  const delivered = commits.filter((commit) => !missed.has(commit.aggregateId));
  const deps = {
    store: new DynamoEventStore(db, { events, snapshots: requiredOutput(stack, 'SnapshotsTableName', 'orders') }),
    readModels: new ReadModelStore(db, {
      summaries: requiredOutput(stack, 'SummariesTableName', 'orders'),
      customerOrders: requiredOutput(stack, 'CustomerOrdersTableName', 'orders'),
      dailyTotals: requiredOutput(stack, 'DailyTotalsTableName', 'orders'),
    }),
  };
  for (let start = 0; start < delivered.length; start += 500)
    await projectCommits(deps, delivered.slice(start, start + 500) as Commit[]);
  const eventCount = commits.reduce((sum, commit) => sum + commit.events.length, 0);
  return {
    created: [
      `${count} orders: ${commits.length} commits, ${eventCount} events in ${events}`,
      `projected by the projector's code as its stream would deliver them, except ${missed.size} orders the read models now lack`,
    ],
    existing: [],
  };
}

/**
 * Rides for the deployed ride-sharing workload: a generated six hours of its events (the services'
 * schemas, ids derived from their cause), published to its bus with their own times, up to 11 minutes
 * ago, so the archive holds them for `awsarch replay ride-sharing --from 6h --to 11m`.
 */
export async function seedRideSharingTraffic(
  account: WorkloadAccount,
  count: number,
  now: number,
): Promise<TrafficSummary> {
  const stack = await readWorkloadStack(account, 'RideSharing', 'ride-sharing');
  const bus = requiredOutput(stack, 'EventBusName', 'ride-sharing');
  const end = now - 11 * 60_000;
  const events = generateRideHistory({ rides: count, start: end - 6 * HOUR_MS, spanMs: 6 * HOUR_MS - HOUR_MS }).filter(
    (event) => Date.parse(event.detail.occurredAt) < end,
  );
  await new EventBridgePublisher(account.aws.client(EventBridgeClient), bus).publish(events);
  return {
    created: [
      `${count} rides: ${events.length} events published to bus ${bus}, from ${new Date(end - 6 * HOUR_MS).toISOString()} to ${new Date(end).toISOString()}`,
    ],
    existing: [],
  };
}
