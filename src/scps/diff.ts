import type { DeployedPolicy, PolicyTarget } from './deployed-state.js';
import { diffLines, prettyPolicy, samePolicyContent } from './json-diff.js';
import type { RenderedScp } from './render.js';
import { FULL_AWS_ACCESS_ID, FULL_AWS_ACCESS_NAME } from './scp-quotas.js';
import type { ScpTarget } from './targets.js';

/** Which SCPs should be attached to one target (names of templates, or FullAWSAccess). */
export interface Assignment {
  target: ScpTarget;
  policies: string[];
}

export interface PlanMode {
  /** The assignments describe every attachment of awsarch-managed SCPs (`--from FILE`): others are detached. */
  declarative: boolean;
  /** Also detach SCPs awsarch did not create from the named targets. */
  exclusive: boolean;
  /** Take over same-named SCPs that awsarch did not create (update and tag them). */
  adopt: boolean;
}

/** What the organization looks like now, as far as the plan needs it. */
export interface CurrentScpState {
  scpEnabled: boolean;
  /** Every SCP; the ones named like a desired policy (and unknown attached ones) with tags and content read. */
  policies: DeployedPolicy[];
  /** Policy ids attached directly to each target that was read. */
  attachments: Map<string, string[]>;
  /** Targets of each desired, existing policy (declarative mode). */
  targetsOfPolicies?: Map<string, PolicyTarget[]>;
  /** Targets found only through targetsOfPolicies, with labels. */
  extraTargets?: ScpTarget[];
}

export type PolicyAction = 'create' | 'update' | 'adopt' | 'unchanged' | 'conflict';

export interface PolicyPlan {
  name: string;
  action: PolicyAction;
  policyId?: string;
  contentChanged: boolean;
  descriptionChanged: boolean;
  /** Readable JSON diff of the content ("+ "/"- " lines). */
  diff: string[];
  size: number;
}

export interface AttachmentRef {
  name: string;
  /** Undefined for a policy that will be created by this apply. */
  policyId?: string;
}

export interface TargetPlan {
  target: ScpTarget;
  /** False for targets only reached because a managed SCP must be detached from them. */
  assigned: boolean;
  before: AttachmentRef[];
  after: AttachmentRef[];
  attach: AttachmentRef[];
  detach: AttachmentRef[];
}

export interface ScpPlan {
  enableScps: boolean;
  policies: PolicyPlan[];
  targets: TargetPlan[];
  /** Number of write calls apply would make. */
  writes: number;
}

/** Pure: what `scp apply` changes to make the organization match the desired policies and attachments. */
export function planScpChanges(
  desired: readonly RenderedScp[],
  assignments: readonly Assignment[],
  current: CurrentScpState,
  mode: PlanMode,
): ScpPlan {
  const byName = new Map(current.policies.map((policy) => [policy.name, policy]));
  const byId = new Map(current.policies.map((policy) => [policy.id, policy]));
  const policies = desired.map((rendered) => planPolicy(rendered, byName.get(rendered.name), mode));
  const desiredIds = new Map(policies.map((plan) => [plan.name, plan.policyId]));
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  const refOf = (name: string): AttachmentRef =>
    name === FULL_AWS_ACCESS_NAME
      ? { name, policyId: FULL_AWS_ACCESS_ID }
      : { name, policyId: desiredIds.get(name) ?? byName.get(name)?.id };
  const currentOf = (targetId: string) =>
    current.scpEnabled ? (current.attachments.get(targetId) ?? []) : [FULL_AWS_ACCESS_ID];
  const desiredNames = new Set(desired.map((rendered) => rendered.name));

  const targets: TargetPlan[] = assignments.map(({ target, policies: wanted }) => {
    const beforeIds = currentOf(target.id);
    const before = beforeIds.map((id) => ({ name: nameOf(id), policyId: id }));
    const wantedRefs = [...new Set(wanted)].map(refOf);
    const attach = wantedRefs.filter((ref) => ref.policyId === undefined || !beforeIds.includes(ref.policyId));
    const detach = before.filter((ref) => {
      if (wanted.includes(ref.name)) return false;
      if (mode.exclusive) return true;
      const policy = byId.get(ref.policyId as string);
      return mode.declarative && policy?.managed === true;
    });
    const after = [...before.filter((ref) => !detach.includes(ref)), ...attach];
    return { target, assigned: true, before, after, attach, detach };
  });

  if (mode.declarative && current.targetsOfPolicies) {
    const assigned = new Map(assignments.map((assignment) => [assignment.target.id, assignment]));
    const extra = new Map((current.extraTargets ?? []).map((target) => [target.id, target]));
    for (const plan of policies) {
      if (!plan.policyId || !desiredNames.has(plan.name)) continue;
      for (const found of current.targetsOfPolicies.get(plan.policyId) ?? []) {
        if (assigned.get(found.id)?.policies.includes(plan.name)) continue;
        if (assigned.has(found.id)) continue; // already planned above
        const existing = targets.find((candidate) => candidate.target.id === found.id);
        const ref = { name: plan.name, policyId: plan.policyId };
        if (existing) {
          existing.detach.push(ref);
          existing.after = existing.after.filter((candidate) => candidate.policyId !== plan.policyId);
        } else {
          const target = extra.get(found.id) ?? {
            id: found.id,
            type: found.type as ScpTarget['type'],
            label: found.name,
          };
          const before = currentOf(found.id).map((id) => ({ name: nameOf(id), policyId: id }));
          targets.push({
            target,
            assigned: false,
            before,
            after: before.filter((candidate) => candidate.policyId !== plan.policyId),
            attach: [],
            detach: [ref],
          });
        }
      }
    }
  }

  const writes =
    (current.scpEnabled ? 0 : 1) +
    policies.reduce(
      (sum, plan) =>
        sum +
        (plan.action === 'create'
          ? 1
          : plan.action === 'update'
            ? 1
            : plan.action === 'adopt'
              ? plan.contentChanged || plan.descriptionChanged
                ? 2
                : 1
              : 0),
      0,
    ) +
    targets.reduce((sum, plan) => sum + plan.attach.length + plan.detach.length, 0);
  return { enableScps: !current.scpEnabled, policies, targets, writes };
}

function planPolicy(rendered: RenderedScp, existing: DeployedPolicy | undefined, mode: PlanMode): PolicyPlan {
  const after = prettyPolicy(rendered.content);
  if (!existing)
    return {
      name: rendered.name,
      action: 'create',
      contentChanged: true,
      descriptionChanged: true,
      diff: diffLines([], after),
      size: rendered.size,
    };
  const contentChanged = !samePolicyContent(existing.content, rendered.content);
  const descriptionChanged = existing.description !== rendered.description;
  const diff = contentChanged ? diffLines(prettyPolicy(existing.content), after) : [];
  const base = {
    name: rendered.name,
    policyId: existing.id,
    contentChanged,
    descriptionChanged,
    diff,
    size: rendered.size,
  };
  if (existing.awsManaged) return { ...base, action: 'conflict' };
  if (existing.managed !== true) return { ...base, action: mode.adopt ? 'adopt' : 'conflict' };
  return { ...base, action: contentChanged || descriptionChanged ? 'update' : 'unchanged' };
}

/** True when applying would change nothing. */
export function planIsEmpty(plan: ScpPlan): boolean {
  return plan.writes === 0;
}
