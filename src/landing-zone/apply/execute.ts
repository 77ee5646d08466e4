import { readTypicalCreationMs } from '../../accounts/creation-history.js';
import { formatOuPath } from '../../accounts/ou-path.js';
import { startVendProgress } from '../../accounts/vend-progress-report.js';
import { vendStepPlan } from '../../accounts/vend-progress.js';
import { toAwsarchError } from '../../aws/aws-errors.js';
import { CONCURRENT_CLOSURES } from '../../accounts/close-quota.js';
import type { Change, ChangeKind } from '../plan/model.js';
import { PHASES } from '../plan/plan.js';
import { applyBaselines } from './execute-baselines.js';
import {
  closeAccount,
  createAccount,
  createOrganization,
  createOu,
  deleteOu,
  moveAccount,
  tagAccount,
  tagOu,
} from './execute-organization.js';
import { createTransitGateway, ensureLogArchiveBucket } from './execute-prerequisites.js';
import { deleteScp, enableScps, updateAttachments, writeScp } from './execute-scps.js';
import type { RunJournal } from './journal.js';
import type { ApplyRun } from './run.js';
import { ERR } from '../../core/error-codes.js';

/** What happened to one change of the plan. */
export interface ChangeOutcome {
  key: string;
  kind: ChangeKind;
  status: 'done' | 'failed' | 'skipped';
  detail?: string;
  error?: { code: string; message: string; hint?: string };
}

/** AWS allows five account creations in progress at a time. */
const CONCURRENT_CREATIONS = 5;

/** A line for the live view of a change that has no task of its own. */
function titleOf(change: Change): string {
  switch (change.kind) {
    case 'create-organization':
      return 'Create the organization';
    case 'enable-scps':
      return 'Enable SCPs in the root';
    case 'create-ou':
      return `Create OU ${formatOuPath(change.path)}`;
    case 'tag-ou':
      return `Mark OU ${formatOuPath(change.path)} as managed`;
    case 'move-account':
      return `Move ${change.name} into ${formatOuPath(change.to)}`;
    case 'tag-account':
      return `Tag ${change.name}`;
    case 'create-transit-gateway':
      return `Create transit gateway ${change.name} in ${change.owner}`;
    case 'log-archive-bucket':
      return `Log-archive bucket in ${change.account}`;
    case 'scp-policy':
      return `${change.action === 'create' ? 'Create' : change.action === 'adopt' ? 'Adopt' : 'Update'} SCP ${change.name}`;
    case 'scp-attachments':
      return `SCPs of ${change.label}`;
    case 'prune-move-account':
      return `Move ${change.name} into ${formatOuPath(change.to)} (prune)`;
    case 'close-account':
      return `Close ${change.name} (prune)`;
    case 'delete-ou':
      return `Delete OU ${formatOuPath(change.path)} (prune)`;
    case 'delete-scp':
      return `Delete SCP ${change.name} (prune)`;
    default:
      return change.key;
  }
}

/** One change (not a baseline: those run together, per baseline). */
async function executeChange(run: ApplyRun, change: Change): Promise<string> {
  switch (change.kind) {
    case 'create-organization':
      return createOrganization(run);
    case 'enable-scps':
      return enableScps(run);
    case 'create-ou':
      return createOu(run, change);
    case 'tag-ou':
      return tagOu(run, change);
    case 'create-account':
      return createAccount(run, change);
    case 'move-account':
      return moveAccount(run, change.accountId, change.to);
    case 'tag-account':
      return tagAccount(run, change);
    case 'create-transit-gateway':
      return createTransitGateway(run, change);
    case 'log-archive-bucket':
      return ensureLogArchiveBucket(run, change);
    case 'scp-policy':
      return writeScp(run, change);
    case 'scp-attachments':
      return updateAttachments(run, change);
    case 'prune-move-account':
      return moveAccount(run, change.accountId, change.to);
    case 'close-account':
      return closeAccount(run, change);
    case 'delete-ou':
      return deleteOu(run, change);
    case 'delete-scp':
      return deleteScp(run, change);
    case 'baseline':
    case 'baseline-organization':
      throw new Error('baselines run per baseline, not one by one');
  }
}

