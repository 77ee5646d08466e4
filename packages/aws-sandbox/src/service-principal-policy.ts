/**
 * Whether a resource policy (an S3 bucket's, an SQS queue's) lets an AWS service principal make a request: an
 * Allow statement names the service, the action and the resource (wildcards allowed) and its conditions hold,
 * and no Deny statement applies. Supported condition operators: StringEquals, StringLike, ArnEquals, ArnLike
 * (and their IfExists forms); a statement with any other operator never applies, so the sandbox errs towards
 * refusing. Services reach a resource only through its policy: without one they get nothing.
 */
export interface ServicePrincipalRequest {
  /** e.g. cloudtrail.amazonaws.com, events.amazonaws.com */
  servicePrincipal: string;
  /** e.g. s3:PutObject, sqs:SendMessage */
  action: string;
  resource: string;
  /** Condition keys the service sends, e.g. aws:SourceAccount, aws:SourceOrgID, aws:SourceArn. */
  context: Record<string, string>;
}

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: unknown;
}

export function servicePrincipalAllows(policy: string | undefined, request: ServicePrincipalRequest): boolean {
  if (!policy) return false;
  return decide(
    parseStatements(policy),
    (principal) => principalNamesService(principal, request.servicePrincipal),
    request,
  );
}

/** An IAM principal of an account (a role, or the account itself) asking a resource policy (an EventBridge bus's). */
export interface AccountPrincipalRequest {
  /** The account's root (arn:aws:iam::ACCOUNT:root) or a role ARN. */
  principalArn: string;
  accountId: string;
  action: string;
  resource: string;
  /** e.g. aws:PrincipalOrgID, aws:SourceArn */
  context: Record<string, string>;
}

/**
 * Whether a resource policy lets an IAM principal make a request: a statement names "*", the account (ID or root
 * ARN) or the principal's own ARN. Used where AWS services act with an account's or a role's identity inside a
 * handler (EventBridge sending to another account's bus), with the same operators as above.
 */
export function accountPrincipalAllows(policy: string | undefined, request: AccountPrincipalRequest): boolean {
  if (!policy) return false;
  return decide(parseStatements(policy), (principal) => principalNamesAccount(principal, request), request);
}

/** Whether identity policies (a role's) allow an action on a resource: an Allow applies and no Deny does. */
export function identityDocumentsAllow(
  documents: readonly unknown[],
  request: { action: string; resource: string; context: Record<string, string> },
): boolean {
  const statements = documents.flatMap((document) => statementsOf(document));
  return decide(statements, undefined, request);
}

/**
 * Explicit deny first, then an allow. Where the sandbox cannot judge part of a statement (a condition operator it
 * does not know, a Deny without Resource), an Allow does not apply and a Deny does: it errs towards refusing.
 * principalMatches is undefined for identity policies, which name no principal.
 */
function decide(
  statements: Statement[],
  principalMatches: ((principal: unknown) => boolean) | undefined,
  request: { action: string; resource: string; context: Record<string, string> },
): boolean {
  const applies = (statement: Statement, effect: 'Allow' | 'Deny') =>
    (principalMatches === undefined ||
      (statement.NotPrincipal !== undefined
        ? effect === 'Deny' && !principalMatches(statement.NotPrincipal)
        : principalMatches(statement.Principal))) &&
    asList(statement.Action).some((action) => wildcardMatch(action.toLowerCase(), request.action.toLowerCase())) &&
    ((effect === 'Deny' && statement.Resource === undefined) ||
      asList(statement.Resource).some((resource) => wildcardMatch(resource, request.resource))) &&
    conditionsHold(statement.Condition, request.context, effect === 'Deny');
  if (statements.some((statement) => statement.Effect === 'Deny' && applies(statement, 'Deny'))) return false;
  return statements.some((statement) => statement.Effect === 'Allow' && applies(statement, 'Allow'));
}

function principalNamesAccount(principal: unknown, request: AccountPrincipalRequest): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  return asList((principal as { AWS?: unknown }).AWS).some(
    (named) =>
      named === '*' ||
      named === request.accountId ||
      named === `arn:aws:iam::${request.accountId}:root` ||
      named === request.principalArn,
  );
}

function parseStatements(policy: string): Statement[] {
  try {
    return statementsOf(JSON.parse(policy) as unknown);
  } catch {
    return [];
  }
}

function statementsOf(document: unknown): Statement[] {
  const statement = (document as { Statement?: unknown } | null)?.Statement;
  const statements = Array.isArray(statement) ? statement : [statement];
  return statements.filter((entry): entry is Statement => typeof entry === 'object' && entry !== null);
}

function principalNamesService(principal: unknown, service: string): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const named = principal as { Service?: unknown; AWS?: unknown };
  return asList(named.Service).includes(service) || asList(named.AWS).includes('*');
}

function conditionsHold(condition: unknown, context: Record<string, string>, unknownHolds: boolean): boolean {
  if (condition === undefined) return true;
  if (typeof condition !== 'object' || condition === null) return unknownHolds;
  return Object.entries(condition as Record<string, unknown>).every(([operator, tests]) => {
    const ifExists = operator.endsWith('IfExists');
    const base = operator.replace(/IfExists$/, '');
    const compare =
      base === 'StringEquals' || base === 'ArnEquals'
        ? (pattern: string, value: string) => pattern === value
        : base === 'StringLike' || base === 'ArnLike'
          ? wildcardMatch
          : undefined;
    if (!compare || typeof tests !== 'object' || tests === null) return unknownHolds;
    return Object.entries(tests as Record<string, unknown>).every(([key, expected]) => {
      const value = Object.entries(context).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
      if (value === undefined) return ifExists;
      return asList(expected).some((pattern) => compare(pattern, value));
    });
  });
}

function wildcardMatch(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === value;
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(value);
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'boolean' || typeof value === 'number') return [String(value)];
  return Array.isArray(value) ? value.map((item) => String(item)) : [];
}
