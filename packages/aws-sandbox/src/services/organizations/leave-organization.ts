import type { HandlerContext, OperationInput } from '../../types.js';
import { callerOrganization } from './access.js';
import { constraintViolation, organizationsError } from './errors.js';

const WAIT_PERIOD_MS = 4 * 24 * 60 * 60 * 1000;

/**
 * LeaveOrganization, called by a member account. The sandbox's accounts are all created by the
 * organization, so, as on AWS, they cannot leave: during their first four days (WAIT_PERIOD_ACTIVE),
 * and after that because a created account lacks the standalone billing and phone details.
 * What the sandbox shows with it is the SCP that denies it before this handler runs.
 */
export function leaveOrganization(_input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState, org } = callerOrganization(ctx);
  if (ctx.caller.accountId === org.MasterAccountId) throw organizationsError('MasterCannotLeaveOrganizationException');
  const account = orgState.accounts[ctx.caller.accountId];
  if (account && ctx.now() - account.JoinedTimestamp < WAIT_PERIOD_MS) throw constraintViolation('WAIT_PERIOD_ACTIVE');
  throw constraintViolation('ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION');
}