type BaselineChange = Extract<Change, { kind: 'baseline' | 'baseline-organization' }>;

/** The baseline steps that cannot run without a prerequisite of this apply. */
const STEPS_NEEDING: Record<string, string[]> = {
  'prerequisite:transit-gateway': ['network'],
  'prerequisite:log-archive-bucket': ['cloudtrail', 'config'],
};

/**
 * Pure: a baseline change without the steps whose prerequisite failed (the other steps do not need
 * it and still run), or skipped when an account it needs was not created or nothing is left.
 */
export function withoutBlockedSteps(
  change: BaselineChange,
  statusOf: (key: string) => ChangeOutcome['status'],
): { change: BaselineChange; dropped?: string; skipped?: string } {
  const failed = change.dependsOn.filter((key) => statusOf(key) !== 'done');
  if (failed.length === 0) return { change };
  const hard = failed.filter((key) => !STEPS_NEEDING[key]);
  if (hard.length > 0) return { change, skipped: `needs ${hard.join(', ')}, which did not succeed` };
  const blocked = new Set(failed.flatMap((key) => STEPS_NEEDING[key] ?? []));
  const steps = change.steps.filter((step) => !blocked.has(step.step));
  const names = [...blocked].filter((step) => change.steps.some((candidate) => candidate.step === step));
  const dropped = `${names.join(', ')} not applied: needs ${failed.join(', ')}, which did not succeed`;
  if (steps.length === 0 || names.length === 0) return names.length === 0 ? { change } : { change, skipped: dropped };
  return { change: { ...change, steps } as BaselineChange, dropped };
}

function kindLimit(kind: ChangeKind, concurrency: number): number {
  if (kind === 'create-account') return Math.min(concurrency, CONCURRENT_CREATIONS);
  if (kind === 'close-account') return Math.min(concurrency, CONCURRENT_CLOSURES);
  return concurrency;
}

/**
 * Carries out the plan in its phases (organization, OUs, accounts, prerequisites, SCPs, baselines,
 * removals), a bounded number of changes at a time. A change whose dependency failed is skipped with
 * the reason; everything else still runs. Every step is written to the journal as it happens.
 */
