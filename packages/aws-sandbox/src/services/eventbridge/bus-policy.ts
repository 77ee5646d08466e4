import { SandboxServiceError } from '../../errors.js';

/** "The permission policy on the event bus cannot exceed 10 KB in size." (PutPermission, EventBridge API Reference) */
export const MAX_BUS_POLICY_BYTES = 10 * 1024;

const STATEMENT_ID = /^[a-zA-Z0-9-_]{1,64}$/;
const PRINCIPAL = /^(\d{12}|\*)$/;
const ACTION = /^events:[a-zA-Z]+$/;

export interface BusPolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  [member: string]: unknown;
}

export interface BusPolicyDocument {
  Version: string;
  Statement: BusPolicyStatement[];
}

/** The input of PutPermission's legacy form (Action, Principal, StatementId, Condition). */
export interface PermissionGrant {
  Action?: unknown;
  Principal?: unknown;
  StatementId?: unknown;
  Condition?: unknown;
}

const invalid = (member: string, value: unknown, constraint: string) =>
  new SandboxServiceError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );

/**
 * The statement AWS writes for the legacy form: the account's root (or "*") may events:PutEvents on the bus, an
 * organization condition narrowing "*". Constraints from the API Reference: StatementId [a-zA-Z0-9-_]+ (1-64),
 * Principal (\d{12}|\*), Action events:[a-zA-Z]+ (and "currently, this must be events:PutEvents"), Condition Type
 * StringEquals and Key aws:PrincipalOrgID (the only supported values, API Reference "Condition").
 */
export function grantStatement(grant: PermissionGrant, busArn: string): BusPolicyStatement {
  const { Action: action, Principal: principal, StatementId: sid, Condition: condition } = grant;
  if (typeof sid !== 'string' || !STATEMENT_ID.test(sid))
    throw invalid('statementId', sid, 'Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+');
  if (typeof principal !== 'string' || !PRINCIPAL.test(principal))
    throw invalid('principal', principal, 'Member must satisfy regular expression pattern: (\\d{12}|\\*)');
  if (typeof action !== 'string' || !ACTION.test(action))
    throw invalid('action', action, 'Member must satisfy regular expression pattern: events:[a-zA-Z]+');
  if (action !== 'events:PutEvents')
    throw new SandboxServiceError('ValidationException', `Action ${action} is not valid. Use events:PutEvents.`);
  const statement: BusPolicyStatement = {
    Sid: sid,
    Effect: 'Allow',
    Principal: principal === '*' ? '*' : { AWS: `arn:aws:iam::${principal}:root` },
    Action: action,
    Resource: busArn,
  };
  if (condition !== undefined) {
    const { Type: type, Key: key, Value: value } = (condition ?? {}) as Record<string, unknown>;
    if (type !== 'StringEquals')
      throw new SandboxServiceError('ValidationException', `Condition type ${String(type)} is not supported.`);
    if (key !== 'aws:PrincipalOrgID')
      throw new SandboxServiceError('ValidationException', `Condition key ${String(key)} is not supported.`);
    if (typeof value !== 'string' || value === '')
      throw new SandboxServiceError('ValidationException', 'Condition value must be a non-empty string.');
    statement.Condition = { StringEquals: { 'aws:PrincipalOrgID': value } };
  }
  return statement;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/**
 * A policy given whole (PutPermission's Policy form, AWS::Events::EventBus Policy): JSON, an object with a
 * Statement of statements each with Effect Allow or Deny, a Principal (or NotPrincipal) and an Action (or
 * NotAction); any Sid unique. Anything else is refused before it is stored.
 */
export function parsePolicyDocument(text: unknown): BusPolicyDocument {
  if (typeof text !== 'string' || text.trim() === '')
    throw new SandboxServiceError('ValidationException', 'Parameter Policy is not valid. Reason: Policy is empty.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SandboxServiceError('ValidationException', 'Parameter Policy is not valid. Reason: Policy is not JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SandboxServiceError('ValidationException', 'Parameter Policy is not valid. Reason: not a JSON object.');
  const { Version: version, Statement: statement } = parsed as Record<string, unknown>;
  const statements = asList(statement);
  if (statements.length === 0)
    throw new SandboxServiceError('ValidationException', 'Parameter Policy is not valid. Reason: no Statement.');
  const sids = new Set<string>();
  for (const entry of statements) {
    const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const problem =
      fields.Effect !== 'Allow' && fields.Effect !== 'Deny'
        ? 'Effect must be Allow or Deny'
        : fields.Principal === undefined && fields.NotPrincipal === undefined
          ? 'a statement needs a Principal'
          : fields.Action === undefined && fields.NotAction === undefined
            ? 'a statement needs an Action'
            : typeof fields.Sid === 'string' && sids.has(fields.Sid)
              ? `duplicate Sid ${fields.Sid}`
              : undefined;
    if (problem)
      throw new SandboxServiceError('ValidationException', `Parameter Policy is not valid. Reason: ${problem}.`);
    if (typeof fields.Sid === 'string') sids.add(fields.Sid);
  }
  return {
    Version: typeof version === 'string' ? version : '2012-10-17',
    Statement: statements as BusPolicyStatement[],
  };
}

/** The policy's text as stored and described; refused when over AWS's 10 KB. */
export function policyText(document: BusPolicyDocument): string {
  const text = JSON.stringify(document);
  if (Buffer.byteLength(text) > MAX_BUS_POLICY_BYTES)
    throw new SandboxServiceError(
      'PolicyLengthExceededException',
      `Policy is ${Buffer.byteLength(text)} bytes; the event bus policy cannot exceed ${MAX_BUS_POLICY_BYTES} bytes.`,
    );
  return text;
}

/** The stored policy with a statement added, replacing one of the same Sid. */
export function withStatement(stored: string | undefined, statement: BusPolicyStatement): BusPolicyDocument {
  const current = stored ? (JSON.parse(stored) as BusPolicyDocument) : { Version: '2012-10-17', Statement: [] };
  return {
    Version: current.Version,
    Statement: [...current.Statement.filter((existing) => existing.Sid !== statement.Sid), statement],
  };
}

/** The stored policy without the statement of a Sid; undefined when none is left. */
export function withoutStatement(stored: string | undefined, sid: string): BusPolicyDocument | undefined {
  const current = stored ? (JSON.parse(stored) as BusPolicyDocument) : undefined;
  if (!current) throw new SandboxServiceError('ResourceNotFoundException', 'EventBus does not have a policy.');
  const remaining = current.Statement.filter((statement) => statement.Sid !== sid);
  if (remaining.length === current.Statement.length)
    throw new SandboxServiceError('ResourceNotFoundException', 'Statement with the provided id does not exist.');
  return remaining.length === 0 ? undefined : { Version: current.Version, Statement: remaining };
}
