import type { AccountInfo } from '../accounts/org-model.js';
import { toAwsarchError } from '../aws/aws-errors.js';
import type { AccountTarget, AnyBaselineStep, PlannedChange, Prepared, StepName, StepPlan } from './model.js';
import type { AccountRow, BaselineCell, BaselineProgress, BaselineReport } from './report.js';
import { accountLabel, clientsFor, type BaselineRun } from './run-context.js';
import { BASELINE_STEPS } from './steps.js';
import { ERR } from '../core/error-codes.js';

/** An account to baseline, with the OU path shown in reports. */
export interface BaselineAccount extends AccountInfo {
  ou: string;
}

function errorCell(step: StepName, error: unknown, doing: string): BaselineCell {
  const failure = toAwsarchError(error, doing);
  return {
    step,
    state: 'error',
    summary: failure.message,
    differences: [],
    changes: [],
    error: { code: failure.code, message: failure.message, hint: failure.hint },
  };
}

function organizationCell(step: StepName, prepared: Prepared<unknown>, run: BaselineRun): BaselineCell {
  const changed = prepared.changes.length > 0 && prepared.state !== 'error';
  const state =
    prepared.state === 'error'
      ? 'error'
      : run.mode === 'apply' && changed
        ? 'applied'
        : run.mode === 'dry-run' && changed
          ? 'planned'
          : prepared.state;
  return {
    step,
    state,
    summary: prepared.summary,
    differences: prepared.differences,
    changes: prepared.changes,
    ...(prepared.state === 'error'
      ? { error: { code: ERR.BASELINE_PREREQUISITE.code, message: prepared.summary } }
      : {}),
  };
}

function planCell(step: StepName, plan: StepPlan<PlannedChange>, run: BaselineRun): BaselineCell {
  const changes = plan.changes.map((change) => change.description);
  // Drift this step cannot repair itself (e.g. standards waiting for another step's recorder) stays drift.
  if (plan.state === 'ok' || run.mode === 'status' || changes.length === 0)
    return { step, state: plan.state, summary: plan.summary, differences: plan.differences, changes };
  return {
    step,
    state: run.mode === 'apply' ? 'applied' : 'planned',
    summary: `${changes.length} change(s): ${plan.summary}`,
    differences: plan.differences,
    changes,
    found: plan.state,
  };
}

/**
 * One step across every account: prepare once (organization level), read every account at once
 * (bounded per service), decide what each should have in account order (so allocations are
 * reproducible), plan, and in apply mode make the changes. A failure stays in its cell.
 */
async function runStep(
  run: BaselineRun,
  name: StepName,
  accounts: BaselineAccount[],
  progress?: BaselineProgress,
): Promise<{ organization: BaselineCell; cells: Map<string, BaselineCell> }> {
  const step: AnyBaselineStep = BASELINE_STEPS[name];
  const params = run.baseline.steps.find((spec) => spec.step === name);
  const cells = new Map<string, BaselineCell>();
  const finish = (accountId: string, cell: BaselineCell) => {
    cells.set(accountId, cell);
    progress?.cell(accountId, name, cell);
  };
  progress?.cell('organization', name, 'reading');
  let prepared: Prepared<unknown>;
  try {
    prepared = await step.prepare(run, params);
  } catch (error) {
    prepared = {
      state: 'error',
      summary: toAwsarchError(error, `Preparing ${name}`).message,
      differences: [],
      changes: [],
    };
  }
  const organization = organizationCell(name, prepared, run);
  progress?.cell('organization', name, organization);
  // An organization-level error with shared facts (e.g. the Config aggregator) does not hold the accounts back.
  if (prepared.shared === undefined) {
    for (const account of accounts)
      finish(account.id, {
        step: name,
        state: 'error',
        summary: `blocked: ${prepared.summary}`,
        differences: [],
        changes: [],
        error: { code: ERR.BASELINE_PREREQUISITE.code, message: prepared.summary },
      });
    return { organization, cells };
  }
  const shared = prepared.shared;
  const targets: AccountTarget[] = accounts.map((account) => ({ account, aws: clientsFor(run, account.id), run }));
  const reads = await Promise.allSettled(
    targets.map(async (target) => {
      progress?.cell(target.account.id, name, 'reading');
      return step.read(target, params, shared);
    }),
  );
  const planned: Array<{ target: AccountTarget; current: unknown; desired: unknown; plan: StepPlan<PlannedChange> }> =
    [];
  for (const [index, target] of targets.entries()) {
    const read = reads[index] as PromiseSettledResult<unknown>;
    const doing = `Reading ${name} in ${accountLabel(target.account)}`;
    if (read.status === 'rejected') {
      finish(target.account.id, errorCell(name, read.reason, doing));
      continue;
    }
    try {
      const desired = await step.desire(target, params, shared, read.value);
      planned.push({ target, current: read.value, desired, plan: step.plan(read.value, desired) });
    } catch (error) {
      finish(target.account.id, errorCell(name, error, `Planning ${name} in ${accountLabel(target.account)}`));
    }
  }
  await Promise.all(
    planned.map(async ({ target, current, desired, plan }) => {
      const cell = planCell(name, plan, run);
      if (run.mode !== 'apply' || plan.changes.length === 0) return finish(target.account.id, cell);
      progress?.cell(target.account.id, name, 'applying');
      try {
        await step.apply(target, plan.changes, desired, shared, current);
        finish(target.account.id, cell);
      } catch (error) {
        const failed = errorCell(name, error, `Applying ${name} in ${accountLabel(target.account)}`);
        finish(target.account.id, { ...failed, differences: plan.differences, changes: cell.changes });
      }
    }),
  );
  return { organization, cells };
}

/** Runs the selected steps of a baseline over the accounts; every step proceeds independently. */
export async function runBaseline(
  run: BaselineRun,
  accounts: BaselineAccount[],
  steps: StepName[],
  progress?: BaselineProgress,
): Promise<BaselineReport> {
  for (const account of accounts) for (const step of steps) progress?.cell(account.id, step, 'pending');
  // A step that builds on another (Security Hub's standards need Config recording) starts after it.
  const running = new Map<StepName, ReturnType<typeof runStep>>();
  for (const step of steps) {
    const before = (BASELINE_STEPS[step].after ?? []).flatMap((name) => {
      const dependency = running.get(name);
      return dependency ? [dependency] : [];
    });
    running.set(
      step,
      Promise.allSettled(before).then(() => runStep(run, step, accounts, progress)),
    );
  }
  const results = await Promise.all(steps.map((step) => running.get(step) as ReturnType<typeof runStep>));
  const rows: AccountRow[] = accounts.map((account) => ({
    id: account.id,
    name: account.name,
    ou: account.ou,
    cells: results.map((result) => result.cells.get(account.id) as BaselineCell),
  }));
  return {
    baseline: run.baseline.name,
    mode: run.mode,
    homeRegion: run.baseline.homeRegion,
    regions: run.baseline.regions,
    steps,
    organization: results.map((result) => result.organization),
    accounts: rows,
  };
}
