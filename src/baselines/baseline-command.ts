import { readOrganization } from '../accounts/org-reader.js';
import { DEFAULT_LEASE_WAIT_MS } from '../aws/run-lease-decisions.js';
import { withRunLease } from '../aws/run-lease.js';
import type { CommandContext } from '../core/context.js';
import { usageError } from '../core/errors.js';
import { loadBaseline, type BaselineDefinition } from './definition.js';
import { STEP_NAMES, type StepName } from './model.js';
import { TaskRowsProgress } from './progress.js';
import { countCells, type BaselineReport } from './report.js';
import { accountLabel, newBaselineSession, type BaselineSession, type RunMode } from './run-context.js';
import { runBaseline, type BaselineAccount } from './runner.js';
import { selectBaselineAccounts, validateSelector, type AccountSelector } from './select-accounts.js';
import { ERR } from '../core/error-codes.js';
import { MSG } from '../core/message-codes.js';

export interface BaselineRequest {
  /** A bundled baseline name or a file path. */
  baseline: string;
  selector: AccountSelector;
  /** Steps to run; all of the baseline's when empty. */
  only: string[];
  mode: RunMode;
  /** apply: how long to wait for another run holding the organization's run lease. */
  leaseWaitMs?: number;
}

/** Pure: the baseline's steps, in its order, limited to --only (which must name steps the baseline has). */
export function selectSteps(definition: BaselineDefinition, only: readonly string[]): StepName[] {
  const listed = definition.steps.map((step) => step.step);
  if (only.length === 0) return listed;
  for (const name of only) {
    if (!(STEP_NAMES as readonly string[]).includes(name))
      throw usageError(ERR.UNKNOWN_STEP, `--only: "${name}" is not a step`, `steps are ${STEP_NAMES.join(', ')}`);
    if (!listed.includes(name as StepName))
      throw usageError(
        ERR.UNKNOWN_STEP,
        `--only: baseline ${definition.name} has no ${name} step`,
        `its steps are ${listed.join(', ')}`,
      );
  }
  return listed.filter((step) => only.includes(step));
}

/** Runs a baseline over accounts with live progress; every account is attempted even when others fail. */
export async function runBaselineOver(
  ctx: CommandContext,
  definition: BaselineDefinition,
  accounts: BaselineAccount[],
  steps: StepName[],
  mode: RunMode,
  session: BaselineSession,
  snapshot: Awaited<ReturnType<typeof readOrganization>>,
): Promise<BaselineReport> {
  const title = `${mode === 'status' ? 'Check' : mode === 'apply' ? 'Apply' : 'Plan'} baseline ${definition.name} on ${accounts.length} account(s)`;
  const progress = new TaskRowsProgress(
    ctx.io,
    title,
    accounts.map((account) => ({ id: account.id, label: accountLabel(account) })),
    steps,
  );
  const report = await runBaseline({ ctx, mode, baseline: definition, snapshot, session }, accounts, steps, progress);
  const counts = countCells(report);
  progress.finish(
    `${counts.ok} ok${mode === 'status' ? `, ${counts.drift} drift, ${counts.missing} missing` : mode === 'apply' ? `, ${counts.applied} applied` : `, ${counts.planned} planned`}, ${counts.error} error`,
    counts.error > 0,
  );
  return report;
}

/**
 * `baseline status|apply`: load the baseline, read the organization, select the accounts, run. apply
 * holds the organization's run lease from before its first read to its last write.
 */
export async function baselineCommand(ctx: CommandContext, request: BaselineRequest): Promise<BaselineReport> {
  validateSelector(request.selector);
  const definition = await loadBaseline(request.baseline);
  const steps = selectSteps(definition, request.only);
  if (request.mode !== 'apply') return runOnOrganization(ctx, request, definition, steps);
  return withRunLease(
    ctx,
    { purpose: 'baseline apply', waitMs: request.leaseWaitMs ?? DEFAULT_LEASE_WAIT_MS },
    (leased) => runOnOrganization(leased, request, definition, steps),
  );
}

async function runOnOrganization(
  ctx: CommandContext,
  request: BaselineRequest,
  definition: BaselineDefinition,
  steps: StepName[],
): Promise<BaselineReport> {
  const reading = ctx.io.task('Read the organization');
  const snapshot = await readOrganization(ctx.aws).catch((error: unknown) => {
    reading.fail();
    throw error;
  });
  const { accounts, skipped } = selectBaselineAccounts(snapshot, request.selector);
  reading.succeed(`${snapshot.organization.id}, ${accounts.length} member account(s) selected`);
  for (const line of skipped) ctx.io.warn(MSG.BASELINE_ACCOUNT_SKIPPED, `skipped ${line}`, { account: line });
  if (accounts.length === 0)
    ctx.io.warn(MSG.BASELINE_NO_ACCOUNTS, 'no member account matches; only the organization-level checks run');
  return runBaselineOver(ctx, definition, accounts, steps, request.mode, newBaselineSession(), snapshot);
}
