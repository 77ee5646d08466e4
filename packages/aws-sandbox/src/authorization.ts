import { createHash } from 'node:crypto';
import { evaluate, type ScpLevel, type Verdict } from './authorization/evaluate.js';
import { allowsEverything, identityPoliciesOf, type NamedPolicy } from './authorization/identity-policies.js';
import { managedPolicyDocument } from './authorization/managed-policies.js';
import { accessDeniedMessage } from './authorization/messages.js';
import { resourceOwnership } from './authorization/resource-policies.js';
import { assumeRoleContext, trustPolicyOf } from './authorization/trust.js';
import { iamActionFor, requestResources, type RequestResource } from './request-resources.js';
import type { OrganizationsState } from './services/organizations/model.js';
import { isPolicyTypeEnabled, scpHierarchy } from './services/organizations/policy-model.js';
import { FULL_AWS_ACCESS, SERVICE_CONTROL_POLICY } from './services/organizations/scp-quotas.js';
import type { SandboxState } from './state.js';
import type { Caller, OperationInput, ServiceDefinition } from './types.js';

/** Everything known about a request when deciding whether it may run. */
export interface AuthorizationRequest {
  readonly caller: Caller;
  /** IAM action, e.g. 'organizations:ListAccounts'. */
  readonly action: string;
  readonly service: ServiceDefinition;
  readonly operation: string;
  readonly input: OperationInput;
  readonly region: string;
  /** Read-only view: roles, policies, the organization's OUs and SCPs, resource policies. */
  readonly state: SandboxState;
}

export type AuthorizationDecision = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

/** Actions no policy can deny (AWS: "No permissions are required to perform this operation"). */
const NEVER_DENIED = new Set(['sts:GetCallerIdentity']);

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** The management account's own principal: an administrator. */
function administrator(): NamedPolicy[] {
  return [{ name: ADMINISTRATOR_ACCESS, policy: managedPolicyDocument(ADMINISTRATOR_ACCESS) }];
}

/**
 * The single place where the sandbox decides whether a caller may perform an action, for every authenticated
 * request before the operation handler, as AWS's policy evaluation logic does: explicit denies first, then the
 * caller's identity policies (a role session: the role's managed and inline policies), the SCPs on a member
 * account's path, and the resource's policy (S3 bucket, SQS queue, EventBridge bus, a role's trust policy for
 * sts:AssumeRole),
 * which another account's resource needs. The management account's own principal is an administrator, and SCPs
 * never apply to the management account; it still needs a resource policy to reach another account's resource.
 */
export async function authorize(request: AuthorizationRequest): Promise<AuthorizationDecision> {
  const action = iamActionFor(request.service.iamPrefix, request.operation);
  const assumeRole = action === 'sts:AssumeRole';
  const resources = requestResources({
    iamPrefix: request.service.iamPrefix,
    operation: request.operation,
    input: request.input,
    accountId: request.caller.accountId,
    region: request.region,
  }).map((resource) =>
    assumeRole ? { ...resource, context: { ...resource.context, ...assumeRoleContext(request.input) } } : resource,
  );
  return authorizeAction({
    caller: request.caller,
    state: request.state,
    action,
    resources,
    creates: request.operation.startsWith('Create'),
    ec2Style: request.service.protocol === 'ec2Query',
  });
}

/** One action of a caller on resources already known: what `authorize` asks once it has derived them from a request. */
export interface ActionQuestion {
  readonly caller: Caller;
  readonly state: SandboxState;
  /** IAM action, e.g. 'sqs:SendMessage'. */
  readonly action: string;
  readonly resources: readonly RequestResource[];
  /** The request creates its resource, which has no owner yet. */
  readonly creates?: boolean;
  /** EC2 words its access-denied messages its own way. */
  readonly ec2Style?: boolean;
}

/**
 * AWS's policy evaluation for one action on the given resources (each must be allowed). Also where an AWS service
 * acts with a role it was handed: Lambda sending to a function's dead-letter queue or destinations as its execution
 * role (`authorization/execution-role.ts`).
 */
