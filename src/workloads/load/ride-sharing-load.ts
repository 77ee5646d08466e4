import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  EVENT_SOURCES,
  IDEMPOTENCY_CONSUMERS,
  parseRideEvent,
  RIDE_SHARING_SERVICES,
  type RideEvent,
} from '#workloads/ride-sharing/index.js';
import { toAwsarchError } from '../../aws/aws-errors.js';
import type { CommandContext } from '../../core/context.js';
import { MSG } from '../../core/message-codes.js';
import type { Outcome } from '../../core/outcome.js';
import { readWorkloadStack, requiredOutput, workloadAccount } from '../replay/workload-stack.js';
import { messagesWaiting, redrive, stackQueues } from './dead-letters.js';
import { EffectTracker } from './effect-tracker.js';
import { dueBy, summarizeLatencies, type LatencySummary } from './latency-stats.js';

export interface RideSharingLoadRequest {
  readonly account?: string;
  /** Events per second to publish. */
  readonly rate: number;
  readonly durationMs: number;
  /** How long to wait for the consumers after the last publish. */
  readonly settleMs: number;
  /** Share of events published a second time (an at-least-once producer's retries). */
  readonly duplicates: number;
  /** Redrive this run's dead-lettered events before counting what was lost. */
  readonly redrive: boolean;
}

export interface RideSharingLoadResult {
  readonly workload: 'ride-sharing';
  readonly account: string;
  readonly bus: string;
  readonly runId: string;
  readonly consumers: readonly string[];
  readonly rate: { readonly requested: number; readonly achieved: number };
  readonly durationMs: { readonly publishing: number; readonly total: number };
  readonly events: { readonly published: number; readonly rejected: number; readonly duplicatesSent: number };
  readonly deliveries: {
    readonly expected: number;
    readonly delivered: number;
    readonly lost: number;
    readonly deadLettered: number;
    readonly redriven: number;
  };
  /** Effects applied more than once (the analytics facts of this run beyond one per ride). */
  readonly duplicatedEffects: number;
  /** Publish to a consumer's effect, per delivery; and to the last consumer's, per event. */
  readonly latencyMs: { readonly delivery: LatencySummary; readonly event: LatencySummary };
  readonly throughput: { readonly publishedPerSecond: number; readonly deliveredPerSecond: number };
}

/** PutEvents calls in flight at once; beyond it the producer waits (and the achieved rate drops). */
const MAX_IN_FLIGHT = 16;
const TICK_MS = 5;

/**
 * The city of the load's rides: no driver works there, so each request ends with NoDriverAvailable at
 * once, and the load never holds real drivers or leaves offers to expire after it ends.
 */
export const LOAD_CITY = 'loadtown';
const LOAD_CENTRE = { lat: 39.5, lng: -8.0 };

/** The event the load publishes: a ride request, as the Ride service publishes it (its consumers react to it). */
function rideRequested(runId: string, index: number, now: number): RideEvent {
  const city = LOAD_CITY;
  const centre = LOAD_CENTRE;
  const id = `load-${runId}-${index}`;
  return {
    type: 'RideRequested',
    detail: {
      eventId: id,
      occurredAt: new Date(now).toISOString(),
      rideId: id,
      riderId: `load-rider-${runId}-${index}`,
      city,
      pickup: { lat: centre.lat, lng: centre.lng },
      dropoff: { lat: centre.lat + 0.01, lng: centre.lng + 0.01 },
      paymentMethodId: `pm-load-${runId}`,
      estimatedFareCents: 1000 + (index % 20) * 50,
      currency: 'EUR',
    },
  } as RideEvent;
}

/** How a load run on ride-sharing ended: failed when an effect is missing after --settle (and any redrive) or applied twice. */
export function rideSharingLoadOutcome(result: RideSharingLoadResult): Outcome {
  return result.deliveries.lost > 0 || result.duplicatedEffects > 0 ? 'failed' : 'ok';
}

/**
 * `awsarch load ride-sharing`: publishes RideRequested events to the workload's bus at --rate for
 * --duration (as the Ride service would), and measures, from the consumers' own idempotency records, when
 * each consuming service applied each event: delivered, lost (never applied, after --settle and an
 * optional redrive of this run's dead letters), duplicated effects, and publish-to-effect latency.
 */