export async function executePlan(
  run: ApplyRun,
  journal: RunJournal,
  options: { concurrency: number },
): Promise<ChangeOutcome[]> {
  const outcomes = new Map<string, ChangeOutcome>();
  const planned = new Set(run.plan.changes.map((change) => change.key));
  const blockedBy = (change: Change): string | undefined => {
    for (const key of change.dependsOn) {
      if (!planned.has(key)) continue;
      const outcome = outcomes.get(key);
      if (outcome && outcome.status !== 'done')
        return `needs ${key}, which ${outcome.status === 'failed' ? 'failed' : 'was skipped'}`;
    }
    return undefined;
  };
  const record = (change: Change, outcome: Omit<ChangeOutcome, 'key' | 'kind'>) => {
    outcomes.set(change.key, { key: change.key, kind: change.kind, ...outcome });
    if (outcome.status === 'done') journal.done(change.key, outcome.detail);
    else if (outcome.status === 'failed') journal.failed(change.key, outcome.error?.message ?? outcome.detail ?? '');
    else journal.skipped(change.key, outcome.detail ?? '');
  };
  const phases = [...new Set(run.plan.changes.map((change) => PHASES[change.kind]))].sort((a, b) => a - b);
  for (const phase of phases) {
    const items = run.plan.changes.filter((change) => PHASES[change.kind] === phase);
    if (items.every((change) => change.kind === 'baseline' || change.kind === 'baseline-organization')) {
      const ready: BaselineChange[] = [];
      const dropped = new Map<string, string>();
      for (const change of items as BaselineChange[]) {
        const narrowed = withoutBlockedSteps(change, (key) =>
          planned.has(key) ? (outcomes.get(key)?.status ?? 'skipped') : 'done',
        );
        if (narrowed.skipped) record(change, { status: 'skipped', detail: narrowed.skipped });
        else {
          ready.push(narrowed.change);
          if (narrowed.dropped) dropped.set(change.key, narrowed.dropped);
        }
      }
      for (const change of ready) journal.begin(change.key);
      try {
        const batch = await applyBaselines(run, ready);
        for (const change of ready) {
          const outcome = batch.get(change.key) ?? { status: 'failed' as const, detail: 'not applied' };
          const missing = dropped.get(change.key);
          const detail = missing ? `${outcome.detail}; ${missing}` : outcome.detail;
          record(
            change,
            outcome.status === 'done' && !missing
              ? { status: 'done', detail }
              : { status: 'failed', detail, error: { code: ERR.BASELINE_FAILED.code, message: detail } },
          );
        }
      } catch (error) {
        const failure = toAwsarchError(error, 'Applying the baselines');
        for (const change of ready)
          if (!outcomes.has(change.key))
            record(change, {
              status: 'failed',
              error: { code: failure.code, message: failure.message, hint: failure.hint },
            });
      }
      continue;
    }
    const creates = items.filter((change) => change.kind === 'create-account').map((change) => change.key);
    if (creates.length > 0)
      run.vending = startVendProgress(run.ctx, creates, {
        concurrency: kindLimit('create-account', options.concurrency),
        steps: vendStepPlan({ wait: true, baseline: false }),
        typicalCreationMs: await readTypicalCreationMs(run.ctx),
      });
    await runPhase(
      items,
      options.concurrency,
      blockedBy,
      async (change) => {
        journal.begin(change.key);
        const task = change.kind === 'create-account' ? undefined : run.ctx.io.task(titleOf(change));
        try {
          const detail = await executeChange(run, change);
          task?.succeed(detail);
          record(change, { status: 'done', detail });
        } catch (error) {
          const failure = toAwsarchError(error, titleOf(change));
          task?.fail(failure.message);
          record(change, {
            status: 'failed',
            error: { code: failure.code, message: failure.message, hint: failure.hint },
          });
        }
      },
      (change, reason) => record(change, { status: 'skipped', detail: reason }),
    );
    run.vending?.end(run.ctx.signal.aborted);
    run.vending = undefined;
  }
  return run.plan.changes.map(
    (change) =>
      outcomes.get(change.key) ?? { key: change.key, kind: change.kind, status: 'skipped', detail: 'not reached' },
  );
}

/** Runs a phase's changes as their dependencies allow, at most `concurrency` at once (fewer for some kinds). */
async function runPhase(
  items: readonly Change[],
  concurrency: number,
  blockedBy: (change: Change) => string | undefined,
  work: (change: Change) => Promise<void>,
  skip: (change: Change, reason: string) => void,
): Promise<void> {
  const waiting = [...items];
  const running = new Map<string, { kind: ChangeKind; promise: Promise<void> }>();
  const finished = new Set<string>();
  const inPhase = new Set(items.map((change) => change.key));
  while (waiting.length > 0 || running.size > 0) {
    for (let index = 0; index < waiting.length;) {
      const change = waiting[index] as Change;
      const pending = change.dependsOn.some((key) => inPhase.has(key) && !finished.has(key));
      if (pending) {
        index++;
        continue;
      }
      const reason = blockedBy(change);
      if (reason) {
        waiting.splice(index, 1);
        skip(change, reason);
        finished.add(change.key);
        continue;
      }
      const sameKind = [...running.values()].filter((entry) => entry.kind === change.kind).length;
      if (running.size >= concurrency || sameKind >= kindLimit(change.kind, concurrency)) {
        index++;
        continue;
      }
      waiting.splice(index, 1);
      const promise = work(change).finally(() => {
        running.delete(change.key);
        finished.add(change.key);
      });
      running.set(change.key, { kind: change.kind, promise });
    }
    if (running.size === 0) {
      for (const change of waiting.splice(0)) skip(change, 'its dependencies never completed');
      break;
    }
    await Promise.race([...running.values()].map((entry) => entry.promise));
  }
}
