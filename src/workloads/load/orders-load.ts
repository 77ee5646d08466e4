import { randomBytes, randomUUID } from 'node:crypto';
import type { CommandContext } from '../../core/context.js';
import { ERR } from '../../core/error-codes.js';
import { AwsarchError } from '../../core/errors.js';
import type { Outcome } from '../../core/outcome.js';
import { resolveWorkload } from '../catalog.js';
import { resolveWorkloadUrl } from '../workload-url.js';
import { dueBy, summarizeLatencies, type LatencySummary } from './latency-stats.js';

export interface OrdersLoadRequest {
  readonly account?: string;
  /** Commands per second. */
  readonly rate: number;
  readonly durationMs: number;
  readonly settleMs: number;
}

export interface OrdersLoadResult {
  readonly workload: 'orders';
  readonly account: string;
  readonly url: string;
  readonly runId: string;
  readonly rate: { readonly requested: number; readonly achieved: number };
  readonly durationMs: { readonly sending: number; readonly total: number };
  readonly commands: {
    readonly sent: number;
    readonly accepted: number;
    readonly rejected: number;
    readonly failed: number;
    /** 5xx answers retried with the same Idempotency-Key. */
    readonly retried: number;
    readonly orders: number;
  };
  /** Accepted commands whose effect the read model shows (delivered), does not show (lost), or shows twice (duplicated). */
  readonly projection: { readonly delivered: number; readonly lost: number; readonly duplicated: number };
  readonly latencyMs: {
    readonly command: LatencySummary;
    /** Command accepted to read model showing it (GET /orders/{id}). */
    readonly projectionLag: LatencySummary;
    readonly query: LatencySummary;
  };
  readonly throughput: { readonly commandsPerSecond: number };
}

/** An order driven by the load: its steps, and the versions the command side reported. */
interface LoadOrder {
  readonly orderId: string;
  step: number;
  /** A command of this order is in flight (its next one waits for its version). */
  busy: boolean;
  /** Version reported by each accepted command, with when it was accepted. */
  readonly accepted: Array<{ version: number; at: number; seenAt?: number }>;
  lastSeenVersion: number;
  polling: boolean;
}

const STEPS = 3;
const MAX_IN_FLIGHT = 64;
const MAX_POLLS = 8;
const POLL_EVERY_MS = 100;
const TICK_MS = 5;

/** How a load run on orders ended: failed when the read model lacks or doubles an accepted command, or commands failed. */
export function ordersLoadOutcome(result: OrdersLoadResult): Outcome {
  const { commands, projection } = result;
  return projection.lost > 0 || projection.duplicated > 0 || commands.failed > 0 ? 'failed' : 'ok';
}

/**
 * `awsarch load orders`: commands through the workload's HTTP API at --rate for --duration (each order:
 * CreateOrder with an item, AddItem, ConfirmOrder; every command with its Idempotency-Key, retried on 5xx),
 * while the read model is read back (GET /orders/{id}) until it shows each accepted version: command
 * latency, projection lag (command accepted to read model), query latency, and what the read model
 * shows of the commands: delivered, lost, duplicated.
 */
