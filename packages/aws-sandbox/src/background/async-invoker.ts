import { randomUUID } from 'node:crypto';
import { decideFault } from '../faults.js';
import type { StateStore } from '../state.js';
import type { ResolvedSandboxOptions } from '../types.js';
import { deadLetterAttributes } from '../services/eventbridge/delivery.js';
import type { FunctionRecord } from '../services/lambda/model.js';
import { sendAsFunction } from '../services/lambda/destinations.js';
import type { InvocationOutcome } from '../services/lambda/runtime/invocation.js';
import type { LambdaRuntime } from '../services/lambda/runtime/lambda-runtime.js';
import {
  checkTargetDelivery,
  decideDelivery,
  decideInvocation,
  DEFAULT_ASYNC_RETRIES,
  DEFAULT_MAX_EVENT_AGE_SECONDS,
  expired,
  type RetryClock,
} from './async-decisions.js';
import { FunctionConfigCache } from './function-config-cache.js';
import { invocationRecord, sendToQueue, type RecordCondition } from './async-destinations.js';
import type { AsyncJournal, AsyncWork, JournalLine, WorkProgress } from './async-journal.js';

/** AWSARCH_SANDBOX_FAULTS=TargetDelivery=<Code>@p makes EventBridge's delivery to a function fail (retriably). */
export const TARGET_DELIVERY_FAULT = 'TargetDelivery';
/** Rewrite the journal once this many items have ended since the last rewrite. */
const COMPACT_AFTER = 5000;

interface Item {
  work: AsyncWork;
  progress: WorkProgress;
  running: boolean;
}

export interface AsyncInvokerDeps {
  readonly store: StateStore;
  readonly options: ResolvedSandboxOptions;
  readonly journal: AsyncJournal;
  readonly runtime: LambdaRuntime;
  readonly random: () => number;
}

/**
 * The runner's asynchronous invocations: reads the journal, and for each item due: EventBridge's delivery
 * (resource policy, retry policy, DLQ), then Lambda's asynchronous invocation (retries after 1 and 2
 * minutes, maximum event age, the on-failure destination or the function's DLQ). At most the function's
 * environment limit runs at once per function; the rest waits in the queue, as in Lambda's.
 */
export class AsyncInvoker {
  private readonly items = new Map<string, Item>();
  private readonly runningPerFunction = new Map<string, number>();
  private offset = 0;
  private endedSinceCompaction = 0;
  private stopped = false;
  private readonly running = new Set<Promise<void>>();
  private readonly functions: FunctionConfigCache;

  constructor(private readonly deps: AsyncInvokerDeps) {
    this.functions = new FunctionConfigCache(deps.store);
  }

  /** Items waiting or running. */
  get pending(): number {
    return this.items.size;
  }

  /** Reads new journal lines and starts what is due; returns when the next item falls due (ms), if any. */
  async pump(): Promise<number | undefined> {
    if (this.stopped) return undefined;
    this.ingest();
    const clock = this.clock();
    let nextDue: number | undefined;
    for (const item of this.items.values()) {
      if (item.running) continue;
      if (item.progress.dueAt > clock.now) {
        nextDue = Math.min(nextDue ?? Number.POSITIVE_INFINITY, item.progress.dueAt);
        continue;
      }
      const fn = await this.functions.get(item.work.functionArn);
      const busy = this.runningPerFunction.get(item.work.functionArn) ?? 0;
      if (fn && busy >= this.deps.options.lambdaConcurrency) continue;
      this.start(item, fn);
    }
    if (this.endedSinceCompaction >= COMPACT_AFTER) await this.compact();
    return nextDue;
  }

