import { randomUppercaseAlphanumeric } from '../../ids.js';
import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import {
  deleteConflict,
  entityAlreadyExists,
  invalidInput,
  malformedPolicyDocument,
  noSuchEntity,
  noSuchRole,
  validationError,
} from './errors.js';
import { findRole, iamState, putRole, type IamRoleRecord } from './roles.js';

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
/** AWS managed policies (arn:aws:iam::aws:policy/[path/]Name); customer managed policies are not modelled. */
const AWS_MANAGED_POLICY = /^arn:aws:iam::aws:policy\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;
const POLICY_ARN = /^arn:aws:iam::(aws|\d{12}):policy\/.+$/;

function roleName(input: OperationInput, member = 'RoleName'): string {
  const name = typeof input[member] === 'string' ? (input[member] as string) : '';
  if (!ROLE_NAME.test(name))
    throw validationError('roleName', name, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  return name;
}

function existingRole(ctx: HandlerContext, name: string): IamRoleRecord {
  const role = findRole(ctx.state, ctx.caller.accountId, name);
  if (!role) throw noSuchRole(name);
  return role;
}

/** Checks a trust policy the way IAM does before storing it (JSON, a Statement, an Allow or Deny effect, a principal). */
export function validatedPolicyDocument(document: unknown): string {
  if (typeof document !== 'string' || document.trim() === '') throw malformedPolicyDocument('Syntax errors in policy.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformedPolicyDocument('This policy contains invalid Json');
  }
  if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed))
    throw malformedPolicyDocument('Syntax errors in policy.');
  const statements = (parsed as { Statement: unknown }).Statement;
  for (const statement of Array.isArray(statements) ? statements : [statements]) {
    const { Effect, Principal } = (statement ?? {}) as { Effect?: unknown; Principal?: unknown };
    if (Effect !== 'Allow' && Effect !== 'Deny') throw malformedPolicyDocument('Invalid effect: ' + String(Effect));
    if (Principal === undefined) throw malformedPolicyDocument('Missing required field Principal');
  }
  return document;
}

/** The Role structure of GetRole/CreateRole; IAM sends the trust policy URL-encoded. */
export function roleView(role: IamRoleRecord) {
  return {
    Path: role.Path,
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: new Date(role.CreateDate),
    AssumeRolePolicyDocument: encodeURIComponent(role.AssumeRolePolicyDocument),
    Description: role.Description,
    MaxSessionDuration: role.MaxSessionDuration,
    RoleLastUsed: {},
  };
}

export function newRoleRecord(
  ctx: HandlerContext,
  fields: { name: string; path: string; trustPolicy: string; description?: string; maxSessionDuration?: number },
): IamRoleRecord {
  return {
    RoleName: fields.name,
    RoleId: `AROA${randomUppercaseAlphanumeric(17)}`,
    Arn: `arn:aws:iam::${ctx.caller.accountId}:role${fields.path}${fields.name}`,
    Path: fields.path,
    CreateDate: new Date(ctx.now()).toISOString(),
    AssumeRolePolicyDocument: fields.trustPolicy,
    MaxSessionDuration: fields.maxSessionDuration ?? 3600,
    Description: fields.description,
    AttachedPolicies: [],
  };
}

const createRole: OperationHandler = (input, ctx) => {
  const name = roleName(input);
  const path = typeof input.Path === 'string' ? input.Path : '/';
  if (!ROLE_PATH.test(path))
    throw validationError(
      'path',
      path,
      'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
    );
  const trustPolicy = validatedPolicyDocument(input.AssumeRolePolicyDocument);
  const maxSessionDuration = input.MaxSessionDuration === undefined ? 3600 : Number(input.MaxSessionDuration);
  if (!Number.isInteger(maxSessionDuration) || maxSessionDuration < 3600 || maxSessionDuration > 43200) {
    throw validationError(
      'maxSessionDuration',
      String(input.MaxSessionDuration),
      'Member must have value between 3600 and 43200',
    );
  }
  const existing = Object.values(iamState(ctx.state).accounts[ctx.caller.accountId]?.roles ?? {}).find(
    (role) => role.RoleName.toLowerCase() === name.toLowerCase(),
  );
  if (existing) throw entityAlreadyExists(`Role with name ${name} already exists.`);
  const description = typeof input.Description === 'string' ? input.Description : undefined;
  const role = newRoleRecord(ctx, { name, path, trustPolicy, description, maxSessionDuration });
  putRole(ctx.state, ctx.caller.accountId, role);
  return { Role: roleView(role) };
};

