import type { Caller } from '../../types.js';

interface PolicyStatement {
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
}

/**
 * Whether a role's trust policy lets the caller call sts:AssumeRole: an Allow statement names the
 * caller's account (id or :root ARN), its principal ARN or, for role sessions, its role ARN, and no
 * Deny statement does. Conditions are not evaluated.
 */
export function trustPolicyAllows(policyDocument: string, caller: Caller): boolean {
  const statements = parseStatements(policyDocument);
  const applies = (statement: PolicyStatement) =>
    actionMatches(statement.Action) && principalMatches(statement.Principal, caller);
  if (statements.some((statement) => statement.Effect === 'Deny' && applies(statement))) return false;
  return statements.some((statement) => statement.Effect === 'Allow' && applies(statement));
}

function parseStatements(policyDocument: string): PolicyStatement[] {
  try {
    const parsed = JSON.parse(policyDocument) as { Statement?: unknown };
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    return statements.filter(
      (statement): statement is PolicyStatement => typeof statement === 'object' && statement !== null,
    );
  } catch {
    return [];
  }
}

function actionMatches(action: unknown): boolean {
  return asList(action).some((name) => ['*', 'sts:*', 'sts:assumerole'].includes(name.toLowerCase()));
}

function principalMatches(principal: unknown, caller: Caller): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const candidates = new Set([
    '*',
    caller.accountId,
    `arn:aws:iam::${caller.accountId}:root`,
    caller.principalArn,
    ...(caller.session ? [caller.session.roleArn] : []),
  ]);
  return asList((principal as { AWS?: unknown }).AWS).some((name) => candidates.has(name));
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
