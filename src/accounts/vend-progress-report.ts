import type { Clock } from '../core/clock.js';
import type { CommandContext } from '../core/context.js';
import type { TaskHandle } from '../core/io-host.js';
import type { VendStepName } from './vend-model.js';
import { vendProgress, type AccountVendProgress, type VendStepEnd } from './vend-progress.js';

/** What each step is, as the progress line names the step under way. */
const STEP_LABELS: Record<VendStepName, string> = {
  locate: 'locate',
  create: 'create',
  wait: 'wait for creation',
  move: 'move into the OU',
  tag: 'tag',
  access: 'prove access',
  baseline: 'baseline',
};

interface AccountState {
  steps: readonly VendStepName[];
  finished: Array<{ step: VendStepName; end: VendStepEnd; ms: number }>;
  running?: { step: VendStepName; startedAt: number };
  ended?: 'vended' | 'failed' | 'cancelled';
  task?: TaskHandle;
}

/**
 * Keeps the timings of a vending run and reports "step k of n" with its ETA (vendProgress) on the task that
 * shows the whole run: the account's own task when there is one account, else `overall`, with each account's
 * task counting its own steps.
 */
export class VendProgressReport {
  private readonly accounts: AccountState[] = [];

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly options: { concurrency: number; typicalCreationMs?: number; overall?: TaskHandle },
  ) {}

  /** Registers one account and the steps its run goes through (all accounts before the run starts). */
  account(steps: readonly VendStepName[]): AccountProgress {
    const state: AccountState = { steps, finished: [] };
    this.accounts.push(state);
    return {
      attach: (task) => {
        state.task = task;
        this.report(state, 'step');
      },
      started: (step) => {
        if (!state.steps.includes(step) || state.ended) return;
        state.running = { step, startedAt: this.clock.now() };
        this.report(state, 'step');
      },
      ended: (step, end) => {
        if (!state.steps.includes(step) || state.ended || state.finished.some((entry) => entry.step === step)) return;
        const startedAt = state.running?.step === step ? state.running.startedAt : this.clock.now();
        state.running = undefined;
        state.finished.push({ step, end, ms: this.clock.now() - startedAt });
        if (end === 'failed' || end === 'cancelled') state.ended = end;
        this.report(state, 'step');
      },
      finish: (ended) => {
        if (!state.ended) state.ended = ended;
        this.report(state, 'finish');
      },
      refresh: () => this.report(state, 'refresh'),
    };
  }

  /** Accounts whose run failed (cancelled ones not counted). */
  failed(): number {
    return this.accounts.filter((account) => account.ended === 'failed').length;
  }

  /** The whole run's counter and ETA; `cancelled` once Ctrl-C ended it. */
  snapshot(cancelled = false): ReturnType<typeof vendProgress> {
    const accounts: AccountVendProgress[] = this.accounts.map((state) => ({
      steps: state.steps,
      finished: state.finished,
      ...(state.running ? { running: state.running } : {}),
      ...(state.ended ? { ended: state.ended } : {}),
    }));
    return vendProgress({
      accounts,
      concurrency: this.options.concurrency,
      now: this.clock.now(),
      typicalCreationMs: this.options.typicalCreationMs,
      cancelled,
    });
  }

  /** `step`: a step started or ended; `refresh`: time passed; `finish`: the account's run ended. */
  private report(state: AccountState, cause: 'step' | 'refresh' | 'finish'): void {
    const whole = this.snapshot();
    const live = this.accounts.some((account) => !account.ended) && whole.done < whole.total;
    // Only a live run estimates; an ETA it cannot give honestly is "unknown" (an estimate without etaMs).
    const estimate = live ? (whole.etaMs === undefined ? {} : { etaMs: whole.etaMs }) : undefined;
    const overall = this.options.overall;
    if (overall) {
      if (cause === 'step') state.task?.progress(state.finished.length, state.steps.length, doing(state));
      const vended = this.accounts.filter(
        (account) => account.ended === 'vended' || (!account.ended && account.finished.length === account.steps.length),
      ).length;
      overall.progress(whole.done, whole.total, `${vended} of ${this.accounts.length} vended`, estimate);
    } else if (cause !== 'finish') {
      state.task?.progress(state.finished.length, state.steps.length, doing(state), estimate);
    }
  }
}

/** The step under way (or next), or how the account's run ended. */
function doing(state: AccountState): string {
  if (state.ended === 'failed' || state.ended === 'cancelled')
    return `${state.ended} at ${STEP_LABELS[state.finished.at(-1)?.step ?? 'locate']}`;
  const next = state.running?.step ?? state.steps[state.finished.length];
  return next ? STEP_LABELS[next] : 'done';
}

/** One account's side of the report, driven by the vending run. */
export interface AccountProgress {
  /** The task that shows the account (its steps are sub-tasks). */
  attach(task: TaskHandle): void;
  started(step: VendStepName): void;
  ended(step: VendStepName, end: VendStepEnd): void;
  /** The account's run ended (a failed or cancelled step has ended it already). */
  finish(ended: 'vended' | 'failed' | 'cancelled'): void;
  /** Re-estimates while a long step runs (each poll of the creation wait), without a new step. */
  refresh(): void;
}

/** A vending run's progress, keyed by whatever names its accounts (a request, a plan change). */
export interface VendProgressRun<K> {
  readonly accounts: Map<K, AccountProgress>;
  /** Ends the `Vend N accounts` task, if there is one (after the accounts, also those never started). */
  end(interrupted: boolean): void;
}

/**
 * Starts the step counter and ETA of vending `keys`: on the account's own task for one account; for several,
 * on a task of its own ("Vend N accounts"), started now and ended by `end`.
 */
export function startVendProgress<K>(
  ctx: Pick<CommandContext, 'io' | 'clock'>,
  keys: readonly K[],
  options: { concurrency: number; steps: readonly VendStepName[]; typicalCreationMs?: number },
): VendProgressRun<K> {
  const overall = keys.length > 1 ? ctx.io.task(`Vend ${keys.length} accounts`) : undefined;
  const report = new VendProgressReport(ctx.clock, {
    concurrency: options.concurrency,
    typicalCreationMs: options.typicalCreationMs,
    overall,
  });
  const accounts = new Map(keys.map((key) => [key, report.account(options.steps)] as const));
  return {
    accounts,
    end: (interrupted) => {
      if (!overall) return;
      const { done, total } = report.snapshot(interrupted);
      const failed = report.failed();
      if (interrupted) overall.cancel(`interrupted at step ${done} of ${total}`);
      else if (failed > 0) overall.fail(`${failed} of ${keys.length} failed`);
      else overall.succeed(`${keys.length} accounts, ${done} of ${total} steps`);
    },
  };
}

/** The step's task, re-estimating the run's ETA whenever the step says how it is going (each poll of the wait). */
export function withRefresh(task: TaskHandle, refresh: () => void): TaskHandle {
  return {
    task: (title) => task.task(title),
    progress: (done, total, text, estimate) => {
      task.progress(done, total, text, estimate);
      refresh();
    },
    update: (text) => {
      task.update(text);
      refresh();
    },
    succeed: (text) => task.succeed(text),
    skip: (text) => task.skip(text),
    fail: (text) => task.fail(text),
    cancel: (text) => task.cancel(text),
  };
}
