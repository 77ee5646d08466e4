import { z } from 'zod';
import { accountId, count, documentSchema, isoTime, milliseconds } from './common.js';

const replay = z
  .object({
    name: z.string(),
    arn: z.string().optional(),
    state: z
      .enum(['PLANNED', 'STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED', 'UNKNOWN'])
      .describe("EventBridge's replay state; PLANNED for a dry run"),
    stateReason: z.string().optional(),
    archiveArn: z.string().optional(),
    destination: z
      .object({
        busArn: z.string().optional(),
        rules: z.array(z.string()).optional().describe('rule ARNs; absent: every rule of the bus'),
      })
      .optional(),
    eventStartTime: isoTime.optional(),
    eventEndTime: isoTime.optional(),
    eventLastReplayedTime: isoTime.optional(),
    replayStartTime: isoTime.optional(),
    replayEndTime: isoTime.optional(),
    share: z.number().min(0).max(1).describe('the share of the window replayed'),
  })
  .meta({ id: 'Replay' });

export const replayRideSharingDocument = documentSchema(
  'replay-ride-sharing',
  {
    title: 'awsarch replay ride-sharing',
    description: "A replay of a window of the ride-sharing bus's archive (with --wait: followed to its end).",
  },
  {
    workload: z.literal('ride-sharing'),
    account: accountId.optional().describe("absent: the caller's account"),
    bus: z.object({ name: z.string(), arn: z.string() }),
    archive: z.object({ name: z.string(), arn: z.string(), eventCount: count, retentionDays: count }),
    window: z.object({ from: isoTime, to: isoTime }),
    rules: z.array(z.string()).describe('the rules replayed to (names); empty: every rule of the bus'),
    warnings: z
      .array(z.object({ code: z.string(), message: z.string() }))
      .describe('parts of the window that cannot be replayed'),
    dryRun: z.boolean(),
    replay,
    waited: z.boolean(),
    cancelledByUser: z.boolean().optional().describe('Ctrl-C while waiting, answered with cancel'),
    durationMs: milliseconds,
  },
);

export const replayStatusDocument = documentSchema(
  'replay-status',
  { title: 'awsarch replay status', description: 'One replay (with --wait: once it has ended).' },
  { replay },
);

export const replayCancelDocument = documentSchema(
  'replay-cancel',
  { title: 'awsarch replay cancel', description: 'The replay after CancelReplay (with --wait: once CANCELLED).' },
  { replay },
);

export const replayListDocument = documentSchema(
  'replay-list',
  { title: 'awsarch replay list', description: 'The replays of an account, newest first.' },
  { replays: z.array(replay) },
);

export const replayOrdersDocument = documentSchema(
  'replay-orders',
  {
    title: 'awsarch replay orders',
    description: 'A rebuild of the orders read models from the event store (with dryRun: its plan).',
  },
  {
    workload: z.literal('orders'),
    account: accountId.optional(),
    mode: z.enum(['in-place', 'new-table']),
    dryRun: z.boolean(),
    eventsTable: z.string(),
    fromVersion: count.optional(),
    segments: count,
    concurrency: count,
    targets: z.array(
      z.object({
        projection: z.enum(['order-summary', 'orders-by-customer', 'daily-totals']),
        table: z.string().describe('the table written'),
        liveTable: z.string().describe('the table the stack serves the read model from'),
        rows: count,
        written: count,
        current: count.describe('in place: rows already at the same or a newer version'),
      }),
    ),
    eventsRead: count.describe('over every run of this rebuild, a resumed one included'),
    commitsRead: count,
    aggregates: count,
    itemsWritten: count,
    itemsCurrent: count,
    retriedItems: count.describe('unprocessed items sent again'),
    stragglers: count.describe('aggregates seen again after they were complete'),
    gapFills: count.describe('aggregates read from before --from-version'),
    failed: z
      .array(z.object({ aggregateId: z.string(), error: z.string() }))
      .describe('orders that could not be projected'),
    durationMs: milliseconds.describe('this run'),
    eventsThisRun: count,
    eventsPerSecond: z.number().nonnegative(),
    resumed: z.boolean(),
    runs: count,
    checkpoint: z.string().optional().describe('the checkpoint file of this rebuild'),
    estimatedCommits: count.optional(),
    switched: z
      .array(z.object({ projection: z.string(), parameter: z.string(), from: z.string(), to: z.string() }))
      .optional()
      .describe('new tables the stack now serves'),
    catchUp: z
      .object({ aggregates: count, written: count })
      .optional()
      .describe('orders committed during the rebuild, projected again into the new table'),
  },
);
