import type { HandlerContext, OperationHandler } from '../../types.js';
import { enableServiceAccess, organizationOf } from '../organizations/service-access.js';
import { badRequest, detectorOf, guardDutyState, newDetector } from './model.js';

function requireManagementAccount(ctx: HandlerContext): { id: string } {
  const org = organizationOf(ctx.state, ctx.caller.accountId);
  if (!org || org.managementAccountId !== ctx.caller.accountId) {
    throw badRequest(
      'The request is rejected because the current account is not the management account of an organization.',
    );
  }
  return org;
}

/**
 * The management account designates the delegated administrator (per region; one account for the
 * whole organization). Like AWS, this turns on GuardDuty's trusted access and enables GuardDuty in
 * the administrator account.
 */
const enableOrganizationAdminAccount: OperationHandler = (input, ctx) => {
  const org = requireManagementAccount(ctx);
  const adminAccountId = typeof input.adminAccountId === 'string' ? input.adminAccountId : '';
  if (organizationOf(ctx.state, adminAccountId)?.id !== org.id) {
    throw badRequest(
      `The request is rejected because the account ${adminAccountId || '(none)'} is not a member of the organization.`,
    );
  }
  const admins = guardDutyState(ctx.state).organizationAdmins;
  if (Object.values(admins).some((admin) => admin.adminAccountId !== adminAccountId)) {
    throw badRequest(
      'The request failed because another account is already enabled as GuardDuty delegated administrator for the organization.',
    );
  }
  if (admins[ctx.region])
    throw badRequest(
      'The request failed because the account is already enabled as the GuardDuty delegated administrator for the organization.',
    );
  admins[ctx.region] = { adminAccountId, adminStatus: 'ENABLED' };
  enableServiceAccess(ctx.state, 'guardduty.amazonaws.com', ctx.now());
  if (!detectorOf(ctx.state, adminAccountId, ctx.region))
    newDetector(ctx.state, { accountId: adminAccountId, region: ctx.region, enabled: true, now: ctx.now() });
  return {};
};

const disableOrganizationAdminAccount: OperationHandler = (input, ctx) => {
  requireManagementAccount(ctx);
  const admins = guardDutyState(ctx.state).organizationAdmins;
  if (admins[ctx.region]?.adminAccountId !== input.adminAccountId) {
    throw badRequest(
      'The request is rejected because the given account is not the GuardDuty delegated administrator of the organization.',
    );
  }
  delete admins[ctx.region];
  return {};
};

const listOrganizationAdminAccounts: OperationHandler = (_input, ctx) => {
  requireManagementAccount(ctx);
  const admin = guardDutyState(ctx.state).organizationAdmins[ctx.region];
  return { adminAccounts: admin ? [admin] : [] };
};

/** The organization's delegated GuardDuty administrator. */
export const organizationAdminOperations: Record<string, OperationHandler> = {
  EnableOrganizationAdminAccount: enableOrganizationAdminAccount,
  DisableOrganizationAdminAccount: disableOrganizationAdminAccount,
  ListOrganizationAdminAccounts: listOrganizationAdminAccounts,
};
