import { formatOuPath } from '../../accounts/ou-path.js';
import type { DeployedPolicy } from '../../scps/deployed-state.js';
import { planScpChanges, type Assignment, type ScpPlan } from '../../scps/diff.js';
import { checkGuardrails } from '../../scps/guardrails.js';
import { FULL_AWS_ACCESS_ID } from '../../scps/scp-quotas.js';
import type { ScpTarget } from '../../scps/targets.js';
import { accountIdResolver, ouIdOf } from '../live/accounts.js';
import type { LiveLandingZone, LiveOrganization } from '../live/model.js';
import { CONTENT_TAG_KEY, type LandingZoneSpec } from '../spec.js';
import { keys, scpContentDigest } from './keys.js';
import type { Change, PlanRefusal, TargetRef, UnmanagedItem } from './model.js';

const NEW = 'new:';

/** The target of a file's attachment: its live id, or a placeholder when this apply creates it. */
function resolveTarget(
  text: string,
  spec: LandingZoneSpec,
  organization: LiveOrganization | undefined,
): { ref: TargetRef; target: ScpTarget } {
  const value = text.trim();
  if (value === 'root' || value === '/')
    return { ref: { type: 'root' }, target: { id: organization?.rootId ?? `${NEW}root`, type: 'ROOT', label: 'root' } };
  const account = spec.accounts.find((candidate) => candidate.name === value);
  if (account || /^\d{12}$/.test(value)) {
    const id = accountIdResolver(organization, spec.accounts)(value);
    const name = account?.name ?? value;
    return {
      ref: { type: 'account', name, ...(id ? { accountId: id } : {}) },
      target: { id: id ?? `${NEW}account:${name}`, type: 'ACCOUNT', label: name },
    };
  }
  const path = value.replace(/^\/+|\/+$/g, '').split('/');
  const id = ouIdOf(organization, path);
  return {
    ref: { type: 'ou', path },
    target: { id: id ?? `${NEW}ou:${path.join('/')}`, type: 'ORGANIZATIONAL_UNIT', label: formatOuPath(path) },
  };
}

/** A label for a target found in AWS (where a managed SCP is attached). */
function labelOf(organization: LiveOrganization, id: string, fallback: string): string {
  if (id === organization.rootId) return 'root';
  const ou = organization.ous.find((candidate) => candidate.id === id);
  if (ou) return formatOuPath(ou.path);
  return organization.accounts.find((account) => account.id === id)?.name ?? fallback;
}

function refOf(organization: LiveOrganization, id: string, type: string, label: string): TargetRef {
  if (type === 'ROOT') return { type: 'root' };
  if (type === 'ACCOUNT') return { type: 'account', name: label, accountId: id };
  const ou = organization.ous.find((candidate) => candidate.id === id);
  return { type: 'ou', path: ou?.path ?? [label] };
}

/** Whether someone changed the content of a managed SCP since awsarch wrote it (its awsarch:sha tag disagrees). */
function editedOutside(policy: DeployedPolicy | undefined, tags: Record<string, string> | undefined): boolean {
  const recorded = tags?.[CONTENT_TAG_KEY];
  if (!policy || policy.managed !== true || recorded === undefined || policy.content === undefined) return false;
  return recorded !== scpContentDigest(policy.content, policy.description);
}

/**
 * Pure: the SCPs - each policy created, updated (the file changed, or someone edited it) or adopted,
 * the attachments of every target the file declares (declarative: awsarch's SCPs on no other target),
 * every guardrail of `scp apply` (checkGuardrails), and awsarch's SCPs the file no longer names.
 */
