import { randomUppercaseAlphanumeric } from '../../ids.js';
import type { SandboxState } from '../../state.js';
import type { OperationHandler } from '../../types.js';
import { invalidInput } from './errors.js';
import { roleView } from './role-operations.js';
import { findRole, putRole, type IamRoleRecord } from './roles.js';

/** The service-linked roles the sandbox knows: role name and the AWS managed policy attached to it. */
const SERVICE_LINKED_ROLES: Record<string, { roleName: string; policyName: string }> = {
  'config.amazonaws.com': { roleName: 'AWSServiceRoleForConfig', policyName: 'AWSConfigServiceRolePolicy' },
  'guardduty.amazonaws.com': {
    roleName: 'AWSServiceRoleForAmazonGuardDuty',
    policyName: 'AmazonGuardDutyServiceRolePolicy',
  },
  'cloudtrail.amazonaws.com': { roleName: 'AWSServiceRoleForCloudTrail', policyName: 'CloudTrailServiceRolePolicy' },
};

export function serviceLinkedRoleArn(accountId: string, servicePrincipal: string): string | undefined {
  const known = SERVICE_LINKED_ROLES[servicePrincipal];
  return known ? `arn:aws:iam::${accountId}:role/aws-service-role/${servicePrincipal}/${known.roleName}` : undefined;
}

function serviceLinkedRole(
  accountId: string,
  servicePrincipal: string,
  now: number,
  description?: string,
): IamRoleRecord {
  const known = SERVICE_LINKED_ROLES[servicePrincipal] as { roleName: string; policyName: string };
  const path = `/aws-service-role/${servicePrincipal}/`;
  return {
    RoleName: known.roleName,
    RoleId: `AROA${randomUppercaseAlphanumeric(17)}`,
    Arn: `arn:aws:iam::${accountId}:role${path}${known.roleName}`,
    Path: path,
    CreateDate: new Date(now).toISOString(),
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: servicePrincipal }, Action: 'sts:AssumeRole' }],
    }),
    MaxSessionDuration: 3600,
    Description: description,
    AttachedPolicies: [
      { PolicyName: known.policyName, PolicyArn: `arn:aws:iam::aws:policy/aws-service-role/${known.policyName}` },
    ],
  };
}

/** Creates a service's service-linked role if it is missing (services such as GuardDuty do this themselves). */
export function ensureServiceLinkedRole(
  state: SandboxState,
  accountId: string,
  servicePrincipal: string,
  now: number,
): IamRoleRecord | undefined {
  const known = SERVICE_LINKED_ROLES[servicePrincipal];
  if (!known) return undefined;
  const existing = findRole(state, accountId, known.roleName);
  if (existing) return existing;
  const role = serviceLinkedRole(accountId, servicePrincipal, now);
  putRole(state, accountId, role);
  return role;
}

/** iam:CreateServiceLinkedRole for the services the sandbox knows. */
export const createServiceLinkedRole: OperationHandler = (input, ctx) => {
  const servicePrincipal = typeof input.AWSServiceName === 'string' ? input.AWSServiceName : '';
  const known = SERVICE_LINKED_ROLES[servicePrincipal];
  if (!known)
    throw invalidInput(
      `The specified service ${servicePrincipal || '(none)'} does not support service-linked roles in the awsarch sandbox.`,
    );
  if (input.CustomSuffix !== undefined) throw invalidInput(`Custom suffix is not allowed for ${servicePrincipal}`);
  if (findRole(ctx.state, ctx.caller.accountId, known.roleName)) {
    throw invalidInput(
      `Service role name ${known.roleName} has been taken in this account, please try a different suffix.`,
    );
  }
  const description = typeof input.Description === 'string' ? input.Description : undefined;
  const role = serviceLinkedRole(ctx.caller.accountId, servicePrincipal, ctx.now(), description);
  putRole(ctx.state, ctx.caller.accountId, role);
  return { Role: roleView(role) };
};
