import type { HandlerContext } from '../../types.js';
import { organizationsError } from './errors.js';
import { organizationsState, type OrganizationRecord, type OrganizationsState } from './model.js';

export interface OrganizationScope {
  readonly orgState: OrganizationsState;
  readonly org: OrganizationRecord;
}

/** The caller's organization; the caller's account must belong to it. */
export function callerOrganization(ctx: HandlerContext): OrganizationScope {
  const orgState = organizationsState(ctx.state);
  const org = orgState.organization;
  if (!org || (ctx.caller.accountId !== org.MasterAccountId && !orgState.accounts[ctx.caller.accountId])) {
    throw organizationsError('AWSOrganizationsNotInUseException');
  }
  return { orgState, org };
}

/** As callerOrganization, for operations only the management account may call. */
export function managementOrganization(ctx: HandlerContext): OrganizationScope {
  const scope = callerOrganization(ctx);
  if (ctx.caller.accountId !== scope.org.MasterAccountId) throw organizationsError('AccessDeniedException');
  return scope;
}
