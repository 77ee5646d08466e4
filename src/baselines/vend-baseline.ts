import { readOrganization } from '../accounts/org-reader.js';
import { formatOuPath, pathOfParent } from '../accounts/ou-path.js';
import type { VendFinalStep } from '../accounts/vend-model.js';
import type { CommandContext } from '../core/context.js';
import { AwsarchError } from '../core/errors.js';
import { followUpCommand } from '../core/rerun-hint.js';
import type { TaskHandle } from '../core/io-host.js';
import { loadBaseline } from './definition.js';
import type { StepName } from './model.js';
import { formatRow } from './progress.js';
import type { BaselineCell, BaselineProgress, CellPhase } from './report.js';
import { newBaselineSession } from './run-context.js';
import { runBaseline } from './runner.js';
import { ERR } from '../core/error-codes.js';

/** Shows one account's cells as the detail of its vending task. */
function taskProgress(task: TaskHandle, steps: StepName[]): BaselineProgress {
  const cells = new Map<StepName, CellPhase | BaselineCell>();
  return {
    cell(rowId, step, phase) {
      if (rowId === 'organization') return;
      cells.set(step, phase);
      task.update(formatRow(steps, cells));
    },
  };
}

/**
 * `account create --baseline NAME`: the baseline is loaded (and validated) before anything is vended,
 * then applied to each account once it is accessible. The accounts of one command share a session, so
 * CIDRs handed out to accounts vended side by side never overlap.
 */
export async function vendBaselineStep(ctx: CommandContext, nameOrPath: string): Promise<VendFinalStep> {
  const baseline = await loadBaseline(nameOrPath);
  const steps = baseline.steps.map((step) => step.step);
  const session = newBaselineSession();
  return {
    plan: `apply baseline ${baseline.name} (${steps.join(', ')})`,
    async run(accountId, task) {
      const snapshot = await readOrganization(ctx.aws);
      const account = snapshot.accounts.find((candidate) => candidate.id === accountId);
      if (!account)
        throw new AwsarchError(ERR.BASELINE_ACCOUNT_MISSING, `account ${accountId} is not in the organization yet`);
      const target = { ...account, ou: formatOuPath(pathOfParent(snapshot, account.parentId) ?? []) };
      const report = await runBaseline(
        { ctx, mode: 'apply', baseline, snapshot, session },
        [target],
        steps,
        taskProgress(task, steps),
      );
      const cells = report.accounts[0]?.cells ?? [];
      const failed = cells.filter((cell) => cell.state === 'error');
      if (failed.length > 0) {
        throw new AwsarchError(
          ERR.BASELINE_FAILED,
          `baseline ${baseline.name}: ${failed.map((cell) => `${cell.step}: ${cell.error?.message ?? cell.summary}`).join('; ')}`,
          {
            hint: `fix the cause, then run (it completes what is missing): ${followUpCommand(ctx, ['baseline', 'apply', '--account', accountId, '--baseline', nameOrPath])}`,
            details: { cells },
          },
        );
      }
      const changed = cells.filter((cell) => cell.state === 'applied');
      return `${baseline.name}: ${changed.length ? `${changed.map((cell) => cell.step).join(', ')} applied` : 'already in place'}`;
    },
  };
}
