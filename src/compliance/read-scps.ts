import { ListPoliciesCommand, ListTargetsForPolicyCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { findAccount } from '../accounts/account-queries.js';
import type { OrgSnapshot } from '../accounts/org-model.js';
import { resolveParent } from '../accounts/ou-path.js';
import { toAwsarchError } from '../aws/aws-errors.js';
import type { DesiredScps } from '../scps/desired.js';
import type { AttachedScp, SourceReading } from './model.js';
import type { ReadScope } from './read-scope.js';
import { trackedEach, trackedPages, type Tracked } from './reads.js';

/**
 * Every SCP of the organization with its targets: one listing, then each policy's targets (an aggregate
 * read: a handful of policies instead of one ListPoliciesForTarget per account and OU).
 */
export async function readAttachedScps(scope: ReadScope, after = 0): Promise<Tracked<SourceReading<AttachedScp[]>>> {
  const orgs = scope.aws.client(OrganizationsClient, { region: scope.homeRegion });
  try {
    const policies = await trackedPages(
      after,
      (NextToken) => orgs.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', NextToken })),
      (page) => ({ items: page.Policies, next: page.NextToken }),
    );
    const targets = await trackedEach(policies.value, policies.depth, (policy) =>
      trackedPages(
        policies.depth,
        (NextToken) => orgs.send(new ListTargetsForPolicyCommand({ PolicyId: policy.Id, NextToken })),
        (page) => ({ items: page.Targets, next: page.NextToken }),
      ),
    );
    return {
      value: {
        state: 'read',
        administrator: scope.managementAccountId,
        region: 'global',
        notes: [],
        data: policies.value.map((policy, index) => ({
          id: policy.Id ?? '',
          name: policy.Name ?? '',
          targets: (targets.value[index] ?? []).map((target) => target.TargetId ?? ''),
        })),
      },
      depth: targets.depth,
    };
  } catch (error) {
    return {
      value: {
        state: 'unavailable',
        problem: `the organization's SCPs could not be read: ${toAwsarchError(error, 'Listing SCPs').message}`,
        fix: 'run awsarch with credentials of the management account (SCPs are read from AWS Organizations there)',
      },
      depth: after + 1,
    };
  }
}

/** The id a landing-zone SCP target names in this organization (root, OU path or id, account), if it exists. */
function targetId(snapshot: OrgSnapshot, target: string): string | undefined {
  for (const resolve of [() => resolveParent(snapshot, target).id, () => findAccount(snapshot, target).id])
    try {
      return resolve();
    } catch {
      // not this kind of target
    }
  return undefined;
}

/**
 * Pure: per account, the SCP names the landing-zone file puts in effect: those it attaches to the root, to
 * an OU above the account, or to the account. Targets that do not exist yet attach nothing.
 */
export function expectedScps(
  snapshot: OrgSnapshot,
  desired: DesiredScps,
  accounts: ReadonlyArray<{ id: string; parentIds: string[] }>,
): Record<string, string[]> {
  const byTarget = new Map<string, Set<string>>();
  for (const assignment of desired.assignments) {
    const id = targetId(snapshot, assignment.target);
    if (!id) continue;
    const names = byTarget.get(id) ?? new Set<string>();
    for (const policy of assignment.policies) names.add(policy);
    byTarget.set(id, names);
  }
  return Object.fromEntries(
    accounts.map((account) => [
      account.id,
      [...new Set([...account.parentIds, account.id].flatMap((id) => [...(byTarget.get(id) ?? [])]))].sort(),
    ]),
  );
}
