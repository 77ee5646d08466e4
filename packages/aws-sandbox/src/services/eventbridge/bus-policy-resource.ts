import { SandboxServiceError } from '../../errors.js';
import {
  grantStatement,
  parsePolicyDocument,
  policyText,
  withStatement,
  withoutStatement,
  type BusPolicyStatement,
} from './bus-policy.js';
import type { EventBusRecord } from './model.js';

/** AWS::Events::EventBus Policy (a JSON object or its text): the bus's whole policy, validated; undefined when absent. */
export function eventBusPolicyText(policy: unknown): string | undefined {
  if (policy === undefined || policy === null) return undefined;
  return policyText(parsePolicyDocument(typeof policy === 'string' ? policy : JSON.stringify(policy)));
}

/**
 * AWS::Events::EventBusPolicy: the bus's policy with this resource's statement (StatementId is the Sid). The
 * Statement property is one statement as JSON; without it the legacy Action, Principal and Condition build one,
 * as PutPermission does.
 */
export function busPolicyStatementOf(properties: Record<string, unknown>, bus: EventBusRecord): string {
  const sid = properties.StatementId;
  let statement: BusPolicyStatement;
  if (properties.Statement !== undefined) {
    if (typeof sid !== 'string' || sid === '')
      throw new SandboxServiceError('ValidationException', 'StatementId is required.');
    const given =
      typeof properties.Statement === 'string' ? properties.Statement : JSON.stringify(properties.Statement);
    const [parsed] = parsePolicyDocument(JSON.stringify({ Statement: [JSON.parse(given) as unknown] })).Statement;
    statement = { ...(parsed as BusPolicyStatement), Sid: sid };
  } else {
    statement = grantStatement(properties, bus.arn);
  }
  return policyText(withStatement(bus.policy, statement));
}

/** Removes a stack's statement from a bus policy (nothing when someone else already removed it). */
export function withoutStatementIfPresent(bus: EventBusRecord, sid: string): void {
  if (!bus.policy) return;
  try {
    const remaining = withoutStatement(bus.policy, sid);
    if (remaining) bus.policy = policyText(remaining);
    else delete bus.policy;
  } catch {
    // The statement was already gone.
  }
}
