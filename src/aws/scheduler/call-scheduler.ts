import type { Clock } from '../../core/clock.js';
import { laneLimitOf, laneOf, rateRuleOf, type CallTarget } from './call-policy.js';
import { TokenBucket } from './token-bucket.js';

/** How one attempt of a call ended, as far as pacing is concerned. */
export type AttemptOutcome = 'success' | 'throttled' | 'failed';

/** The right to send one attempt now; finish() gives it back and tells the scheduler how it went. */
export interface Permit {
  finish(outcome: AttemptOutcome): void;
}

export interface SchedulerOptions {
  /** Attempts in flight at once across every lane (--max-concurrency). */
  readonly maxConcurrency: number;
  readonly clock: Clock;
  /** Calls in flight per lane before throttling lowers it (default: per service, see call-policy.ts). */
  readonly laneLimit?: (service: string) => number;
}

/** What the scheduler did, for --verbose and the benchmarks. */
export interface SchedulerStats {
  attempts: number;
  throttled: number;
  /** The most attempts that were in flight at once. */
  peakInFlight: number;
  lanes: number;
}

interface Waiter {
  readonly lane: Lane;
  readonly bucket: TokenBucket | undefined;
  state: 'waiting' | 'ready' | 'granted' | 'cancelled';
  grant(): void;
  cancel(reason: unknown): void;
}

/**
 * The calls AWS throttles together (one service in one account and Region): a queue, a limit on calls
 * in flight that throttling lowers (multiplicatively, once per round trip) and successes raise again
 * (by one per round of successes), and the measured round-trip time that scales retry delays.
 */
class Lane {
  limit: number;
  inFlight = 0;
  readonly waiting: Waiter[] = [];
  lastDecreaseAt = Number.NEGATIVE_INFINITY;
  roundTripMs: number | undefined;
  wakeAt: number | undefined;

  constructor(readonly maxLimit: number) {
    this.limit = maxLimit;
  }

  observe(ms: number): void {
    this.roundTripMs = this.roundTripMs === undefined ? ms : this.roundTripMs * 0.8 + ms * 0.2;
  }

  throttled(now: number): void {
    if (now - this.lastDecreaseAt < (this.roundTripMs ?? 0)) return;
    this.limit = Math.max(1, this.limit * 0.7);
    this.lastDecreaseAt = now;
  }

  succeeded(): void {
    this.limit = Math.min(this.maxLimit, this.limit + 1 / this.limit);
  }
}

/**
 * The one place every AWS attempt waits for its turn: at most maxConcurrency in flight overall, at most
 * the lane's limit per service, account and Region, and no faster than AWS's published rate where there
 * is one. Throttling lowers a lane's limit and rate; successes restore them.
 */
export class CallScheduler {
  private readonly lanes = new Map<string, Lane>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly ready: Waiter[] = [];
  private running = 0;
  private readonly stats: SchedulerStats = { attempts: 0, throttled: 0, peakInFlight: 0, lanes: 0 };

  constructor(private readonly options: SchedulerOptions) {
    if (!Number.isInteger(options.maxConcurrency) || options.maxConcurrency < 1)
      throw new RangeError(`maxConcurrency must be a whole number of at least 1, got ${options.maxConcurrency}`);
  }

  /** Resolves when the attempt may be sent; rejects if signal aborts first. */
  acquire(target: CallTarget, signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const lane = this.laneFor(target);
    const bucket = this.bucketFor(target);
    return new Promise<Permit>((resolve, reject) => {
      const onAbort = () => waiter.cancel(signal?.reason);
      const waiter: Waiter = {
        lane,
        bucket,
        state: 'waiting',
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          waiter.state = 'granted';
          resolve(this.permit(lane, bucket));
        },
        cancel: (reason) => {
          if (waiter.state === 'granted' || waiter.state === 'cancelled') return;
          if (waiter.state === 'waiting') lane.waiting.splice(lane.waiting.indexOf(waiter), 1);
          else {
            this.ready.splice(this.ready.indexOf(waiter), 1);
            lane.inFlight -= 1;
            this.promote(lane);
          }
          waiter.state = 'cancelled';
          reject(reason as Error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      lane.waiting.push(waiter);
      this.promote(lane);
    });
  }

  /**
   * The pause before retry number `retry` (1 for the first) of a call: exponential with full jitter.
   * After throttling it starts from twice the lane's round trip (at least 10 ms, at most 1 s), so a
   * fast endpoint is retried quickly and a slow one gently; other transient errors start from 100 ms.
   */
  retryDelayMs(target: CallTarget, retry: number, kind: 'throttling' | 'transient', random: () => number): number {
    const roundTrip = this.lanes.get(laneOf(target))?.roundTripMs ?? 50;
    const base = kind === 'throttling' ? Math.min(1000, Math.max(10, 2 * roundTrip)) : 100;
    const ceiling = Math.min(20_000, base * 2 ** (retry - 1));
    return Math.round(random() * ceiling);
  }

  /** Counts so far. */
  snapshot(): SchedulerStats {
    return { ...this.stats, lanes: this.lanes.size };
  }

  /** The current limit of a call's lane (for tests and diagnostics). */
  laneLimit(target: CallTarget): number {
    return Math.floor(this.laneFor(target).limit);
  }

  private laneFor(target: CallTarget): Lane {
    const key = laneOf(target);
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = new Lane((this.options.laneLimit ?? laneLimitOf)(target.service));
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private bucketFor(target: CallTarget): TokenBucket | undefined {
    const rule = rateRuleOf(target);
    if (!rule) return undefined;
    const key = `${laneOf(target)}|${rule.name}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(rule.burst, rule.perSecond, this.options.clock.now());
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private permit(lane: Lane, bucket: TokenBucket | undefined): Permit {
    const sentAt = this.options.clock.now();
    this.stats.attempts += 1;
    let finished = false;
    return {
      finish: (outcome) => {
        if (finished) return;
        finished = true;
        const now = this.options.clock.now();
        lane.observe(now - sentAt);
        if (outcome === 'throttled') {
          this.stats.throttled += 1;
          lane.throttled(now);
          bucket?.throttled();
        } else if (outcome === 'success') {
          lane.succeeded();
          bucket?.succeeded();
        }
        this.running -= 1;
        lane.inFlight -= 1;
        this.promote(lane);
        this.drain();
      },
    };
  }

  /** Moves the lane's next calls to the ready queue while its limit and rate allow. */
  private promote(lane: Lane): void {
    const now = this.options.clock.now();
    while (lane.waiting.length > 0 && lane.inFlight < Math.floor(lane.limit)) {
      const next = lane.waiting[0] as Waiter;
      if (next.bucket && !next.bucket.take(now)) {
        this.wakeLater(lane, now + next.bucket.msUntilToken(now));
        break;
      }
      lane.waiting.shift();
      lane.inFlight += 1;
      next.state = 'ready';
      this.ready.push(next);
    }
    this.drain();
  }

  private wakeLater(lane: Lane, at: number): void {
    if (lane.wakeAt !== undefined && lane.wakeAt <= at) return;
    lane.wakeAt = at;
    void this.options.clock.sleep(Math.max(1, at - this.options.clock.now())).then(() => {
      if (lane.wakeAt !== at) return;
      lane.wakeAt = undefined;
      this.promote(lane);
    });
  }

  /** Grants ready calls while the overall limit allows. */
  private drain(): void {
    while (this.ready.length > 0 && this.running < this.options.maxConcurrency) {
      const next = this.ready.shift() as Waiter;
      this.running += 1;
      this.stats.peakInFlight = Math.max(this.stats.peakInFlight, this.running);
      next.grant();
    }
  }
}