export async function loadOrders(ctx: CommandContext, request: OrdersLoadRequest): Promise<OrdersLoadResult> {
  const api = await resolveWorkloadUrl(ctx, { workload: resolveWorkload('orders'), account: request.account });
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  // The workload's API gets the same bounds as an AWS request: --request-timeout per request, and Ctrl-C.
  const bounded = () => AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.options.requestTimeoutMs)]);
  const total = Math.max(1, Math.round((request.rate * request.durationMs) / 1000));
  const task = ctx.io.task(`Load orders: ${request.rate} commands/s for ${request.durationMs / 1000}s on ${api.url}`);
  const orders: LoadOrder[] = [];
  /** Orders whose last command was answered and that have steps left; and those the read model has yet to show. */
  const ready: LoadOrder[] = [];
  const unshown = new Set<LoadOrder>();
  const commandLatency: number[] = [];
  const queryLatency: number[] = [];
  const counts = { sent: 0, accepted: 0, rejected: 0, failed: 0, retried: 0 };
  let inFlight = 0;
  let polls = 0;
  const flights = new Set<Promise<void>>();
  const track = (promise: Promise<void>) => {
    flights.add(promise);
    void promise.finally(() => flights.delete(promise));
  };

  const send = async (order: LoadOrder): Promise<void> => {
    const { method, path, body } = commandFor(order, runId);
    const key = randomUUID();
    for (let attempt = 1; ; attempt += 1) {
      const began = Date.now();
      let status = 0;
      let etag: string | null = null;
      try {
        const response = await fetch(`${api.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
          signal: bounded(),
        });
        status = response.status;
        etag = response.headers.get('etag');
        await response.arrayBuffer();
      } catch {
        status = 0;
      }
      commandLatency.push(Date.now() - began);
      if (status >= 200 && status < 300) {
        counts.accepted += 1;
        order.accepted.push({ version: Number((etag ?? '').replace(/"/g, '')) || 0, at: Date.now() });
        order.step += 1;
        unshown.add(order);
        return;
      }
      if (status >= 400 && status < 500) {
        counts.rejected += 1;
        order.step = STEPS;
        return;
      }
      if (attempt >= 3) {
        counts.failed += 1;
        order.step = STEPS;
        return;
      }
      counts.retried += 1;
    }
  };

  const poll = async (order: LoadOrder): Promise<void> => {
    const began = Date.now();
    try {
      const response = await fetch(`${api.url}/orders/${order.orderId}`, { signal: bounded() });
      await response.arrayBuffer();
      queryLatency.push(Date.now() - began);
      if (response.status !== 200) return;
      const version = Number((response.headers.get('etag') ?? '').replace(/"/g, '')) || 0;
      order.lastSeenVersion = Math.max(order.lastSeenVersion, version);
      for (const accepted of order.accepted)
        if (accepted.seenAt === undefined && accepted.version <= version) accepted.seenAt = Date.now();
      if (order.accepted.every((accepted) => accepted.seenAt !== undefined)) unshown.delete(order);
    } catch {
      // a failed read is retried at the next poll
    }
  };

  const pollPending = () => {
    for (const order of unshown) {
      if (polls >= MAX_POLLS) return;
      if (order.polling) continue;
      order.polling = true;
      polls += 1;
      track(
        poll(order).finally(() => {
          order.polling = false;
          polls -= 1;
        }),
      );
    }
  };

  const started = Date.now();
  let lastPoll = 0;
  let lastReport = 0;
  while (counts.sent < total && !ctx.signal.aborted) {
    const now = Date.now();
    const due = dueBy(now - started, request.rate, total);
    while (counts.sent < due && inFlight < MAX_IN_FLIGHT) {
      let order = ready.shift();
      if (!order) {
        order = {
          orderId: `load-${runId}-${orders.length}`,
          step: 0,
          busy: false,
          accepted: [],
          lastSeenVersion: 0,
          polling: false,
        };
        orders.push(order);
      }
      const current = order;
      current.busy = true;
      inFlight += 1;
      counts.sent += 1;
      track(
        send(current).finally(() => {
          current.busy = false;
          inFlight -= 1;
          if (current.step < STEPS) ready.push(current);
        }),
      );
    }
    if (now - lastPoll >= POLL_EVERY_MS) {
      lastPoll = now;
      pollPending();
    }
    if (now - lastReport >= 500) {
      lastReport = now;
      task.progress(counts.sent, total, progressText(counts, started, unshown.size));
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  const sendingMs = Date.now() - started;
  const settleUntil = Date.now() + request.settleMs;
  while (Date.now() < settleUntil && !ctx.signal.aborted && unshown.size > 0) {
    pollPending();
    task.progress(total, total, `waiting for the read model: ${unseen(orders)} accepted commands not shown yet`);
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
  await Promise.all([...flights]);
  if (counts.accepted === 0 && counts.sent > 0)
    throw new AwsarchError(
      ERR.LOAD_NO_COMMAND_ACCEPTED,
      `none of the ${counts.sent} commands was accepted by ${api.url}`,
      {
        hint: 'check that the orders workload is deployed and healthy (with --sandbox, see stateDir/lambda/logs)',
      },
    );
  const lags = orders.flatMap((order) =>
    order.accepted
      .filter((accepted) => accepted.seenAt !== undefined)
      .map((accepted) => (accepted.seenAt as number) - accepted.at),
  );
  const lost = unseen(orders);
  const duplicated = orders.reduce((sum, order) => {
    const expected = order.accepted.reduce((max, accepted) => Math.max(max, accepted.version), 0);
    return sum + (order.lastSeenVersion > expected ? 1 : 0);
  }, 0);
  const result: OrdersLoadResult = {
    workload: 'orders',
    account: api.account,
    url: api.url,
    runId,
    rate: { requested: request.rate, achieved: round((counts.sent / Math.max(1, sendingMs)) * 1000) },
    durationMs: { sending: sendingMs, total: Date.now() - started },
    commands: { ...counts, orders: orders.length },
    projection: { delivered: lags.length, lost, duplicated },
    latencyMs: {
      command: summarizeLatencies(commandLatency),
      projectionLag: summarizeLatencies(lags.map((lag) => Math.max(0, lag))),
      query: summarizeLatencies(queryLatency),
    },
    throughput: { commandsPerSecond: round((counts.accepted / Math.max(1, sendingMs)) * 1000) },
  };
  if (lost > 0 || counts.failed > 0)
    task.fail(`${lost} accepted commands not in the read model, ${counts.failed} commands failed`);
  else task.succeed(`${counts.accepted} commands accepted and projected`);
  return result;
}

/** The next command of an order: create it with an item, add another, confirm it. */
function commandFor(order: LoadOrder, runId: string): { method: string; path: string; body: unknown } {
  switch (order.step) {
    case 0:
      return {
        method: 'POST',
        path: '/orders',
        body: {
          orderId: order.orderId,
          customerId: `load-customer-${runId}`,
          currency: 'EUR',
          items: [{ sku: 'LOAD-1', quantity: 1, unitPriceCents: 1250 }],
        },
      };
    case 1:
      return {
        method: 'POST',
        path: `/orders/${order.orderId}/items`,
        body: { sku: 'LOAD-2', quantity: 2, unitPriceCents: 799 },
      };
    default:
      return { method: 'POST', path: `/orders/${order.orderId}/confirm`, body: {} };
  }
}

function unseen(orders: readonly LoadOrder[]): number {
  return orders.reduce(
    (sum, order) => sum + order.accepted.filter((accepted) => accepted.seenAt === undefined).length,
    0,
  );
}

function progressText(counts: { sent: number; accepted: number }, started: number, ordersBehind: number): string {
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  return `sent ${counts.sent} (${round(counts.sent / seconds)}/s), ${counts.accepted} accepted, ${ordersBehind} orders behind in the read model`;
}

const round = (value: number) => Math.round(value * 10) / 10;
