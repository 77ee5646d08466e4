import { formatOuPath } from '../../accounts/ou-path.js';
import type { BaselineDefinition } from '../../baselines/definition.js';
import type { StepName } from '../../baselines/model.js';
import type { BaselineCell } from '../../baselines/report.js';
import type { BaselineSession } from '../../baselines/run-context.js';
import { runBaseline, type BaselineAccount } from '../../baselines/runner.js';
import type { CommandContext } from '../../core/context.js';
import type { LandingZoneSpec } from '../spec.js';
import { accountIdResolver, liveAccountOf, pathOfParentId } from './accounts.js';
import type { LiveBaselines, LiveOrganization, LivePrerequisites } from './model.js';

/** The accounts a baseline step needs besides the one it runs in, per step. */
function accountsNeeded(definition: BaselineDefinition): Partial<Record<string, string[]>> {
  const needs: Partial<Record<string, string[]>> = {};
  for (const step of definition.steps) {
    if (step.step === 'guardduty') needs.guardduty = [step.administrator];
    if (step.step === 'roles') needs.roles = step.roles.map((role) => role.trustedAccount);
  }
  return needs;
}

/**
 * Pure: the steps that cannot be read yet because what they build on does not exist (this apply
 * creates it): the transit gateway, the log-archive bucket, an account a step names.
 */
export function blockedSteps(
  spec: LandingZoneSpec,
  prerequisites: LivePrerequisites,
  accountIdOf: (reference: string) => string | undefined,
): Record<string, string> {
  const blocked: Record<string, string> = {};
  if (spec.network) {
    if (prerequisites.transitGateway === undefined || prerequisites.transitGateway === 'missing')
      blocked.network = `the transit gateway ${spec.network.transitGateway.name}`;
    const bucket = prerequisites.bucket;
    if (!bucket?.exists || !bucket.deliveryAllowed.cloudtrail) blocked.cloudtrail = 'the log-archive bucket';
    if (!bucket?.exists || !bucket.deliveryAllowed.config) blocked.config = 'the log-archive bucket';
  }
  for (const definition of Object.values(spec.baselines)) {
    for (const [step, references] of Object.entries(accountsNeeded(definition))) {
      const missing = (references ?? []).find((reference) => !accountIdOf(reference));
      if (missing && !blocked[step]) blocked[step] = `the account ${missing}`;
    }
  }
  return blocked;
}

/**
 * Reads the baseline of every existing member account the file gives one, in dry-run mode (what
 * `baseline apply --dry-run` reads and plans), one run per baseline and set of steps.
 */
export async function readLiveBaselines(
  ctx: CommandContext,
  spec: LandingZoneSpec,
  organization: LiveOrganization,
  prerequisites: LivePrerequisites,
  session: BaselineSession,
): Promise<LiveBaselines> {
  const accountIdOf = accountIdResolver(organization, spec.accounts);
  const blocked = blockedSteps(spec, prerequisites, accountIdOf);
  const groups = new Map<string, { key: string; steps: StepName[]; accounts: BaselineAccount[] }>();
  for (const account of spec.accounts) {
    const live = liveAccountOf(organization, account);
    if (!account.baseline || !live || live.status !== 'ACTIVE') continue;
    if (live.id === organization.organization.managementAccountId) continue;
    const steps = account.baseline.steps.filter((step) => !blocked[step]) as StepName[];
    const groupKey = `${account.baseline.key}|${steps.join(',')}`;
    const group = groups.get(groupKey) ?? { key: account.baseline.key, steps, accounts: [] };
    group.accounts.push({ ...live, ou: formatOuPath(pathOfParentId(organization, live.parentId)) });
    groups.set(groupKey, group);
  }
  const accounts: Record<string, BaselineCell[]> = {};
  const organizationCells: BaselineCell[] = [];
  for (const group of groups.values()) {
    if (group.steps.length === 0) {
      for (const account of group.accounts) accounts[account.id] = [];
      continue;
    }
    const report = await runBaseline(
      {
        ctx,
        mode: 'dry-run',
        baseline: spec.baselines[group.key] as BaselineDefinition,
        snapshot: organization,
        session,
      },
      group.accounts,
      group.steps,
    );
    for (const row of report.accounts) accounts[row.id] = row.cells;
    for (const cell of report.organization)
      if (!organizationCells.some((existing) => existing.step === cell.step)) organizationCells.push(cell);
  }
  return { accounts, organization: organizationCells, blocked };
}
