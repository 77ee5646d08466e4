import { randomBase64, randomUppercaseAlphanumeric, uniqueId } from '../../../ids.js';
import type { SandboxState } from '../../../state.js';
import { findRole } from '../../iam/roles.js';
import { findSession, sha256Hex, storeSession, type StsSession } from '../../sts/sessions.js';
import type { FunctionRecord } from '../model.js';

const LAMBDA_PRINCIPAL = 'lambda.amazonaws.com';
/** Lambda hands an environment credentials for its lifetime; environments are recycled before they expire. */
export const FUNCTION_SESSION_MS = 60 * 60_000;

/** Why a function's role cannot be used: what Lambda reports when it cannot assume the execution role. */
export class ExecutionRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Lambda.AccessDeniedException';
  }
}

/** A function's session with its secrets, held only in this process's memory (the state keeps the token's hash). */
export interface FunctionCredentials {
  readonly session: StsSession;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/**
 * The credentials Lambda gives the function: a session of its execution role, named after the function,
 * issued like any sandbox session (so the calls the code makes are the role's: SCPs and IAM apply).
 * The role must exist in the function's account and trust lambda.amazonaws.com.
 */
export function issueFunctionSession(state: SandboxState, fn: FunctionRecord, now: number): FunctionCredentials {
  const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]{1,64})$/.exec(fn.role);
  const role = match ? findRole(state, match[1] as string, match[2] as string) : undefined;
  if (!match || !role || match[1] !== fn.accountId)
    throw new ExecutionRoleError(`The role defined for the function cannot be assumed by Lambda: ${fn.role}`);
  if (!trustsService(role.AssumeRolePolicyDocument, LAMBDA_PRINCIPAL))
    throw new ExecutionRoleError(
      `The role defined for the function cannot be assumed by Lambda: ${fn.role} does not trust ${LAMBDA_PRINCIPAL}`,
    );
  const secretAccessKey = randomBase64(30);
  const sessionToken = randomBase64(270);
  const session: StsSession = {
    accessKeyId: uniqueId(
      () => `ASIA${randomUppercaseAlphanumeric(16)}`,
      (key) => findSession(state, key) !== undefined,
    ),
    sessionTokenSha256: sha256Hex(sessionToken),
    accountId: fn.accountId,
    roleArn: role.Arn,
    roleName: role.RoleName,
    roleId: role.RoleId,
    sessionName: fn.name.slice(0, 64),
    issuedAt: now,
    expiresAt: now + FUNCTION_SESSION_MS,
  };
  storeSession(state, session, now);
  return { session, secretAccessKey, sessionToken };
}

/** Whether a trust policy lets an AWS service principal assume the role (an Allow naming it, no Deny). */
export function trustsService(policyDocument: string, service: string): boolean {
  let statements: Array<Record<string, unknown>> = [];
  try {
    const parsed = JSON.parse(policyDocument) as { Statement?: unknown };
    const list = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    statements = list.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
  } catch {
    return false;
  }
  const applies = (statement: Record<string, unknown>) => {
    const actions = asList(statement.Action).map((action) => action.toLowerCase());
    const principal = statement.Principal;
    const services =
      principal === '*'
        ? ['*']
        : typeof principal === 'object' && principal !== null
          ? asList((principal as { Service?: unknown }).Service)
          : [];
    return (
      actions.some((action) => ['*', 'sts:*', 'sts:assumerole'].includes(action)) &&
      (services.includes(service) || services.includes('*'))
    );
  };
  if (statements.some((statement) => statement.Effect === 'Deny' && applies(statement))) return false;
  return statements.some((statement) => statement.Effect === 'Allow' && applies(statement));
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
