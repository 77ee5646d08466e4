import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { grantStatement, parsePolicyDocument, policyText, withStatement, withoutStatement } from './bus-policy.js';
import { busOrThrow, regionOf, type EventBusRecord } from './model.js';

/** The caller's own bus a permission request names (EventBusName, a name or an ARN of the caller's account). */
function ownBus(input: OperationInput, ctx: HandlerContext): EventBusRecord {
  const named = input.EventBusName;
  if (typeof named === 'string' && named.startsWith('arn:')) {
    const account = named.split(':')[4];
    if (account !== ctx.caller.accountId)
      throw new SandboxServiceError('ResourceNotFoundException', `Event bus ${named} does not exist.`);
  }
  return busOrThrow(regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now()), named);
}

/**
 * PutPermission: either the whole policy (Policy, which replaces the bus's policy) or one statement in the legacy
 * form (StatementId, Principal, Action, Condition), added to the policy or replacing the statement of that Sid.
 */
export function putPermission(input: OperationInput, ctx: HandlerContext) {
  const bus = ownBus(input, ctx);
  const legacy = ['Action', 'Principal', 'StatementId', 'Condition'].filter((member) => input[member] !== undefined);
  if (input.Policy !== undefined) {
    if (legacy.length > 0)
      throw new SandboxServiceError(
        'ValidationException',
        `Parameter Policy cannot be combined with ${legacy.join(', ')}. Give either Policy or StatementId, Principal and Action.`,
      );
    bus.policy = policyText(parsePolicyDocument(input.Policy));
    return {};
  }
  bus.policy = policyText(withStatement(bus.policy, grantStatement(input, bus.arn)));
  return {};
}

/** RemovePermission: one statement by its StatementId, or the whole policy with RemoveAllPermissions. */
export function removePermission(input: OperationInput, ctx: HandlerContext) {
  const bus = ownBus(input, ctx);
  if (input.RemoveAllPermissions === true) {
    delete bus.policy;
    return {};
  }
  if (typeof input.StatementId !== 'string' || input.StatementId === '')
    throw new SandboxServiceError(
      'ValidationException',
      'Parameter StatementId is required unless RemoveAllPermissions is true.',
    );
  const remaining = withoutStatement(bus.policy, input.StatementId);
  if (remaining) bus.policy = policyText(remaining);
  else delete bus.policy;
  return {};
}
