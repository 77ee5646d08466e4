import { join } from 'node:path';
import type { ServerResource, ServerResources } from '../server-resources.js';
import { cloneState, type SandboxState, type StateStore } from '../state.js';
import type { ResolvedSandboxOptions } from '../types.js';
import { dynamoDbState, parseStreamArn, tableStreams } from '../services/dynamodb/model.js';
import { StreamCapture } from '../services/dynamodb/streams/stream-capture.js';
import { streamFile } from '../services/dynamodb/streams/stream-log.js';
import { ProgressStore } from '../services/lambda/event-sources/mapping-progress.js';
import { QueuePoller, type QueuePollerConfig } from '../services/lambda/event-sources/queue-poller.js';
import { StreamPoller, type StreamPollerConfig } from '../services/lambda/event-sources/stream-poller.js';
import { allEventSourceMappings, functionByArn } from '../services/lambda/model.js';
import type { LambdaRuntime } from '../services/lambda/runtime/lambda-runtime.js';
import { AsyncInvoker } from './async-invoker.js';
import { AsyncJournal } from './async-journal.js';
import { RunnerLease } from './runner-lease.js';
import { RuleScheduler } from './schedules.js';

const LEASE_CHECK_MS = 500;
const REFRESH_MS = 1000;
const SETTLE_MS = 250;
/** Other processes' appends to the journal are noticed this often. */
const JOURNAL_POLL_MS = 100;
/** At shutdown, running invocations get this long to finish; what is left stays queued for the next runner. */
const STOP_GRACE_MS = 5000;

export interface BackgroundRunnerDeps {
  readonly store: StateStore;
  readonly options: ResolvedSandboxOptions;
  readonly resources: ServerResources;
  readonly runtime: LambdaRuntime;
  /** Applies time-driven transitions of every service (replays deliver through it). */
  readonly settle: () => Promise<void>;
  /** Whether the state (as last seen) has transitions that are due without requests (replays in progress). */
  readonly settleWanted: (state: SandboxState) => boolean;
  readonly random: () => number;
}

/**
 * The background work of the sandboxes serving one state directory, done by whichever holds the runner
 * lease (see runner-lease.ts): asynchronous invocations (async-invoker.ts), stream pollers, rate()
 * schedules, and settling time-driven transitions (replays advance without requests). The others only
 * queue work; when the holder exits or dies, one of them takes over and runs what is queued.
 */
