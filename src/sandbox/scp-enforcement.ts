import { FULL_AWS_ACCESS_ID, SCP_POLICY_TYPE } from '../scps/scp-quotas.js';
import type { ScpDenial } from '../scps/simulate.js';
import type { AuthorizationDecision, AuthorizationRequest } from './authorization.js';
import { iamActionFor, requestResources } from './request-resources.js';
import type { OrganizationsState } from './services/organizations/model.js';
import { isPolicyTypeEnabled, scpHierarchy } from './services/organizations/policy-model.js';

/** Actions no policy can deny (AWS: "No permissions are required to perform this operation"). */
const NEVER_DENIED = new Set(['sts:GetCallerIdentity']);

/**
 * Service control policies, enforced as AWS does: for callers in a member account (never the
 * management account, never service-linked roles), every SCP on the account's path from the root
 * must allow the action and none may deny it. Evaluated with the same evaluator as `scp test`.
 */
export async function enforceServiceControlPolicies(request: AuthorizationRequest): Promise<AuthorizationDecision> {
  const orgState = request.state.services.organizations as OrganizationsState | undefined;
  const org = orgState?.organization;
  const { caller } = request;
  if (!orgState || !org || caller.accountId === org.MasterAccountId || !orgState.accounts[caller.accountId])
    return { allowed: true };
  if (!isPolicyTypeEnabled(orgState, SCP_POLICY_TYPE)) return { allowed: true };
  if (caller.session?.roleName.startsWith('AWSServiceRoleFor')) return { allowed: true };
  const action = iamActionFor(request.service.iamPrefix, request.operation);
  if (NEVER_DENIED.has(action)) return { allowed: true };
  const hierarchy = scpHierarchy(orgState, caller.accountId);
  const onlyFullAccess = hierarchy.every(
    (level) => level.policies.length > 0 && level.policies.every((policy) => policy.Id === FULL_AWS_ACCESS_ID),
  );
  if (onlyFullAccess) return { allowed: true };

  const { evaluateScps } = await import('../scps/simulate.js');
  const levels = hierarchy.map((level) => ({
    id: level.id,
    name: level.name,
    type: level.type,
    policies: level.policies.map((policy) => ({
      id: policy.Id,
      name: policy.Name,
      arn: policy.Arn,
      document: JSON.parse(policy.Content) as unknown,
    })),
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
      principalArnForConditions: caller.session?.roleArn,
      action,
      resource: resource.arn,
      context: resource.context,
      organizationId: org.Id,
    };
    const key = JSON.stringify([levels, question]);
    let denial = decisions.get(key);
    if (denial === undefined) {
      try {
        denial = (await evaluateScps(levels, question)).denial ?? null;
      } catch {
        // An action missing from the authorization reference cannot be judged; the sandbox lets it through.
        return { allowed: true };
      }
      if (decisions.size >= MAX_REMEMBERED_DECISIONS) decisions.clear();
      decisions.set(key, denial);
    }
    if (denial)
      return {
        allowed: false,
        message: scpDenyMessage(
          caller.principalArn,
          action,
          resource.arn,
          denial,
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
const decisions = new Map<string, ScpDenial | null>();
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
  denial: ScpDenial,
  ec2Style = false,
): string {
  const onResource = resource === '*' ? '' : ` on resource: ${resource}`;
  const reason =
    denial.kind === 'explicit'
      ? ` with an explicit deny in a service control policy${denial.policy?.arn ? `: ${denial.policy.arn}` : ''}`
      : ` because no service control policy allows the ${action} action`;
  const message = `User: ${principalArn} is not authorized to perform: ${action}${onResource}${reason}`;
  return ec2Style ? `You are not authorized to perform this operation. ${message}` : message;
}
