import { formatOuPath, pathOfParent } from '../../accounts/ou-path.js';
import { readOrganization } from '../../accounts/org-reader.js';
import type { BaselineDefinition } from '../../baselines/definition.js';
import type { StepName } from '../../baselines/model.js';
import { formatRow } from '../../baselines/progress.js';
import type { BaselineCell, CellPhase } from '../../baselines/report.js';
import { newBaselineSession } from '../../baselines/run-context.js';
import { runBaseline, type BaselineAccount } from '../../baselines/runner.js';
import type { Change } from '../plan/model.js';
import type { ApplyRun } from './run.js';

type BaselineChange = Extract<Change, { kind: 'baseline' | 'baseline-organization' }>;

export interface BatchOutcome {
  status: 'done' | 'failed';
  detail: string;
}

/**
 * The baseline phase: each baseline runs once over its accounts (its organization-level work, such as
 * designating the GuardDuty administrator, happens once in its prepare), as `baseline apply` does;
 * one account's failure stays in its cells. Accounts are read again first: this apply created some.
 */
export async function applyBaselines(
  run: ApplyRun,
  changes: readonly BaselineChange[],
): Promise<Map<string, BatchOutcome>> {
  const outcomes = new Map<string, BatchOutcome>();
  if (changes.length === 0) return outcomes;
  const snapshot = await readOrganization(run.ctx.aws);
  const session = newBaselineSession();
  const groups = new Map<string, { key: string; steps: StepName[]; changes: BaselineChange[] }>();
  for (const change of changes) {
    const definition = run.spec.baselines[change.baseline] as BaselineDefinition;
    const wanted = new Set(change.steps.map((step) => step.step));
    const steps = definition.steps.map((step) => step.step).filter((step) => wanted.has(step));
    const groupKey =
      change.kind === 'baseline-organization'
        ? `${change.baseline}|organization`
        : `${change.baseline}|${steps.join(',')}`;
    const group = groups.get(groupKey) ?? { key: change.baseline, steps, changes: [] };
    group.changes.push(change);
    groups.set(groupKey, group);
  }
  for (const group of groups.values()) {
    const accountChanges = group.changes.filter((change) => change.kind === 'baseline');
    const accounts: BaselineAccount[] = [];
    for (const change of accountChanges) {
      const id = change.accountId ?? run.accountIds.get(change.name);
      const account = snapshot.accounts.find((candidate) => candidate.id === id);
      if (!account) {
        outcomes.set(change.key, { status: 'failed', detail: `account ${change.name} is not in the organization` });
        continue;
      }
      accounts.push({ ...account, ou: formatOuPath(pathOfParent(snapshot, account.parentId) ?? []) });
    }
    const tasks = new Map(accounts.map((account) => [account.id, run.ctx.io.task(`Baseline ${account.name}`)]));
    const cells = new Map<string, Map<StepName, CellPhase | BaselineCell>>();
    const report = await runBaseline(
      { ctx: run.ctx, mode: 'apply', baseline: run.spec.baselines[group.key] as BaselineDefinition, snapshot, session },
      accounts,
      group.steps,
      {
        cell(rowId, step, phase) {
          const task = tasks.get(rowId);
          if (!task) return;
          const row = cells.get(rowId) ?? new Map<StepName, CellPhase | BaselineCell>();
          row.set(step, phase);
          cells.set(rowId, row);
          task.update(formatRow(group.steps, row));
        },
      },
    );
    const organizationErrors = report.organization.filter((cell) => cell.state === 'error');
    for (const change of group.changes.filter((candidate) => candidate.kind === 'baseline-organization'))
      outcomes.set(
        change.key,
        organizationErrors.length
          ? { status: 'failed', detail: organizationErrors.map((cell) => `${cell.step}: ${cell.summary}`).join('; ') }
          : { status: 'done', detail: report.organization.flatMap((cell) => cell.changes).join('; ') || 'in place' },
      );
    for (const row of report.accounts) {
      const change = accountChanges.find(
        (candidate) => (candidate.accountId ?? run.accountIds.get(candidate.name)) === row.id,
      );
      if (!change) continue;
      const failed = row.cells.filter((cell) => cell.state === 'error');
      const applied = row.cells.filter((cell) => cell.state === 'applied').map((cell) => cell.step);
      const outcome: BatchOutcome = failed.length
        ? {
            status: 'failed',
            detail: failed.map((cell) => `${cell.step}: ${cell.error?.message ?? cell.summary}`).join('; '),
          }
        : { status: 'done', detail: applied.length ? `${applied.join(', ')} applied` : 'already in place' };
      outcomes.set(change.key, outcome);
      const task = tasks.get(row.id);
      if (outcome.status === 'failed') task?.fail(outcome.detail);
      else task?.succeed(outcome.detail);
    }
  }
  return outcomes;
}