export class BackgroundRunner implements ServerResource {
  private readonly lease: RunnerLease;
  private readonly journal: AsyncJournal;
  private readonly progress: ProgressStore;
  private invoker: AsyncInvoker | undefined;
  private scheduler: RuleScheduler | undefined;
  private readonly pollers = new Map<string, StreamPoller | QueuePoller>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly leaderTimers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | undefined;
  private pumping: Promise<void> | undefined;
  private pumpAgain = false;
  private nextDueTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: BackgroundRunnerDeps) {
    this.lease = new RunnerLease(join(deps.options.stateDir, 'lambda', 'runner.lock'));
    this.journal = AsyncJournal.of(deps.resources, deps.options.stateDir);
    this.progress = new ProgressStore(deps.options.stateDir);
  }

  /** Whether this process runs the background work now. */
  get leading(): boolean {
    return this.invoker !== undefined;
  }

  start(): void {
    this.every(LEASE_CHECK_MS, () => this.checkLease());
    void this.checkLease();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.stepDown();
    await this.lease.release();
  }

  private async checkLease(): Promise<void> {
    if (this.closed) return;
    const held = await this.lease.tryAcquire().catch(() => false);
    if (held && !this.invoker && !this.closed) this.lead();
    else if (!held && this.invoker) await this.stepDown();
  }

  private lead(): void {
    this.progress.forget();
    this.invoker = new AsyncInvoker({
      store: this.deps.store,
      options: this.deps.options,
      journal: this.journal,
      runtime: this.deps.runtime,
      random: this.deps.random,
    });
    this.scheduler = new RuleScheduler(this.deps.store, this.deps.resources, this.deps.options.stateDir);
    this.unsubscribe = this.journal.onAppend(() => this.pump());
    this.every(JOURNAL_POLL_MS, () => this.pump(), this.leaderTimers);
    this.every(REFRESH_MS, () => this.refresh(), this.leaderTimers);
    this.every(SETTLE_MS, () => this.settleIfWanted(), this.leaderTimers);
    this.pump();
    void this.refresh();
  }

  private async stepDown(): Promise<void> {
    const invoker = this.invoker;
    this.invoker = undefined;
    this.scheduler = undefined;
    this.unsubscribe?.();
    for (const timer of this.leaderTimers.splice(0)) clearInterval(timer);
    clearTimeout(this.nextDueTimer);
    const pollers = [...this.pollers.values()];
    this.pollers.clear();
    await Promise.all([...pollers.map((poller) => poller.stop()), invoker?.stop(STOP_GRACE_MS)]);
  }

  /** Replays advance on every request; with none coming, the runner settles while one is in progress. */
  private async settleIfWanted(): Promise<void> {
    // A read takes no lock: it catches up with the journal (a stat when nothing changed) and runs on memory.
    const wanted = await this.deps.store.read(async (tx) => this.deps.settleWanted(tx.state));
    if (wanted === true) await this.deps.settle();
  }

  /** Runs the invoker's pump, one at a time; an append during a pump runs it once more afterwards. */
  private pump(): void {
    if (!this.invoker) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    const invoker = this.invoker;
    this.pumping = invoker
      .pump()
      .then((nextDue) => {
        clearTimeout(this.nextDueTimer);
        if (nextDue !== undefined) {
          this.nextDueTimer = setTimeout(() => this.pump(), Math.max(1, nextDue - this.deps.options.now()));
          this.nextDueTimer.unref();
        }
      })
      .catch(() => undefined)
      .finally(() => {
        this.pumping = undefined;
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.pump();
        }
      });
  }

  /** Starts, updates and stops pollers to match the event source mappings in the state; fires due schedules. */
  private async refresh(): Promise<void> {
    if (!this.invoker) return;
    const configs = await this.deps.store.transact(async (tx) => {
      const result: Array<
        { kind: 'stream'; config: StreamPollerConfig } | { kind: 'queue'; config: QueuePollerConfig }
      > = [];
      for (const mapping of allEventSourceMappings(tx.state)) {
        const fn = functionByArn(tx.state, mapping.functionArn);
        const base = {
          mapping: cloneState(mapping),
          ...(fn ? { fn: cloneState(fn) } : { problem: `Function not found: ${mapping.functionArn}` }),
        };
        if (mapping.eventSourceArn.startsWith('arn:aws:sqs:')) {
          result.push({ kind: 'queue', config: base });
          continue;
        }
        const stream = parseStreamArn(mapping.eventSourceArn);
        if (!stream) continue;
        const declared = tableStreams(tx.state, stream.accountId, stream.region)[stream.table];
        const source =
          declared && declared.label === stream.label
            ? {
                path: streamFile(
                  this.deps.options.stateDir,
                  dynamoDbState(tx.state).generation,
                  stream.accountId,
                  stream.region,
                  stream.table,
                  stream.label,
                ),
                arn: mapping.eventSourceArn,
                region: stream.region,
                viewType: declared.viewType,
              }
            : undefined;
        result.push({
          kind: 'stream',
          config: {
            ...base,
            ...(source ? { source } : {}),
            ...(fn && !source ? { problem: `Stream not found: ${mapping.eventSourceArn}` } : {}),
          },
        });
      }
      return result;
    });
    if (!this.invoker) return;
    const seen = new Set<string>();
    for (const entry of configs) {
      const uuid = entry.config.mapping.uuid;
      seen.add(uuid);
      const existing = this.pollers.get(uuid);
      if (existing) {
        if (entry.kind === 'stream' && existing instanceof StreamPoller) existing.update(entry.config);
        if (entry.kind === 'queue' && existing instanceof QueuePoller) existing.update(entry.config);
        continue;
      }
      const deps = {
        runtime: this.deps.runtime,
        store: this.deps.store,
        options: this.deps.options,
        progress: this.progress,
      };
      const capture = StreamCapture.of(this.deps.resources);
      const poller =
        entry.kind === 'stream'
          ? new StreamPoller(entry.config, { ...deps, onAppend: (listener) => capture.onAppend(listener) })
          : new QueuePoller(entry.config, deps);
      this.pollers.set(uuid, poller);
      poller.start();
    }
    for (const [uuid, poller] of this.pollers) {
      if (seen.has(uuid)) continue;
      this.pollers.delete(uuid);
      void poller.stop();
    }
    await this.scheduler?.tick(this.deps.options.now());
  }

  private every(ms: number, work: () => unknown, timers = this.timers): void {
    let running = false;
    const timer = setInterval(() => {
      if (this.closed || running) return;
      running = true;
      void Promise.resolve()
        .then(work)
        .catch(() => undefined)
        .finally(() => {
          running = false;
        });
    }, ms);
    timer.unref();
    timers.push(timer);
  }
}