const getRole: OperationHandler = (input, ctx) => ({ Role: roleView(existingRole(ctx, roleName(input))) });

const deleteRole: OperationHandler = (input, ctx) => {
  const role = existingRole(ctx, roleName(input));
  if (role.Path.startsWith('/aws-service-role/'))
    throw invalidInput(
      `Cannot perform the operation on the protected role '${role.RoleName}' - this role is only modifiable by AWS`,
    );
  if (role.AttachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  if (Object.keys(role.InlinePolicies ?? {}).length > 0)
    throw deleteConflict('Cannot delete entity, must delete policies first.');
  delete iamState(ctx.state).accounts[ctx.caller.accountId]?.roles[role.RoleName];
  return undefined;
};

const updateAssumeRolePolicy: OperationHandler = (input, ctx) => {
  const role = existingRole(ctx, roleName(input));
  role.AssumeRolePolicyDocument = validatedPolicyDocument(input.PolicyDocument);
  return undefined;
};

const updateRole: OperationHandler = (input, ctx) => {
  const role = existingRole(ctx, roleName(input));
  if (input.MaxSessionDuration !== undefined) {
    const seconds = Number(input.MaxSessionDuration);
    if (!Number.isInteger(seconds) || seconds < 3600 || seconds > 43200)
      throw validationError(
        'maxSessionDuration',
        String(input.MaxSessionDuration),
        'Member must have value between 3600 and 43200',
      );
    role.MaxSessionDuration = seconds;
  }
  if (typeof input.Description === 'string') role.Description = input.Description;
  return {};
};

const listAttachedRolePolicies: OperationHandler = (input, ctx) => {
  const role = existingRole(ctx, roleName(input));
  return {
    AttachedPolicies: role.AttachedPolicies.map(({ PolicyName, PolicyArn }) => ({ PolicyName, PolicyArn })),
    IsTruncated: false,
  };
};

function policyArn(input: OperationInput): string {
  const arn = typeof input.PolicyArn === 'string' ? input.PolicyArn : '';
  if (!POLICY_ARN.test(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
  return arn;
}

const attachRolePolicy: OperationHandler = (input, ctx) => {
  const role = existingRole(ctx, roleName(input));
  const arn = policyArn(input);
  if (!AWS_MANAGED_POLICY.test(arn)) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  if (arn.includes(':policy/aws-service-role/'))
    throw invalidInput(`Cannot attach a Service Role Policy to a Customer Role.`);
  if (!role.AttachedPolicies.some((policy) => policy.PolicyArn === arn)) {
    role.AttachedPolicies.push({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn });
  }
  return undefined;
};

const detachRolePolicy: OperationHandler = (input, ctx) => {
  const role = existingRole(ctx, roleName(input));
  const arn = policyArn(input);
  const index = role.AttachedPolicies.findIndex((policy) => policy.PolicyArn === arn);
  if (index < 0) throw noSuchEntity(`Policy ${arn} was not found.`);
  role.AttachedPolicies.splice(index, 1);
  return undefined;
};

/** IAM roles: create, read, delete, trust policy and managed policy attachments. */
export const roleOperations: Record<string, OperationHandler> = {
  CreateRole: createRole,
  GetRole: getRole,
  DeleteRole: deleteRole,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  UpdateRole: updateRole,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
};