export async function loadRideSharing(
  ctx: CommandContext,
  request: RideSharingLoadRequest,
): Promise<RideSharingLoadResult> {
  const account = await workloadAccount(ctx, request.account);
  const stack = await readWorkloadStack(account, 'RideSharing', 'ride-sharing');
  const bus = requiredOutput(stack, 'EventBusName', 'ride-sharing');
  const idempotencyTable = requiredOutput(stack, 'IdempotencyTableName', 'ride-sharing');
  const analyticsTable = requiredOutput(stack, 'AnalyticsTableName', 'ride-sharing');
  const consumers = RIDE_SHARING_SERVICES.filter((service) => service.consumes.includes('RideRequested'));
  const db = DynamoDBDocumentClient.from(account.aws.client(DynamoDBClient));
  const events = account.aws.client(EventBridgeClient);
  const tracker = new EffectTracker(db, idempotencyTable);
  const queues = await stackQueues(account, 'RideSharing');
  const deadBefore = await messagesWaiting(account, queues);
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const total = Math.max(1, Math.round((request.rate * request.durationMs) / 1000));
  const task = ctx.io.task(`Load ride-sharing: ${request.rate} events/s for ${request.durationMs / 1000}s on ${bus}`);
  const publishedAt = new Map<string, number>();
  const duplicates: RideEvent[] = [];
  let sent = 0;
  let rejected = 0;
  let inFlight = 0;
  const flights = new Set<Promise<void>>();

  const publish = (batch: RideEvent[]) => {
    inFlight += 1;
    const at = Date.now();
    const entries: PutEventsRequestEntry[] = batch.map((event) => ({
      EventBusName: bus,
      Source: EVENT_SOURCES[event.type],
      DetailType: event.type,
      Detail: JSON.stringify(event.detail),
    }));
    const flight = events
      .send(new PutEventsCommand({ Entries: entries }))
      .then((response) => {
        batch.forEach((event, index) => {
          if (response.Entries?.[index]?.ErrorCode) {
            rejected += 1;
            return;
          }
          const eventId = event.detail.eventId;
          if (!publishedAt.has(eventId)) publishedAt.set(eventId, at);
          for (const consumer of consumers) tracker.expect(`${IDEMPOTENCY_CONSUMERS[consumer.name]}#${eventId}`, at);
        });
      })
      .catch((error: unknown) => {
        rejected += batch.length;
        ctx.io.debug(MSG.LOAD_PUBLISH_FAILED, `PutEvents failed: ${String(error)}`, { error: String(error) });
      })
      .finally(() => {
        inFlight -= 1;
        flights.delete(flight);
      });
    flights.add(flight);
  };

  const started = Date.now();
  let lastReport = 0;
  while (sent < total && !ctx.signal.aborted) {
    const now = Date.now();
    const due = dueBy(now - started, request.rate, total);
    while (sent < due && inFlight < MAX_IN_FLIGHT) {
      const batch: RideEvent[] = [];
      while (batch.length < 10 && sent < due) {
        const event = rideRequested(runId, sent, Date.now());
        parseRideEvent(event.type, event.detail);
        batch.push(event);
        if ((sent * 7919) % 10_000 < request.duplicates * 10_000) duplicates.push(event);
        sent += 1;
      }
      publish(batch);
    }
    if (now - lastReport >= 500) {
      lastReport = now;
      await tracker.poll(100);
      task.progress(sent, total, progressText(sent, started, tracker));
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all([...flights]);
  for (let start = 0; start < duplicates.length; start += 10) publish(duplicates.slice(start, start + 10));
  await Promise.all([...flights]);
  const publishingMs = Date.now() - started;

  const settleUntil = Date.now() + request.settleMs;
  await settle(tracker, settleUntil, ctx, (text) => task.progress(total, total, text));
  const deadLettered = Math.max(0, (await messagesWaiting(account, queues)) - deadBefore);
  let redriven = 0;
  if (request.redrive && tracker.pendingCount > 0) {
    redriven = await redrive(account, queues, (undelivered) =>
      JSON.stringify(undelivered.event).includes(`load-${runId}-`),
    );
    await settle(tracker, Date.now() + request.settleMs, ctx, (text) =>
      task.progress(total, total, `redriven ${redriven}; ${text}`),
    );
  }
  const delivered = tracker.completed();
  const lastEffect = delivered.reduce((latest, entry) => Math.max(latest, entry.completedAt), started);
  const perEvent = new Map<string, number>();
  for (const entry of delivered) {
    const eventId = entry.key.slice(entry.key.indexOf('#') + 1);
    perEvent.set(eventId, Math.max(perEvent.get(eventId) ?? 0, entry.completedAt - entry.publishedAt));
  }
  const duplicatedEffects = await analyticsFactsBeyondOne(db, analyticsTable, runId, publishedAt.size, started);
  const result: RideSharingLoadResult = {
    workload: 'ride-sharing',
    account: account.label,
    bus,
    runId,
    consumers: consumers.map((consumer) => consumer.name),
    rate: { requested: request.rate, achieved: round((sent / Math.max(1, publishingMs)) * 1000) },
    durationMs: { publishing: publishingMs, total: Date.now() - started },
    events: { published: publishedAt.size, rejected, duplicatesSent: duplicates.length },
    deliveries: {
      expected: tracker.expectedCount,
      delivered: delivered.length,
      lost: tracker.pendingCount,
      deadLettered,
      redriven,
    },
    duplicatedEffects,
    latencyMs: {
      delivery: summarizeLatencies(delivered.map((entry) => Math.max(0, entry.completedAt - entry.publishedAt))),
      event: summarizeLatencies([...perEvent.values()].map((value) => Math.max(0, value))),
    },
    throughput: {
      publishedPerSecond: round((publishedAt.size / Math.max(1, publishingMs)) * 1000),
      deliveredPerSecond: round((delivered.length / Math.max(1, lastEffect - started)) * 1000),
    },
  };
  if (result.deliveries.lost > 0)
    task.fail(`${result.deliveries.lost} of ${result.deliveries.expected} effects missing`);
  else task.succeed(`${result.deliveries.delivered} effects of ${result.events.published} events, none lost`);
  return result;
}

async function settle(
  tracker: EffectTracker,
  until: number,
  ctx: CommandContext,
  report: (text: string) => void,
): Promise<void> {
  while (tracker.pendingCount > 0 && Date.now() < until && !ctx.signal.aborted) {
    const found = await tracker.poll(1000);
    report(`waiting for the consumers: ${tracker.completedCount} of ${tracker.expectedCount} applied`);
    if (found === 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The Analytics service stores one fact per ride: more than one per published event would be a duplicated effect. */
async function analyticsFactsBeyondOne(
  db: DynamoDBDocumentClient,
  table: string,
  runId: string,
  published: number,
  started: number,
): Promise<number> {
  const hours = new Set<string>();
  for (let at = started - 3_600_000; at <= Date.now(); at += 3_600_000)
    hours.add(new Date(at).toISOString().slice(0, 13));
  hours.add(new Date().toISOString().slice(0, 13));
  let facts = 0;
  try {
    for (const city of [LOAD_CITY]) {
      for (const hour of hours) {
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await db.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'cityHour = :k AND begins_with(factKey, :p)',
              ExpressionAttributeValues: { ':k': `${city}#${hour}`, ':p': `requested#load-${runId}-` },
              Select: 'COUNT',
              ExclusiveStartKey: startKey,
            }),
          );
          facts += page.Count ?? 0;
          startKey = page.LastEvaluatedKey;
        } while (startKey);
      }
    }
  } catch (error) {
    throw toAwsarchError(error, `Reading the analytics table ${table}`);
  }
  return Math.max(0, facts - published);
}

function progressText(sent: number, started: number, tracker: EffectTracker): string {
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  return `published ${sent} (${round(sent / seconds)}/s), ${tracker.completedCount} of ${tracker.expectedCount} effects seen`;
}

const round = (value: number) => Math.round(value * 10) / 10;
