import type { SandboxState } from '../state.js';
import { findRole } from '../services/iam/roles.js';
import type { OperationInput } from '../types.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]{1,64})$/;

/** A role's trust policy, the resource policy of sts:AssumeRole; undefined when there is no such role. */
export function trustPolicyOf(state: SandboxState, roleArn: string): unknown {
  const match = new RegExp(ROLE_ARN.source).exec(roleArn);
  const role = match ? findRole(state, match[1] as string, match[2] as string) : undefined;
  if (!role || role.Arn !== roleArn) return undefined;
  try {
    return JSON.parse(role.AssumeRolePolicyDocument) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The condition keys an AssumeRole request carries: sts:ExternalId when given, and aws:MultiFactorAuthPresent,
 * true when the request names an MFA device and a six-digit code (the sandbox cannot check TOTP codes; it checks
 * their form, see README).
 */
export function assumeRoleContext(input: OperationInput): Record<string, string> {
  const context: Record<string, string> = {};
  if (typeof input.ExternalId === 'string') context['sts:ExternalId'] = input.ExternalId;
  const mfa =
    typeof input.SerialNumber === 'string' &&
    /^(arn:aws:iam::\d{12}:mfa\/[\w+=,.@-]+|GAHT[0-9A-Z]{8})$/.test(input.SerialNumber) &&
    typeof input.TokenCode === 'string' &&
    /^\d{6}$/.test(input.TokenCode);
  context['aws:MultiFactorAuthPresent'] = String(mfa);
  return context;
}
