import type { AuthorizationDecision, AuthorizationRequest } from './authorization.js';
import { iamActionFor, requestResources } from './request-resources.js';
import type { ScpVerdict } from './scp-evaluation.js';
import type { OrganizationsState } from './services/organizations/model.js';
import { isPolicyTypeEnabled, scpHierarchy } from './services/organizations/policy-model.js';
import { FULL_AWS_ACCESS, SERVICE_CONTROL_POLICY } from './services/organizations/scp-quotas.js';

/** Actions no policy can deny (AWS: "No permissions are required to perform this operation"). */
const NEVER_DENIED = new Set(['sts:GetCallerIdentity']);

/**
 * Service control policies, enforced as AWS does: for callers in a member account (never the
 * management account, never service-linked roles), every SCP on the account's path from the root
 * must allow the action and none may deny it (see scp-evaluation.ts).
 */
export async function enforceServiceControlPolicies(request: AuthorizationRequest): Promise<AuthorizationDecision> {
  const orgState = request.state.services.organizations as OrganizationsState | undefined;
  const org = orgState?.organization;
  const { caller } = request;
  if (!orgState || !org || caller.accountId === org.MasterAccountId || !orgState.accounts[caller.accountId])
    return { allowed: true };
  if (!isPolicyTypeEnabled(orgState, SERVICE_CONTROL_POLICY)) return { allowed: true };
  if (caller.session?.roleName.startsWith('AWSServiceRoleFor')) return { allowed: true };
  const action = iamActionFor(request.service.iamPrefix, request.operation);
  if (NEVER_DENIED.has(action)) return { allowed: true };
  const hierarchy = scpHierarchy(orgState, caller.accountId);
  const onlyFullAccess = hierarchy.every(
    (level) => level.policies.length > 0 && level.policies.every((policy) => policy.Id === FULL_AWS_ACCESS.id),
  );
  if (onlyFullAccess) return { allowed: true };

  const { judgeByScps } = await import('./scp-evaluation.js');
  const levels = hierarchy.map((level) => ({
    id: level.id,
    policies: level.policies.map((policy) => ({ arn: policy.Arn, document: JSON.parse(policy.Content) as unknown })),
  }));
  const resources = requestResources({
    iamPrefix: request.service.iamPrefix,
    operation: request.operation,
    input: request.input,
    accountId: caller.accountId,
    region: request.region,
  });
  for (const resource of resources) {
    const question = {
      accountId: caller.accountId,
      principalArn: caller.principalArn,
      roleArn: caller.session?.roleArn ?? caller.principalArn,
      action,
      resource: resource.arn,
      context: resource.context,
      organizationId: org.Id,
    };
    const key = JSON.stringify([levels, question]);
    let verdict = decisions.get(key);
    if (verdict === undefined) {
      verdict = await judgeByScps(levels, question);
      if (decisions.size >= MAX_REMEMBERED_DECISIONS) decisions.clear();
      decisions.set(key, verdict);
    }
    // 'unknown' (an action missing from the service authorization reference) is let through, as before.
    if (verdict.outcome === 'denied')
      return {
        allowed: false,
        message: scpDenyMessage(
          caller.principalArn,
          action,
          resource.arn,
          verdict,
          request.service.protocol === 'ec2Query',
        ),
      };
  }
  return { allowed: true };
}

/**
 * Decisions already evaluated, keyed by everything they depend on (the policies on the account's path,
 * the principal, action, resource and context): data-plane traffic such as DynamoDB repeats the same
 * questions, and the evaluator takes milliseconds. A pure function's memo, bounded.
 */
const decisions = new Map<string, ScpVerdict>();
const MAX_REMEMBERED_DECISIONS = 2000;

/**
 * AWS's wording: "User: ARN is not authorized to perform: ACTION on resource: ARN with an explicit
 * deny in a service control policy: POLICY_ARN", or "... because no service control policy allows
 * the ACTION action"; EC2 puts "You are not authorized to perform this operation." in front.
 */
export function scpDenyMessage(
  principalArn: string,
  action: string,
  resource: string,
  denial: { explicit: boolean; policyArn?: string },
  ec2Style = false,
): string {
  const onResource = resource === '*' ? '' : ` on resource: ${resource}`;
  const reason = denial.explicit
    ? ` with an explicit deny in a service control policy${denial.policyArn ? `: ${denial.policyArn}` : ''}`
    : ` because no service control policy allows the ${action} action`;
  const message = `User: ${principalArn} is not authorized to perform: ${action}${onResource}${reason}`;
  return ec2Style ? `You are not authorized to perform this operation. ${message}` : message;
}