export function planScps(
  spec: LandingZoneSpec,
  live: LiveLandingZone,
  options: { prune: boolean; adopt: boolean },
): { changes: Change[]; refusals: PlanRefusal[]; unmanaged: UnmanagedItem[]; plan?: ScpPlan } {
  const organization = live.organization;
  const desired = spec.scps;
  const changes: Change[] = [];
  const unmanaged: UnmanagedItem[] = [];
  const desiredNames = new Set(desired?.rendered.map((policy) => policy.name) ?? []);
  const policies = live.scps.policies;

  // awsarch's SCPs that the file no longer names: reported; --prune detaches and deletes them.
  for (const policy of policies.filter(
    (candidate) => candidate.managed === true && !desiredNames.has(candidate.name),
  )) {
    const targets = (live.scps.targetsOfPolicies[policy.id] ?? []).map((target) => ({
      id: target.id,
      label: organization ? labelOf(organization, target.id, target.name) : target.name,
    }));
    unmanaged.push({
      type: 'scp',
      name: policy.name,
      id: policy.id,
      prune: targets.length ? `detach from ${targets.map((target) => target.label).join(', ')} and delete` : 'delete',
    });
    if (options.prune)
      changes.push({
        kind: 'delete-scp',
        key: keys.deleteScp(policy.name),
        name: policy.name,
        policyId: policy.id,
        detachFrom: targets,
        dependsOn: [],
        drift: false,
        writes: targets.length + 1,
      });
  }
  if (!desired) return { changes, refusals: [], unmanaged };

  const resolved = desired.assignments.map((assignment) => ({
    ...resolveTarget(assignment.target, spec, organization),
    policies: assignment.policies,
  }));
  const merged = new Map<string, { ref: TargetRef; assignment: Assignment }>();
  for (const { ref, target, policies: names } of resolved) {
    const existing = merged.get(target.id);
    if (existing) existing.assignment.policies = [...new Set([...existing.assignment.policies, ...names])];
    else merged.set(target.id, { ref, assignment: { target, policies: [...names] } });
  }
  const attachments = new Map(Object.entries(live.scps.attachments));
  for (const id of merged.keys()) if (id.startsWith(NEW)) attachments.set(id, [FULL_AWS_ACCESS_ID]);
  const scpEnabled = organization?.scpEnabled ?? false;
  const extraTargets: ScpTarget[] = [];
  if (organization)
    for (const list of Object.values(live.scps.targetsOfPolicies))
      for (const found of list)
        if (!merged.has(found.id) && !extraTargets.some((target) => target.id === found.id))
          extraTargets.push({
            id: found.id,
            type: found.type as ScpTarget['type'],
            label: labelOf(organization, found.id, found.name),
          });
  const plan = planScpChanges(
    desired.rendered,
    [...merged.values()].map((entry) => entry.assignment),
    {
      scpEnabled,
      policies,
      attachments,
      targetsOfPolicies: new Map(Object.entries(live.scps.targetsOfPolicies)),
      extraTargets,
    },
    { declarative: true, exclusive: false, adopt: options.adopt },
  );
  const refusals: PlanRefusal[] = checkGuardrails(plan, {
    managementAccountId: organization?.organization.managementAccountId ?? '',
    desired: desired.rendered,
    deployed: policies,
  }).map((refusal) => ({ code: refusal.code, message: refusal.message, subject: refusal.policy ?? refusal.target }));

  const orgDeps = organization ? [] : [keys.organization];
  if (plan.enableScps)
    changes.push({ kind: 'enable-scps', key: keys.enableScps, dependsOn: orgDeps, drift: false, writes: 1 });
  const enableDeps = plan.enableScps ? [keys.enableScps] : orgDeps;
  const written = new Set<string>();
  for (const policy of plan.policies) {
    if (policy.action === 'unchanged' || policy.action === 'conflict') continue;
    const deployed = policies.find((candidate) => candidate.id === policy.policyId);
    written.add(policy.name);
    changes.push({
      kind: 'scp-policy',
      key: keys.scp(policy.name),
      name: policy.name,
      action: policy.action,
      ...(policy.policyId ? { policyId: policy.policyId } : {}),
      contentChanged: policy.contentChanged,
      descriptionChanged: policy.descriptionChanged,
      size: policy.size,
      diff: policy.diff,
      dependsOn: enableDeps,
      drift: policy.action === 'update' && editedOutside(deployed, live.scps.tags[policy.policyId ?? '']),
      writes: policy.action === 'create' ? 1 : 2,
    });
  }
  for (const target of plan.targets) {
    if (target.attach.length + target.detach.length === 0) continue;
    const entry = merged.get(target.target.id);
    const ref =
      entry?.ref ??
      (organization
        ? refOf(organization, target.target.id, target.target.type, target.target.label)
        : { type: 'root' as const });
    const creates: string[] = [];
    if (target.target.id.startsWith(NEW) && ref.type === 'ou') creates.push(keys.ou(ref.path));
    if (target.target.id.startsWith(NEW) && ref.type === 'account') creates.push(keys.account(ref.name));
    changes.push({
      kind: 'scp-attachments',
      key: keys.scpTarget(ref),
      target: ref,
      label: target.target.label,
      attach: target.attach.map((item) => item.name),
      detach: target.detach.map((item) => item.name),
      after: target.after.map((item) => item.name),
      dependsOn: [
        ...enableDeps,
        ...creates,
        ...target.attach.filter((item) => written.has(item.name)).map((item) => keys.scp(item.name)),
      ],
      drift: false,
      writes: target.attach.length + target.detach.length,
    });
  }
  return { changes, refusals, unmanaged, plan };
}
