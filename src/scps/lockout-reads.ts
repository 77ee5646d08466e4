import { readOrganization } from '../accounts/org-reader.js';
import { formatOuPath } from '../accounts/ou-path.js';
import type { CommandContext } from '../core/context.js';
import { loadActionUniverse } from './action-sets.js';
import { readAttachments, readPolicyDetails, readTargetsOfPolicies, type DeployedPolicy } from './deployed-state.js';
import type { CurrentScpState, ScpPlan } from './diff.js';
import {
  findLockouts,
  narrowsBelow,
  type LevelPolicy,
  type Lockout,
  type LockoutInput,
  type OrgNode,
  type TargetChange,
} from './lockout.js';
import type { RenderedScp } from './render.js';
import { FULL_AWS_ACCESS_DOCUMENT, FULL_AWS_ACCESS_ID, FULL_AWS_ACCESS_NAME } from './scp-quotas.js';
import type { OrganizationBasics } from './targets.js';

/** The targets a plan changes: attachments added or removed, and where a policy whose content changes is attached. */
async function changesOf(ctx: CommandContext, plan: ScpPlan, current: CurrentScpState): Promise<TargetChange[]> {
  const changes = new Map<string, TargetChange>();
  const changeAt = (targetId: string) => {
    let change = changes.get(targetId);
    if (!change) {
      change = { targetId, attach: [], detach: [], update: [] };
      changes.set(targetId, change);
    }
    return change;
  };
  for (const target of plan.targets) {
    if (target.attach.length === 0 && target.detach.length === 0) continue;
    const change = changeAt(target.target.id);
    change.attach.push(...target.attach.map((ref) => ref.name));
    change.detach.push(...target.detach.map((ref) => ref.name));
  }
  const updated = plan.policies.filter(
    (policy) => policy.policyId && policy.contentChanged && (policy.action === 'update' || policy.action === 'adopt'),
  );
  if (updated.length > 0 && current.scpEnabled) {
    const known = current.targetsOfPolicies ?? new Map();
    const missing = updated.map((policy) => policy.policyId as string).filter((id) => !known.has(id));
    const read = missing.length ? await readTargetsOfPolicies(ctx.aws, missing) : new Map();
    for (const policy of updated) {
      const id = policy.policyId as string;
      for (const target of known.get(id) ?? read.get(id) ?? []) changeAt(target.id).update.push(policy.name);
    }
  }
  return [...changes.values()];
}

function nodesOf(snapshot: Awaited<ReturnType<typeof readOrganization>>): Map<string, OrgNode> {
  const nodes = new Map<string, OrgNode>([[snapshot.root.id, { id: snapshot.root.id, type: 'ROOT', label: 'root' }]]);
  for (const ou of snapshot.ous)
    nodes.set(ou.id, { id: ou.id, type: 'ORGANIZATIONAL_UNIT', label: formatOuPath(ou.path), parentId: ou.parentId });
  for (const account of snapshot.accounts)
    nodes.set(account.id, {
      id: account.id,
      type: 'ACCOUNT',
      label: `${account.name} (${account.id})`,
      parentId: account.parentId,
    });
  return nodes;
}

function ancestorsOf(nodes: ReadonlyMap<string, OrgNode>, nodeId: string): string[] {
  const chain: string[] = [];
  for (let node = nodes.get(nodeId); node; node = node.parentId ? nodes.get(node.parentId) : undefined)
    chain.unshift(node.id);
  return chain;
}

/**
 * Reads what the lockout check needs and runs it: the organization's tree, the SCPs attached at every
 * level from the root down to each changed target (and below it, when it would allow less than every
 * action), and their documents. Reads nothing when the plan changes no attachment and no content.
 */
export async function checkScpLockouts(
  ctx: CommandContext,
  basics: OrganizationBasics,
  plan: ScpPlan,
  current: CurrentScpState,
  desired: readonly RenderedScp[],
): Promise<Lockout[]> {
  const changes = await changesOf(ctx, plan, current);
  if (changes.length === 0) return [];
  const [snapshot, universe] = await Promise.all([readOrganization(ctx.aws), loadActionUniverse()]);
  const nodes = nodesOf(snapshot);
  const policies = new Map<string, DeployedPolicy>(current.policies.map((policy) => [policy.id, policy]));
  const rendered = new Map(desired.map((policy) => [policy.name, policy]));
  const attachments = new Map(current.attachments);
  const before = new Map<string, LevelPolicy[]>();
  const after = new Map<string, LevelPolicy[]>();

  const contentBefore = (id: string): string | undefined =>
    id === FULL_AWS_ACCESS_ID ? JSON.stringify(FULL_AWS_ACCESS_DOCUMENT) : policies.get(id)?.content;
  const levelAfter = (ids: readonly string[]): LevelPolicy[] =>
    ids.map((id) => {
      const name = id === FULL_AWS_ACCESS_ID ? FULL_AWS_ACCESS_NAME : (policies.get(id)?.name ?? id);
      return { name, content: rendered.get(name)?.content ?? contentBefore(id) };
    });

  /** Reads the attachments (and unknown documents) of the given levels into before/after. */
  const readLevels = async (ids: readonly string[]) => {
    if (!current.scpEnabled) return; // every level has FullAWSAccess only, the evaluator's default
    const unread = ids.filter((id) => !attachments.has(id));
    for (const [id, list] of await readAttachments(ctx.aws, unread)) attachments.set(id, list);
    const unknown = [...new Set(ids.flatMap((id) => attachments.get(id) ?? []))]
      .filter((id) => id !== FULL_AWS_ACCESS_ID && policies.get(id)?.content === undefined)
      .map((id) => policies.get(id) ?? { id, name: id, description: '', awsManaged: false });
    for (const policy of await readPolicyDetails(ctx.aws, unknown, { tags: false, content: true }))
      policies.set(policy.id, policy);
    for (const id of ids) {
      const attached = attachments.get(id) ?? [];
      before.set(
        id,
        attached.map((policyId) => ({
          name: policies.get(policyId)?.name ?? policyId,
          content: contentBefore(policyId),
        })),
      );
      after.set(id, levelAfter(attached));
    }
  };

  await readLevels([...new Set(changes.flatMap((change) => ancestorsOf(nodes, change.targetId)))]);
  for (const target of plan.targets) {
    const refs = (list: typeof target.before) =>
      list.map((ref) => ({
        name: ref.name,
        content: ref.policyId
          ? (rendered.get(ref.name)?.content ?? contentBefore(ref.policyId))
          : rendered.get(ref.name)?.content,
      }));
    before.set(
      target.target.id,
      target.before.map((ref) => ({ name: ref.name, content: ref.policyId ? contentBefore(ref.policyId) : undefined })),
    );
    after.set(target.target.id, refs(target.after));
  }
  const input: LockoutInput = {
    nodes,
    managementAccountId: basics.managementAccountId,
    before,
    after,
    changes,
    universe,
  };
  // An allow list at a target makes the SCPs below it matter: read those levels too.
  const narrowing = changes.filter((change) => narrowsBelow(input, change.targetId));
  if (narrowing.length > 0) {
    const below = narrowing.flatMap((change) =>
      [...nodes.values()]
        .filter((node) => node.id !== change.targetId && ancestorsOf(nodes, node.id).includes(change.targetId))
        .map((node) => node.id),
    );
    await readLevels([...new Set(below)].filter((id) => !after.has(id)));
  }
  return findLockouts(input);
}