  /** Stops starting items and waits (bounded) for the running ones; what is left stays in the journal. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    const deadline = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.running]), deadline]);
  }

  private clock(): RetryClock {
    return { now: this.deps.options.now(), minuteMs: this.deps.options.retryMinuteMs };
  }

  private ingest(): void {
    const { lines, nextOffset } = this.deps.journal.readFrom(this.offset);
    if (nextOffset < this.offset) this.items.clear();
    this.offset = nextOffset;
    for (const line of lines) {
      if (line.t === 'put') {
        if (!this.items.has(line.id))
          this.items.set(line.id, {
            work: withoutTag(line),
            progress: { stage: line.delivery ? 'delivery' : 'invoke', attempts: 0, dueAt: line.receivedAt },
            running: false,
          });
      } else if (line.t === 'progress') {
        const item = this.items.get(line.id);
        if (item && !item.running) {
          const { t: _t, id: _id, ...progress } = line;
          item.progress = progress;
        }
      } else {
        this.items.delete(line.id);
      }
    }
  }

  private start(item: Item, fn: FunctionRecord | undefined): void {
    item.running = true;
    const arn = item.work.functionArn;
    this.runningPerFunction.set(arn, (this.runningPerFunction.get(arn) ?? 0) + 1);
    const run = this.advance(item, fn)
      .catch((error: unknown) => {
        // A failure of the sandbox itself (the state could not be written): try again a little later.
        this.record(item, { ...item.progress, dueAt: this.clock().now + 1000, lastError: String(error) });
      })
      .finally(() => {
        item.running = false;
        this.runningPerFunction.set(arn, (this.runningPerFunction.get(arn) ?? 1) - 1);
        this.running.delete(run);
      });
    this.running.add(run);
  }

  private async advance(item: Item, fn: FunctionRecord | undefined): Promise<void> {
    if (item.progress.stage === 'delivery') {
      const decision = decideDelivery(
        item.work,
        item.progress,
        checkTargetDelivery(item.work, fn, () =>
          decideFault(this.deps.options.faults, TARGET_DELIVERY_FAULT, this.deps.random),
        ),
        this.clock(),
        this.deps.random,
      );
      if (decision.kind === 'accepted') {
        this.record(item, { stage: 'invoke', attempts: 0, dueAt: this.clock().now });
        if (fn) await this.invoke(item, fn);
        return;
      }
      if (decision.kind === 'retry') {
        this.record(item, { ...item.progress, attempts: item.progress.attempts + 1, dueAt: decision.dueAt });
        return;
      }
      await this.deadLetter(item, decision.errorCode, decision.message, decision.exhausted);
      this.end(item);
      return;
    }
    if (!fn) {
      this.end(item);
      return;
    }
    await this.invoke(item, fn);
  }

  private async invoke(item: Item, fn: FunctionRecord): Promise<void> {
    const settings = {
      maximumRetryAttempts: fn.invokeConfig?.maximumRetryAttempts ?? DEFAULT_ASYNC_RETRIES,
      maximumEventAgeSeconds: fn.invokeConfig?.maximumEventAgeSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS,
    };
    if (expired(item.work, settings, this.clock())) {
      await this.giveUp(item, fn, 'EventAgeExceeded', undefined);
      return;
    }
    const requestId = randomUUID();
    const outcome = await this.deps.runtime.invoke({
      fn,
      event: JSON.parse(item.work.payload) as unknown,
      requestId,
      synchronous: false,
    });
    const decision = decideInvocation(item.work, item.progress, outcome, settings, this.clock());
    switch (decision.kind) {
      case 'succeeded':
        if (fn.invokeConfig?.onSuccess)
          await this.sendRecord(fn, fn.invokeConfig.onSuccess, item, outcome, requestId, 'Success');
        this.end(item);
        return;
      case 'retry':
        this.record(item, {
          stage: 'invoke',
          attempts: item.progress.attempts + 1,
          dueAt: decision.dueAt,
          lastError: errorOf(outcome),
        });
        return;
      case 'wait':
        this.record(item, { ...item.progress, dueAt: decision.dueAt });
        return;
      case 'failed':
        await this.giveUp(item, fn, decision.condition, outcome, requestId);
        return;
    }
  }

  /** The event failed every attempt or expired: the on-failure destination, else the function's DLQ, else dropped. */
  private async giveUp(
    item: Item,
    fn: FunctionRecord,
    condition: 'RetriesExhausted' | 'EventAgeExceeded',
    outcome: InvocationOutcome | undefined,
    requestId: string = randomUUID(),
  ): Promise<void> {
    if (fn.invokeConfig?.onFailure)
      await this.sendRecord(fn, fn.invokeConfig.onFailure, item, outcome, requestId, condition);
    else if (fn.deadLetterArn) {
      const error = outcome?.kind === 'failed' ? outcome.error.errorMessage : condition;
      await sendAsFunction(this.deps.store, fn, fn.deadLetterArn, item.work.payload, this.clock().now, {
        RequestID: { DataType: 'String', StringValue: requestId },
        ErrorCode: { DataType: 'Number', StringValue: '200' },
        ErrorMessage: { DataType: 'String', StringValue: error },
      });
    }
    this.end(item);
  }

  /** An invocation record, as Lambda sends to destinations. */
  private async sendRecord(
    fn: FunctionRecord,
    destination: string,
    item: Item,
    outcome: InvocationOutcome | undefined,
    requestId: string,
    condition: RecordCondition,
  ): Promise<void> {
    const now = this.clock().now;
    const record = invocationRecord(fn, item.work, item.progress, outcome, requestId, condition, now);
    await sendAsFunction(this.deps.store, fn, destination, record, now);
  }

  private async deadLetter(
    item: Item,
    errorCode: string,
    message: string,
    exhausted?: 'MaximumRetryAttemptsExhausted' | 'MaximumEventAgeExhausted',
  ): Promise<void> {
    const delivery = item.work.delivery;
    if (!delivery?.deadLetterArn) return;
    await sendToQueue(
      this.deps.store,
      delivery.deadLetterArn,
      { principal: 'events.amazonaws.com', sourceArn: delivery.ruleArn },
      item.work.payload,
      this.clock().now,
      deadLetterAttributes(delivery.ruleArn, delivery.targetArn, errorCode, message, item.progress.attempts, exhausted),
    );
  }

  private record(item: Item, progress: WorkProgress): void {
    item.progress = progress;
    this.deps.journal.append({ t: 'progress', id: item.work.id, ...progress });
  }

  private end(item: Item): void {
    this.items.delete(item.work.id);
    this.endedSinceCompaction += 1;
    this.deps.journal.append({ t: 'done', id: item.work.id });
  }

  /** Rewrites the journal with what is pending, under the state lock so no other process appends meanwhile. */
  private async compact(): Promise<void> {
    await this.deps.store.transact(async () => {
      this.ingest();
      const lines: JournalLine[] = [];
      for (const item of this.items.values()) {
        lines.push({ t: 'put', ...item.work });
        lines.push({ t: 'progress', id: item.work.id, ...item.progress });
      }
      this.offset = this.deps.journal.rewrite(lines);
      this.endedSinceCompaction = 0;
    });
  }
}

function withoutTag(line: { t: 'put' } & AsyncWork): AsyncWork {
  const { t: _t, ...work } = line;
  return work;
}

function errorOf(outcome: InvocationOutcome): string | undefined {
  return outcome.kind === 'failed' ? `${outcome.error.errorType}: ${outcome.error.errorMessage}` : undefined;
}
