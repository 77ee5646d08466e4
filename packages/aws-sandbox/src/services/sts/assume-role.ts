import { SandboxServiceError } from '../../errors.js';
import { randomBase64, randomUppercaseAlphanumeric, uniqueId } from '../../ids.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { findRole } from '../iam/roles.js';
import { organizationsState } from '../organizations/model.js';
import { assumedRoleArn, findSession, sha256Hex, storeSession, type StsSession } from './sessions.js';

const DEFAULT_DURATION_SECONDS = 3600;
const ROLE_CHAINING_MAX_SECONDS = 3600;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\u0021-\u007E]+\/)?([\w+=,.@-]{1,64})$/;

/** sts:AssumeRole: temporary credentials for a role whose trust policy lets the caller in (see authorization.ts). */
export function assumeRole(input: OperationInput, ctx: HandlerContext): unknown {
  const { roleArn, sessionName, durationSeconds } = validateAssumeRoleInput(input);
  const match = ROLE_ARN.exec(roleArn);
  const role = match ? findRole(ctx.state, match[1] as string, match[2] as string) : undefined;
  // IAM is eventually consistent: a role is not assumable everywhere right after it is created.
  const propagated = role !== undefined && ctx.now() >= Date.parse(role.CreateDate) + ctx.options.rolePropagationMs;
  // A closed account (PENDING_CLOSURE, SUSPENDED) can no longer be signed in to, by any role.
  const closed =
    match !== null && (organizationsState(ctx.state).accounts[match[1] as string]?.State ?? 'ACTIVE') !== 'ACTIVE';
  // The trust policy (with its conditions) was evaluated by the authorization layer before this handler ran.
  if (!role || role.Arn !== roleArn || !propagated || closed) {
    throw new SandboxServiceError(
      'AccessDenied',
      `User: ${ctx.caller.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      { status: 403 },
    );
  }
  const chained = ctx.caller.session !== undefined;
  if (chained && durationSeconds > ROLE_CHAINING_MAX_SECONDS) {
    throw validationError(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  if (!chained && durationSeconds > role.MaxSessionDuration) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const now = ctx.now();
  const secretAccessKey = randomBase64(30);
  const sessionToken = randomBase64(270);
  const session: StsSession = {
    accessKeyId: uniqueId(
      () => `ASIA${randomUppercaseAlphanumeric(16)}`,
      (key) => findSession(ctx.state, key) !== undefined,
    ),
    sessionTokenSha256: sha256Hex(sessionToken),
    accountId: match?.[1] as string,
    roleArn: role.Arn,
    roleName: role.RoleName,
    roleId: role.RoleId,
    sessionName,
    issuedAt: now,
    expiresAt: now + durationSeconds * 1000,
  };
  storeSession(ctx.state, session, now);
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: secretAccessKey,
      SessionToken: sessionToken,
      Expiration: new Date(session.expiresAt),
    },
    AssumedRoleUser: { AssumedRoleId: `${role.RoleId}:${sessionName}`, Arn: assumedRoleArn(session) },
  };
}

/** AssumeRole's model constraints, checked before authorization as AWS does. */
export function validateAssumeRoleInput(input: OperationInput): {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
} {
  const problems: string[] = [];
  const roleArn = typeof input.RoleArn === 'string' ? input.RoleArn : undefined;
  const sessionName = typeof input.RoleSessionName === 'string' ? input.RoleSessionName : undefined;
  if (roleArn === undefined)
    problems.push("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  else if (roleArn.length < 20) {
    problems.push(
      `Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`,
    );
  }
  if (sessionName === undefined)
    problems.push("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  else if (sessionName.length < 2 || sessionName.length > 64) {
    const bound = sessionName.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 64';
    problems.push(
      `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length ${bound}`,
    );
  } else if (!/^[\w+=,.@-]*$/.test(sessionName)) {
    problems.push(
      `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const durationSeconds =
    input.DurationSeconds === undefined ? DEFAULT_DURATION_SECONDS : Number(input.DurationSeconds);
  if (!Number.isInteger(durationSeconds)) {
    const value = String(input.DurationSeconds);
    problems.push(`Value '${value}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer`);
  } else if (durationSeconds < 900 || durationSeconds > 43200) {
    const bound = durationSeconds < 900 ? 'greater than or equal to 900' : 'less than or equal to 43200';
    problems.push(
      `Value '${durationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${bound}`,
    );
  }
  if (problems.length > 0 || roleArn === undefined || sessionName === undefined) {
    const count =
      problems.length === 1 ? '1 validation error detected' : `${problems.length} validation errors detected`;
    throw validationError(`${count}: ${problems.join('; ')}`);
  }
  return { roleArn, sessionName, durationSeconds };
}

function validationError(message: string): SandboxServiceError {
  return new SandboxServiceError('ValidationError', message, { status: 400 });
}
