import { VEND_STEPS, type VendStepName } from './vend-model.js';

// Overall progress of vending (step k of n) and an ETA only where it can be estimated honestly (pure).

/** Steps that are one or two API calls (their time is the endpoint's latency, much alike). */
const QUICK_STEPS: ReadonlySet<VendStepName> = new Set(['locate', 'create', 'move', 'tag', 'access']);

export type VendStepEnd = 'done' | 'skipped' | 'failed' | 'cancelled';

/** One account's vending as far as it has gone. */
export interface AccountVendProgress {
  /** The steps this run goes through, in order (see vendStepPlan). */
  readonly steps: readonly VendStepName[];
  /** Steps that ended, with how long they took. */
  readonly finished: ReadonlyArray<{ step: VendStepName; end: VendStepEnd; ms: number }>;
  /** The step under way and when it started. */
  readonly running?: { step: VendStepName; startedAt: number };
  /** Set once the account's vending ended; `failed` and `cancelled` end it before its last step. */
  readonly ended?: 'vended' | 'failed' | 'cancelled';
}

export interface VendProgressInput {
  readonly accounts: readonly AccountVendProgress[];
  /** Accounts vended at once (--concurrency): the ones not started wait for a free slot. */
  readonly concurrency: number;
  readonly now: number;
  /**
   * How long AWS took to create this organization's recent accounts (median of CompletedTimestamp -
   * RequestedTimestamp): the only honest estimate of the creation wait before one was measured in this run.
   */
  readonly typicalCreationMs?: number;
  /** Ctrl-C or a declined prompt ended the run: there is nothing left to estimate. */
  readonly cancelled?: boolean;
}

export interface VendProgress {
  /** Steps ended (of every account), and all the steps the run goes through. */
  readonly done: number;
  readonly total: number;
  /** Wall time left; absent when it cannot be estimated honestly ("ETA unknown") or the run has ended. */
  readonly etaMs?: number;
}

/** The steps a vending run goes through: all of them (baseline only with --baseline); up to create with --no-wait. */
export function vendStepPlan(options: { wait: boolean; baseline: boolean }): VendStepName[] {
  if (!options.wait) return ['locate', 'create'];
  return VEND_STEPS.filter((step) => step !== 'baseline' || options.baseline);
}

/**
 * Step k of n over every account, and the time left: each remaining step is estimated by the steps of the same
 * kind measured in this run (median); a quick step (one or two calls) without one by the quick steps measured;
 * the creation wait by the organization's recent creations; anything else (a baseline, a creation slower than
 * usual) makes the ETA unknown. No ETA before the first step ended, none once the run failed or was cancelled.
 * Accounts not started yet are queued onto `concurrency` slots, as the run starts them.
 */
export function vendProgress(input: VendProgressInput): VendProgress {
  const total = input.accounts.reduce((sum, account) => sum + account.steps.length, 0);
  const done = input.accounts.reduce(
    (sum, account) => sum + Math.min(account.finished.length, account.steps.length),
    0,
  );
  const counted = { done, total };
  if (input.cancelled || input.accounts.some((account) => account.ended === 'cancelled')) return counted;
  if (input.accounts.every((account) => account.ended !== undefined))
    return input.accounts.some((account) => account.ended === 'failed') ? counted : { ...counted, etaMs: 0 };
  const measured = input.accounts.flatMap((account) => account.finished.filter((step) => step.end === 'done'));
  if (measured.length === 0) return counted;
  const estimate = stepEstimator(measured, input.typicalCreationMs);
  const slots: number[] = [];
  const queued: number[] = [];
  for (const account of input.accounts) {
    if (account.ended) continue;
    const left = accountTimeLeft(account, estimate, input.now);
    if (left === undefined) return counted;
    if (account.finished.length === 0 && !account.running) queued.push(left);
    else slots.push(left);
  }
  const width = Math.max(1, input.concurrency);
  while (slots.length < width && queued.length > 0) slots.push(queued.shift() as number);
  for (const left of queued) {
    const soonest = slots.indexOf(Math.min(...slots));
    slots[soonest] = (slots[soonest] as number) + left;
  }
  return { ...counted, etaMs: Math.max(0, Math.round(Math.max(0, ...slots))) };
}

type Estimator = (step: VendStepName) => number | undefined;

function stepEstimator(
  measured: ReadonlyArray<{ step: VendStepName; ms: number }>,
  typicalCreationMs: number | undefined,
): Estimator {
  const quick = measured.filter((sample) => QUICK_STEPS.has(sample.step)).map((sample) => sample.ms);
  return (step) => {
    const same = measured.filter((sample) => sample.step === step).map((sample) => sample.ms);
    if (same.length > 0) return median(same);
    if (step === 'wait') return typicalCreationMs;
    if (QUICK_STEPS.has(step) && quick.length > 0) return median(quick);
    return undefined;
  };
}

/** The time one account still needs: what is left of its running step plus its steps not started. */
function accountTimeLeft(account: AccountVendProgress, estimate: Estimator, now: number): number | undefined {
  let left = 0;
  const started = account.finished.length + (account.running ? 1 : 0);
  if (account.running) {
    const whole = estimate(account.running.step);
    if (whole === undefined) return undefined;
    const elapsed = now - account.running.startedAt;
    // A quick step a little slower than usual ends soon; a creation slower than usual (or a role still
    // propagating, 3x the usual call) says nothing about when.
    if (elapsed > whole && !(QUICK_STEPS.has(account.running.step) && elapsed <= 3 * whole)) return undefined;
    left += Math.max(0, whole - elapsed);
  }
  for (const step of account.steps.slice(started)) {
    const whole = estimate(step);
    if (whole === undefined) return undefined;
    left += whole;
  }
  return left;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The organization's typical creation time (pure): the median of the most recent `limit` SUCCEEDED requests'
 * CompletedTimestamp - RequestedTimestamp; undefined without any.
 */
export function typicalCreationMs(
  statuses: ReadonlyArray<{ state?: string; requestedAt?: number; completedAt?: number }>,
  limit = 20,
): number | undefined {
  const durations = statuses
    .filter(
      (status) =>
        status.state === 'SUCCEEDED' &&
        status.requestedAt !== undefined &&
        status.completedAt !== undefined &&
        status.completedAt >= status.requestedAt,
    )
    .sort((a, b) => (b.requestedAt as number) - (a.requestedAt as number))
    .slice(0, limit)
    .map((status) => (status.completedAt as number) - (status.requestedAt as number));
  return durations.length > 0 ? median(durations) : undefined;
}