export async function authorizeAction(question: ActionQuestion): Promise<AuthorizationDecision> {
  const { caller, state, action } = question;
  if (NEVER_DENIED.has(action)) return { allowed: true };
  const identity = identityPoliciesOf(state, caller) ?? administrator();
  const scps = scpLevelsFor(state, caller);
  const assumeRole = action === 'sts:AssumeRole';
  for (const resource of question.resources) {
    // A resource about to be created has no owner yet (CreateBucket of a name another account holds is the
    // handler's BucketAlreadyExists, not a cross-account request).
    const owner = assumeRole || question.creates === true ? undefined : resourceOwnership(state, resource.arn);
    const resourceAccount = assumeRole
      ? (resource.arn.split(':')[4] ?? '')
      : (owner?.ownerAccountId ?? caller.accountId);
    const resourcePolicy = assumeRole ? trustPolicyOf(state, resource.arn) : owner?.policy;
    const sameAccount = resourceAccount === caller.accountId;
    // Most traffic: an administrator role under FullAWSAccess on its own resources.
    if (sameAccount && scps.length === 0 && resourcePolicy === undefined && allowsEverything(identity)) continue;
    const context = {
      'aws:PrincipalArn': caller.session?.roleArn ?? caller.principalArn,
      'aws:PrincipalAccount': caller.accountId,
      'aws:ResourceAccount': resourceAccount,
      ...principalOrgContext(state, caller),
      ...resource.context,
    };
    const verdict = await remembered({
      principal: caller.principalArn,
      principalAccount: caller.accountId,
      action,
      resource: resource.arn,
      resourceAccount,
      context,
      identityPolicies: identity,
      scps,
      resourcePolicy,
    });
    // 'unknown' (an action missing from the service authorization reference) is let through, as before.
    if (verdict.outcome === 'denied') {
      const message = assumeRole
        ? `User: ${caller.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${resource.arn}`
        : accessDeniedMessage(caller.principalArn, action, resource.arn, verdict, question.ec2Style === true);
      return { allowed: false, message };
    }
  }
  return { allowed: true };
}

/** The SCPs on a member account's path (root first), unless only FullAWSAccess is attached everywhere. */
function scpLevelsFor(state: SandboxState, caller: Caller): ScpLevel[] {
  const orgState = state.services.organizations as OrganizationsState | undefined;
  const org = orgState?.organization;
  if (!orgState || !org || caller.accountId === org.MasterAccountId || !orgState.accounts[caller.accountId]) return [];
  if (!isPolicyTypeEnabled(orgState, SERVICE_CONTROL_POLICY)) return [];
  // Service-linked roles are not subject to SCPs.
  if (caller.session?.roleName.startsWith('AWSServiceRoleFor')) return [];
  const hierarchy = scpHierarchy(orgState, caller.accountId);
  if (hierarchy.every((level) => level.policies.length > 0 && level.policies.every((p) => p.Id === FULL_AWS_ACCESS.id)))
    return [];
  return hierarchy.map((level) => ({
    id: level.id,
    policies: level.policies.map((policy) => ({ arn: policy.Arn, document: JSON.parse(policy.Content) as unknown })),
  }));
}

function principalOrgContext(state: SandboxState, caller: Caller): Record<string, string> {
  const orgState = state.services.organizations as OrganizationsState | undefined;
  const org = orgState?.organization;
  if (!org || (org.MasterAccountId !== caller.accountId && !orgState?.accounts[caller.accountId])) return {};
  return { 'aws:PrincipalOrgID': org.Id };
}

/**
 * Decisions already evaluated, keyed by a digest of everything they depend on (policies, principal, action,
 * resource, context): the evaluator takes milliseconds and data-plane traffic repeats the same questions, so
 * 1,000-account runs ask it once per distinct question. A pure function's memo, bounded.
 */
const decisions = new Map<string, Verdict>();
const MAX_REMEMBERED_DECISIONS = 5000;

async function remembered(question: Parameters<typeof evaluate>[0]): Promise<Verdict> {
  const key = createHash('sha1').update(JSON.stringify(question)).digest('base64');
  let verdict = decisions.get(key);
  if (verdict === undefined) {
    verdict = await evaluate(question);
    if (decisions.size >= MAX_REMEMBERED_DECISIONS) decisions.clear();
    decisions.set(key, verdict);
  }
  return verdict;
}
