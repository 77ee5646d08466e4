import type { OrgSnapshot } from '../accounts/org-model.js';
import type { PolicyTarget } from './deployed-state.js';
import type { PolicyPlan, ScpPlan } from './diff.js';

/** A root, OU or account an SCP is attached to, with the member accounts under it. */
export interface TargetReach {
  id: string;
  /** "root", an OU path such as "Workloads/Prod", or "Dev (111122223333)". */
  label: string;
  accounts: number;
}

/** Where a changed SCP takes effect: every target it is attached to now, and the accounts under them. */
export interface PolicyBlastRadius {
  name: string;
  action: PolicyPlan['action'];
  contentChanged: boolean;
  /** Lines added and removed in its pretty-printed content. */
  added: number;
  removed: number;
  attachedTo: TargetReach[];
  /** Distinct member accounts under those targets (SCPs never restrict the management account). */
  accounts: number;
}

export interface ScpBlastRadius {
  policies: PolicyBlastRadius[];
  /** Every change of attachment: which policy, where, the accounts under it. */
  attachments: Array<{ change: 'attach' | 'detach'; policy: string; target: TargetReach }>;
  /** Distinct member accounts any change of this plan reaches. */
  accounts: number;
  /** Member accounts in the organization. */
  memberAccounts: number;
}

/** Pure: the member accounts under a target (root: all; OU: its subtree; account: itself). */
export function memberAccountsUnder(snapshot: OrgSnapshot, targetId: string): string[] {
  const management = snapshot.organization.managementAccountId;
  const members = snapshot.accounts.filter((account) => account.id !== management);
  if (targetId === snapshot.root.id) return members.map((account) => account.id);
  if (members.some((account) => account.id === targetId)) return [targetId];
  const inside = new Set([targetId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const ou of snapshot.ous) {
      if (inside.has(ou.parentId) && !inside.has(ou.id)) {
        inside.add(ou.id);
        grew = true;
      }
    }
  }
  return members.filter((account) => inside.has(account.parentId)).map((account) => account.id);
}

/** Pure: how a person names a target. */
export function targetLabel(snapshot: OrgSnapshot, targetId: string, fallback = targetId): string {
  if (targetId === snapshot.root.id) return 'root';
  const ou = snapshot.ous.find((candidate) => candidate.id === targetId);
  if (ou) return ou.path.join('/');
  const account = snapshot.accounts.find((candidate) => candidate.id === targetId);
  return account ? `${account.name} (${account.id})` : fallback;
}

/**
 * Pure: the blast radius of a plan - for each SCP whose content changes, every target it is attached to
 * and the member accounts under them; for each attach and detach, the accounts under its target.
 */
export function scpBlastRadius(
  plan: ScpPlan,
  targetsOfPolicies: ReadonlyMap<string, readonly PolicyTarget[]>,
  snapshot: OrgSnapshot,
): ScpBlastRadius {
  const reach = (id: string, fallback?: string): TargetReach => ({
    id,
    label: targetLabel(snapshot, id, fallback),
    accounts: memberAccountsUnder(snapshot, id).length,
  });
  const reached = new Set<string>();
  const policies = plan.policies
    .filter((policy) => policy.action !== 'unchanged' && policy.action !== 'conflict')
    .map((policy): PolicyBlastRadius => {
      const targets = policy.policyId ? (targetsOfPolicies.get(policy.policyId) ?? []) : [];
      const attachedTo = targets.map((target) => reach(target.id, target.name));
      const accounts = new Set(targets.flatMap((target) => memberAccountsUnder(snapshot, target.id)));
      if (policy.contentChanged) for (const id of accounts) reached.add(id);
      return {
        name: policy.name,
        action: policy.action,
        contentChanged: policy.contentChanged,
        added: policy.diff.filter((line) => line.startsWith('+ ')).length,
        removed: policy.diff.filter((line) => line.startsWith('- ')).length,
        attachedTo,
        accounts: accounts.size,
      };
    });
  const attachments = plan.targets.flatMap((target) =>
    [
      ...target.attach.map((ref) => ({ change: 'attach' as const, policy: ref.name })),
      ...target.detach.map((ref) => ({ change: 'detach' as const, policy: ref.name })),
    ].map((change) => {
      for (const id of memberAccountsUnder(snapshot, target.target.id)) reached.add(id);
      return { ...change, target: reach(target.target.id, target.target.label) };
    }),
  );
  const memberAccounts = memberAccountsUnder(snapshot, snapshot.root.id).length;
  return { policies, attachments, accounts: plan.enableScps ? memberAccounts : reached.size, memberAccounts };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Pure: the change list a confirmation shows, one line per change, targets indented under their SCP. */
export function scpChangeLines(plan: ScpPlan, radius: ScpBlastRadius): string[] {
  const lines: string[] = [];
  if (plan.enableScps)
    lines.push(`enable SCPs in the root (FullAWSAccess goes on every OU and account: ${radius.memberAccounts})`);
  for (const policy of radius.policies) {
    const content = policy.contentChanged ? `content +${policy.added} -${policy.removed} lines` : 'description only';
    const what =
      policy.action === 'create'
        ? `create SCP ${policy.name}`
        : policy.action === 'adopt'
          ? `adopt SCP ${policy.name} (tag it awsarch:managed${policy.contentChanged ? `; ${content}` : ''})`
          : `update SCP ${policy.name} (${content})`;
    if (policy.action === 'create') {
      lines.push(what);
      continue;
    }
    const where = policy.attachedTo.length === 0 ? 'attached nowhere' : plural(policy.accounts, 'account');
    lines.push(`${what}: ${policy.contentChanged ? `${where} affected` : where}`);
    for (const target of policy.attachedTo)
      lines.push(`  attached to ${target.label} (${plural(target.accounts, 'account')})`);
  }
  for (const { change, policy, target } of radius.attachments)
    lines.push(
      `${change} ${policy} ${change === 'attach' ? 'to' : 'from'} ${target.label} (${plural(target.accounts, 'account')})`,
    );
  lines.push(`blast radius: ${radius.accounts} of ${plural(radius.memberAccounts, 'member account')}`);
  return lines;
}
