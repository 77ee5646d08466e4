import { z } from 'zod';
import { count, documentSchema, milliseconds } from './common.js';

const latency = z
  .object({
    count,
    p50: milliseconds,
    p95: milliseconds,
    p99: milliseconds,
    max: milliseconds,
    mean: milliseconds,
  })
  .describe('milliseconds, nearest-rank percentiles of count samples (all 0 without samples)')
  .meta({ id: 'LatencySummary' });
const perSecond = z.number().nonnegative();
const rate = z.object({ requested: perSecond, achieved: perSecond.describe('what was sent, per second') });

export const loadRideSharingDocument = documentSchema(
  'load-ride-sharing',
  {
    title: 'awsarch load ride-sharing',
    description:
      "A load run on the ride-sharing bus: events published, and when each consuming service applied each (its idempotency record's completedAt).",
  },
  {
    workload: z.literal('ride-sharing'),
    account: z
      .string()
      .describe('the account the workload runs in, as a label ("the caller\'s account", or id and name)'),
    bus: z.string(),
    runId: z.string().describe("the run's id: its events and rides are load-RUNID-N"),
    consumers: z.array(z.string()).describe('the services that consume the published events'),
    rate,
    durationMs: z.object({ publishing: milliseconds, total: milliseconds }),
    events: z.object({
      published: count,
      rejected: count.describe('entries PutEvents failed'),
      duplicatesSent: count.describe('events published a second time (--duplicates)'),
    }),
    deliveries: z.object({
      expected: count.describe('events x consumers'),
      delivered: count,
      lost: count.describe('not applied by the end of --settle (and of the redrive)'),
      deadLettered: count.describe("messages that reached the stack's queues during the run"),
      redriven: count.describe('dead letters of this run sent back to their function (--redrive)'),
    }),
    duplicatedEffects: count.describe('effects applied more than once (analytics facts beyond one per ride)'),
    latencyMs: z.object({
      delivery: latency.describe('publish to each consumer effect'),
      event: latency.describe("publish to the last consumer's effect, per event"),
    }),
    throughput: z.object({ publishedPerSecond: perSecond, deliveredPerSecond: perSecond }),
  },
);

export const loadOrdersDocument = documentSchema(
  'load-orders',
  {
    title: 'awsarch load orders',
    description:
      'A load run on the orders HTTP API: commands sent, and when the read model showed each (GET /orders/{id}).',
  },
  {
    workload: z.literal('orders'),
    account: z
      .string()
      .describe('the account the workload runs in, as a label ("the caller\'s account", or id and name)'),
    url: z.string().describe("the HTTP API's URL"),
    runId: z.string().describe("the run's id: its orders are load-RUNID-N"),
    rate,
    durationMs: z.object({ sending: milliseconds, total: milliseconds }),
    commands: z.object({
      sent: count,
      accepted: count,
      rejected: count.describe('answered 4xx'),
      failed: count.describe('answered 5xx (or not at all) three times'),
      retried: count.describe('5xx answers retried with the same Idempotency-Key'),
      orders: count,
    }),
    projection: z.object({
      delivered: count.describe('accepted commands the read model shows'),
      lost: count.describe('accepted commands the read model did not show by the end of --settle'),
      duplicated: count.describe('orders whose read model is at a later version than the commands made'),
    }),
    latencyMs: z.object({
      command: latency,
      projectionLag: latency.describe('command accepted to read model showing it'),
      query: latency.describe('GET /orders/{id}'),
    }),
    throughput: z.object({ commandsPerSecond: perSecond }),
  },
);
