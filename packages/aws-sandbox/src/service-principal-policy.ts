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
  Action?: unknown;
  Resource?: unknown;
  Condition?: unknown;
}

export function servicePrincipalAllows(policy: string | undefined, request: ServicePrincipalRequest): boolean {
  if (!policy) return false;
  const statements = parseStatements(policy);
  const applies = (statement: Statement) =>
    principalNamesService(statement.Principal, request.servicePrincipal) &&
    asList(statement.Action).some((action) => wildcardMatch(action.toLowerCase(), request.action.toLowerCase())) &&
    asList(statement.Resource).some((resource) => wildcardMatch(resource, request.resource)) &&
    conditionsHold(statement.Condition, request.context);
  if (statements.some((statement) => statement.Effect === 'Deny' && applies(statement))) return false;
  return statements.some((statement) => statement.Effect === 'Allow' && applies(statement));
}

function parseStatements(policy: string): Statement[] {
  try {
    const parsed = JSON.parse(policy) as { Statement?: unknown };
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    return statements.filter(
      (statement): statement is Statement => typeof statement === 'object' && statement !== null,
    );
  } catch {
    return [];
  }
}

function principalNamesService(principal: unknown, service: string): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const named = principal as { Service?: unknown; AWS?: unknown };
  return asList(named.Service).includes(service) || asList(named.AWS).includes('*');
}

function conditionsHold(condition: unknown, context: Record<string, string>): boolean {
  if (condition === undefined) return true;
  if (typeof condition !== 'object' || condition === null) return false;
  return Object.entries(condition as Record<string, unknown>).every(([operator, tests]) => {
    const ifExists = operator.endsWith('IfExists');
    const base = operator.replace(/IfExists$/, '');
    const compare =
      base === 'StringEquals' || base === 'ArnEquals'
        ? (pattern: string, value: string) => pattern === value
        : base === 'StringLike' || base === 'ArnLike'
          ? wildcardMatch
          : undefined;
    if (!compare || typeof tests !== 'object' || tests === null) return false;
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
