import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import { malformedPolicyDocument, noSuchEntity, noSuchRole, validationError } from './errors.js';
import { findRole, type IamRoleRecord } from './roles.js';

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
/** IAM's quota: inline policies of a role add up to at most 10,240 characters (whitespace not counted). */
const INLINE_POLICY_QUOTA = 10_240;

function role(ctx: HandlerContext, input: OperationInput): IamRoleRecord {
  const name = typeof input.RoleName === 'string' ? input.RoleName : '';
  const found = findRole(ctx.state, ctx.caller.accountId, name);
  if (!found) throw noSuchRole(name);
  return found;
}

function policyName(input: OperationInput): string {
  const name = typeof input.PolicyName === 'string' ? input.PolicyName : '';
  if (!POLICY_NAME.test(name))
    throw validationError('policyName', name, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  return name;
}

/** An identity policy as IAM accepts it: JSON with a Version-compatible Statement of Allow/Deny and no Principal. */
export function validatedIdentityPolicy(document: unknown): string {
  if (typeof document !== 'string' || document.trim() === '') throw malformedPolicyDocument('Syntax errors in policy.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformedPolicyDocument('This policy contains invalid Json');
  }
  const statements = (parsed as { Statement?: unknown } | null)?.Statement;
  if (statements === undefined) throw malformedPolicyDocument('Syntax errors in policy.');
  for (const statement of Array.isArray(statements) ? statements : [statements]) {
    const { Effect, Principal, NotPrincipal, Action, NotAction } = (statement ?? {}) as Record<string, unknown>;
    if (Effect !== 'Allow' && Effect !== 'Deny') throw malformedPolicyDocument(`Invalid effect: ${String(Effect)}`);
    if (Principal !== undefined || NotPrincipal !== undefined)
      throw malformedPolicyDocument('Policy document should not specify a principal.');
    if (Action === undefined && NotAction === undefined)
      throw malformedPolicyDocument('Policy statement must contain actions.');
  }
  return document;
}

const putRolePolicy: OperationHandler = (input, ctx) => {
  const target = role(ctx, input);
  const name = policyName(input);
  const document = validatedIdentityPolicy(input.PolicyDocument);
  const policies = { ...target.InlinePolicies, [name]: document };
  const size = Object.values(policies).reduce((sum, text) => sum + text.replace(/\s/g, '').length, 0);
  if (size > INLINE_POLICY_QUOTA) throw limitExceeded(target.RoleName, size);
  target.InlinePolicies = policies;
  return undefined;
};

/** IAM answers LimitExceeded (HTTP 409) when a role's inline policies outgrow the quota. */
function limitExceeded(roleName: string, size: number): SandboxServiceError {
  return new SandboxServiceError(
    'LimitExceeded',
    `Maximum policy size of ${INLINE_POLICY_QUOTA} bytes exceeded for role ${roleName} (inline policies total ${size}).`,
    { status: 409 },
  );
}

const getRolePolicy: OperationHandler = (input, ctx) => {
  const target = role(ctx, input);
  const name = policyName(input);
  const document = target.InlinePolicies?.[name];
  if (document === undefined) throw noSuchEntity(`The role policy with name ${name} cannot be found.`);
  return { RoleName: target.RoleName, PolicyName: name, PolicyDocument: encodeURIComponent(document) };
};

const listRolePolicies: OperationHandler = (input, ctx) => ({
  PolicyNames: Object.keys(role(ctx, input).InlinePolicies ?? {}).sort(),
  IsTruncated: false,
});

const deleteRolePolicy: OperationHandler = (input, ctx) => {
  const target = role(ctx, input);
  const name = policyName(input);
  if (target.InlinePolicies?.[name] === undefined)
    throw noSuchEntity(`The role policy with name ${name} cannot be found.`);
  delete target.InlinePolicies[name];
  return undefined;
};

/** IAM inline role policies: put, get, list, delete. */
export const inlinePolicyOperations: Record<string, OperationHandler> = {
  PutRolePolicy: putRolePolicy,
  GetRolePolicy: getRolePolicy,
  ListRolePolicies: listRolePolicies,
  DeleteRolePolicy: deleteRolePolicy,
};
