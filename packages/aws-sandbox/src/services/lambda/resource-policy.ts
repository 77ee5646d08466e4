import type { FunctionRecord, PermissionStatement } from './model.js';

/** Who asks to invoke a function: an AWS service on behalf of a resource (a rule, an API), or an account. */
export interface InvokeCaller {
  /** events.amazonaws.com, apigateway.amazonaws.com, or an account id for cross-account calls. */
  readonly principal: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
}

/**
 * Whether the function's resource-based policy lets the caller invoke it (lambda:InvokeFunction): a
 * statement names the principal (or '*'), and its SourceArn (ArnLike, wildcards per ARN part) and
 * SourceAccount conditions hold. AWS services get no access without such a statement.
 */
export function resourcePolicyAllowsInvoke(fn: FunctionRecord, caller: InvokeCaller): boolean {
  return fn.permissions.some((statement) => statementAllows(statement, caller));
}

function statementAllows(statement: PermissionStatement, caller: InvokeCaller): boolean {
  if (!['lambda:InvokeFunction', 'lambda:*', '*'].includes(statement.action)) return false;
  const principal = statement.principal.replace(/^arn:aws[a-z-]*:iam::(\d{12}):root$/, '$1');
  if (principal !== '*' && principal !== caller.principal) return false;
  if (statement.sourceArn !== undefined && !(caller.sourceArn && arnLike(statement.sourceArn, caller.sourceArn)))
    return false;
  if (statement.sourceAccount !== undefined && statement.sourceAccount !== caller.sourceAccount) return false;
  return true;
}

/** IAM's ArnLike: each of the six colon-separated parts matched on its own, * and ? as wildcards. */
export function arnLike(pattern: string, arn: string): boolean {
  const patternParts = splitArn(pattern);
  const arnParts = splitArn(arn);
  if (!patternParts || !arnParts) return false;
  return patternParts.every((part, index) => globMatches(part, arnParts[index] as string));
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function globMatches(pattern: string, value: string): boolean {
  const expression = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${expression}$`).test(value);
}
