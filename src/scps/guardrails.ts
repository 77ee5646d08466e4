import type { DeployedPolicy } from './deployed-state.js';
import type { ScpPlan } from './diff.js';
import type { Lockout } from './lockout.js';
import type { RenderedScp } from './render.js';
import { FULL_AWS_ACCESS_ID, SCP_MAX_ATTACHMENTS_PER_TARGET } from './scp-quotas.js';
import { REFUSAL, type RefusalCode } from './refusal-codes.js';

/** A reason to refuse the whole apply before any write. */
export interface Refusal {
  /** Stable code (refusal-codes.ts). */
  code: RefusalCode;
  message: string;
  target?: string;
  policy?: string;
  /** The member accounts that could do nothing any more (lockouts). */
  accounts?: Array<{ id: string; label: string }>;
}

/**
 * Pure: lockouts (see findLockouts) as refusals. `allowLockout` (--allow-lockout) accepts locking out an
 * OU or an account on purpose, such as a quarantine OU; locking out the whole organization at the root
 * is refused even then.
 */
export function lockoutRefusals(
  lockouts: readonly Lockout[],
  allowLockout: boolean,
): { refusals: Refusal[]; accepted: Lockout[] } {
  const refused = lockouts.filter((lockout) => lockout.targetType === 'ROOT' || !allowLockout);
  return {
    refusals: refused.map((lockout) => ({
      code: REFUSAL.SCP_LOCKOUT,
      target: lockout.target,
      policy: lockout.policies.join(', '),
      accounts: lockout.accounts,
      message:
        lockout.targetType === 'ROOT'
          ? `${lockout.message} (never allowed on the root: it would stop the whole organization)`
          : `${lockout.message} (pass --allow-lockout if that is the intent, e.g. a quarantine OU)`,
    })),
    accepted: lockouts.filter((lockout) => !refused.includes(lockout)),
  };
}

export interface GuardrailContext {
  managementAccountId: string;
  desired: readonly RenderedScp[];
  /** Deployed SCPs with content where it was read. */
  deployed: readonly DeployedPolicy[];
}

/**
 * Pure: the checks that make `scp apply` refuse and change nothing: the management account as a
 * target (SCPs never apply to it), more SCPs on a target than AWS allows, detaching FullAWSAccess,
 * leaving a target without any SCP that allows something, and touching SCPs awsarch did not create.
 */
export function checkGuardrails(plan: ScpPlan, context: GuardrailContext): Refusal[] {
  const refusals: Refusal[] = [];
  for (const policy of plan.policies) {
    if (policy.action !== 'conflict') continue;
    const deployed = context.deployed.find((candidate) => candidate.id === policy.policyId);
    refusals.push(
      deployed?.awsManaged
        ? {
            code: REFUSAL.SCP_AWS_MANAGED_NAME,
            policy: policy.name,
            message: `${policy.name} is the name of an AWS-managed SCP; give the template another name`,
          }
        : {
            code: REFUSAL.SCP_NOT_MANAGED,
            policy: policy.name,
            message: `an SCP named ${policy.name} (${policy.policyId}) exists but awsarch did not create it, so awsarch leaves it alone`,
          },
    );
  }
  for (const target of plan.targets) {
    const label = target.target.label;
    if (target.assigned && target.target.type === 'ACCOUNT' && target.target.id === context.managementAccountId) {
      refusals.push({
        code: REFUSAL.SCP_MANAGEMENT_ACCOUNT,
        target: label,
        message: `${label} is the management account: SCPs never restrict the management account, so attaching them there would only look like protection; attach them to OUs or member accounts`,
      });
    }
    if (target.after.length > SCP_MAX_ATTACHMENTS_PER_TARGET) {
      refusals.push({
        code: REFUSAL.SCP_ATTACHMENT_QUOTA,
        target: label,
        message: `${label} would have ${target.after.length} SCPs attached (${target.after.map((ref) => ref.name).join(', ')}); AWS allows at most ${SCP_MAX_ATTACHMENTS_PER_TARGET} per root, OU or account, FullAWSAccess included: attach some to a parent OU instead (SCPs are inherited), or merge them`,
      });
    }
    if (target.detach.some((ref) => ref.policyId === FULL_AWS_ACCESS_ID)) {
      refusals.push({
        code: REFUSAL.SCP_DETACH_FULL_ACCESS,
        target: label,
        message: `this would detach FullAWSAccess from ${label}: every action not allowed by another SCP would then be denied below it; awsarch does not switch a target to an allow list (do it deliberately in the console or CLI)`,
      });
    } else if (
      target.detach.length > 0 &&
      !target.after.some((ref) => allowsSomething(ref.policyId, ref.name, context))
    ) {
      refusals.push({
        code: REFUSAL.SCP_LAST_ALLOW,
        target: label,
        message: `after detaching ${target.detach.map((ref) => ref.name).join(', ')}, no SCP on ${label} would allow anything, which denies every action below it`,
      });
    }
  }
  return refusals;
}

/** Whether a policy has an Allow statement (unknown content counts as not allowing, to be safe). */
function allowsSomething(policyId: string | undefined, name: string, context: GuardrailContext): boolean {
  if (policyId === FULL_AWS_ACCESS_ID) return true;
  const rendered = context.desired.find((candidate) => candidate.name === name);
  const content = rendered?.content ?? context.deployed.find((candidate) => candidate.id === policyId)?.content;
  if (content === undefined) return false;
  try {
    const document = JSON.parse(content) as { Statement?: unknown };
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    return statements.some(
      (statement) =>
        typeof statement === 'object' && statement !== null && (statement as { Effect?: unknown }).Effect === 'Allow',
    );
  } catch {
    return false;
  }
}
