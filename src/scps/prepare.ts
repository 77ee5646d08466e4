import type { CommandContext } from '../core/context.js';
import { usageError } from '../core/errors.js';
import {
  listScps,
  readAttachments,
  readPolicyDetails,
  readTargetsOfPolicies,
  type DeployedPolicy,
} from './deployed-state.js';
import { assertValid, type DesiredScps } from './desired.js';
import { planScpChanges, type Assignment, type CurrentScpState, type PlanMode, type ScpPlan } from './diff.js';
import { checkGuardrails, lockoutRefusals, type Refusal } from './guardrails.js';
import type { Lockout } from './lockout.js';
import { checkScpLockouts } from './lockout-reads.js';
import { readOrganizationBasics, resolveTargets, type OrganizationBasics, type ScpTarget } from './targets.js';
import { ERR } from '../core/error-codes.js';
import { MSG } from '../core/message-codes.js';

export interface PreparedPlan {
  basics: OrganizationBasics;
  assignments: Assignment[];
  current: CurrentScpState;
  plan: ScpPlan;
  refusals: Refusal[];
  /** Lockouts --allow-lockout accepted (an OU or account locked out on purpose). */
  acceptedLockouts: Lockout[];
}

/**
 * Reads what the plan needs, and no more: the root, the named targets, the SCP list, tags and
 * content of the SCPs being applied, the attachments of the targets; in declarative mode also
 * where the managed SCPs are attached. Then plans (pure) and checks the guardrails (pure).
 */
export async function prepareScpPlan(
  ctx: CommandContext,
  desired: DesiredScps,
  mode: PlanMode,
  targetFilter?: string,
  allowLockout = false,
): Promise<PreparedPlan> {
  assertValid(desired.reports);
  for (const report of desired.reports) {
    for (const issue of report.issues.filter((candidate) => candidate.severity === 'warning')) {
      ctx.io.warn(MSG.SCP_VALIDATION_WARNING, `${report.name}: ${issue.path || '(document)'}: ${issue.message}`, {
        policy: report.name,
        ...issue,
      });
    }
  }
  const reading = ctx.io.task("Read the organization's SCPs");
  try {
    const basics = await readOrganizationBasics(ctx.aws);
    if (basics.featureSet && basics.featureSet !== 'ALL') {
      throw usageError(
        ERR.SCP_NOT_AVAILABLE,
        `organization ${basics.organizationId} has only consolidated billing; SCPs need all features`,
        'enable all features in the organization first',
      );
    }
    const texts = [...new Set(desired.assignments.map((assignment) => assignment.target))];
    const resolved = await resolveTargets(ctx.aws, basics, texts, desired.declarative ? undefined : '--target');
    const byText = new Map(texts.map((text, i) => [text, resolved[i] as ScpTarget]));
    let assignments: Assignment[] = mergeAssignments(
      desired.assignments.map((assignment) => ({
        target: byText.get(assignment.target) as ScpTarget,
        policies: assignment.policies,
      })),
    );
    if (targetFilter !== undefined) {
      const [wanted] = await resolveTargets(ctx.aws, basics, [targetFilter], '--target');
      assignments = assignments.filter((assignment) => assignment.target.id === wanted?.id);
      if (assignments.length === 0)
        throw usageError(ERR.UNKNOWN_TARGET, `${targetFilter} is not a target of the SCPs being diffed`);
    }

    const listed = await listScps(ctx.aws);
    const desiredNames = new Set(desired.rendered.map((policy) => policy.name));
    const named = await readPolicyDetails(
      ctx.aws,
      listed.filter((policy) => desiredNames.has(policy.name) && !policy.awsManaged),
      { tags: true, content: true },
    );
    let policies = mergePolicies(listed, named);
    const attachments = basics.scpEnabled
      ? await readAttachments(
          ctx.aws,
          assignments.map((assignment) => assignment.target.id),
        )
      : new Map<string, string[]>();

    const current: CurrentScpState = { scpEnabled: basics.scpEnabled, policies, attachments };
    if (basics.scpEnabled && (mode.declarative || mode.exclusive)) {
      const attachedIds = new Set([...attachments.values()].flat());
      const unknown = policies.filter(
        (policy) => attachedIds.has(policy.id) && policy.managed === undefined && !policy.awsManaged,
      );
      policies = mergePolicies(policies, await readPolicyDetails(ctx.aws, unknown, { tags: true, content: true }));
      current.policies = policies;
    }
    // Narrowed to one target, the layout no longer says where else the SCPs belong: detach nothing elsewhere.
    if (basics.scpEnabled && mode.declarative && targetFilter === undefined) {
      const existingDesired = policies.filter((policy) => desiredNames.has(policy.name) && policy.managed === true);
      current.targetsOfPolicies = await readTargetsOfPolicies(
        ctx.aws,
        existingDesired.map((policy) => policy.id),
      );
      const assignedIds = new Set(assignments.map((assignment) => assignment.target.id));
      const extra = new Map<string, ScpTarget>();
      for (const targets of current.targetsOfPolicies.values()) {
        for (const target of targets) {
          if (assignedIds.has(target.id)) continue;
          extra.set(target.id, {
            id: target.id,
            type: target.type as ScpTarget['type'],
            label:
              target.type === 'ROOT'
                ? 'root'
                : target.type === 'ACCOUNT'
                  ? `${target.name} (${target.id})`
                  : target.name,
          });
        }
      }
      current.extraTargets = [...extra.values()];
      for (const [id, list] of await readAttachments(ctx.aws, [...extra.keys()])) attachments.set(id, list);
    }
    const plan = planScpChanges(desired.rendered, assignments, current, mode);
    const refusals = checkGuardrails(plan, {
      managementAccountId: basics.managementAccountId,
      desired: desired.rendered,
      deployed: policies,
    });
    const lockouts = lockoutRefusals(
      await checkScpLockouts(ctx, basics, plan, current, desired.rendered),
      allowLockout,
    );
    refusals.push(...lockouts.refusals);
    for (const lockout of lockouts.accepted)
      ctx.io.warn(MSG.SCP_LOCKOUT_ACCEPTED, `--allow-lockout: ${lockout.message}`, {
        target: lockout.target,
        accounts: lockout.accounts,
      });
    reading.succeed(
      `${listed.length} SCPs, ${assignments.length} target(s)${basics.scpEnabled ? '' : ', SCPs not enabled yet'}`,
    );
    return { basics, assignments, current, plan, refusals, acceptedLockouts: lockouts.accepted };
  } catch (error) {
    reading.fail();
    throw error;
  }
}

/** The same target named twice (e.g. by path and by id) gets the union of its policies. */
function mergeAssignments(assignments: Assignment[]): Assignment[] {
  const merged = new Map<string, Assignment>();
  for (const assignment of assignments) {
    const existing = merged.get(assignment.target.id);
    if (existing) existing.policies = [...new Set([...existing.policies, ...assignment.policies])];
    else merged.set(assignment.target.id, { target: assignment.target, policies: [...assignment.policies] });
  }
  return [...merged.values()];
}

function mergePolicies(all: readonly DeployedPolicy[], detailed: readonly DeployedPolicy[]): DeployedPolicy[] {
  const byId = new Map(detailed.map((policy) => [policy.id, policy]));
  return all.map((policy) => byId.get(policy.id) ?? policy);
}
