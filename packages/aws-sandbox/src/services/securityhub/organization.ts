import type { HandlerContext, OperationHandler } from '../../types.js';
import { registerDelegatedAdministrator } from '../organizations/delegated-administrators.js';
import { enableServiceAccess, organizationOf } from '../organizations/service-access.js';
import { linkedRegions } from './aggregation.js';
import {
  enableHub,
  requireHub,
  securityHubError,
  securityHubState,
  where,
  type OrganizationConfigRecord,
} from './model.js';

const SERVICE_PRINCIPAL = 'securityhub.amazonaws.com';

function requireManagementAccount(ctx: HandlerContext): { id: string; managementAccountId: string } {
  const org = organizationOf(ctx.state, ctx.caller.accountId);
  if (!org || org.managementAccountId !== ctx.caller.accountId)
    throw securityHubError(
      'InvalidAccessException',
      `Account ${ctx.caller.accountId} is not the management account of an organization.`,
    );
  return org;
}

/** The caller must be the organization's delegated Security Hub administrator in this Region. */
export function requireAdministrator(ctx: HandlerContext): void {
  requireHub(ctx);
  if (securityHubState(ctx.state).admins[ctx.region]?.accountId !== ctx.caller.accountId)
    throw securityHubError(
      'InvalidAccessException',
      `Account ${ctx.caller.accountId} is not the Security Hub administrator account for the organization in ${ctx.region}.`,
    );
}

/**
 * The management account designates the delegated administrator. Like AWS, this turns on trusted access
 * for Security Hub, registers the account as the organization's delegated administrator for
 * securityhub.amazonaws.com (one account for every Region) and enables Security Hub in it.
 */
const enableOrganizationAdminAccount: OperationHandler = (input, ctx) => {
  const org = requireManagementAccount(ctx);
  const adminAccountId = typeof input.AdminAccountId === 'string' ? input.AdminAccountId : '';
  if (!/^\d{12}$/.test(adminAccountId) || organizationOf(ctx.state, adminAccountId)?.id !== org.id)
    throw securityHubError(
      'InvalidInputException',
      `The request is rejected because the account ${adminAccountId || '(none)'} is not a member of the organization.`,
    );
  const admins = securityHubState(ctx.state).admins;
  const other = Object.values(admins).find((admin) => admin.accountId !== adminAccountId);
  if (other)
    throw securityHubError(
      'InvalidInputException',
      `Account ${other.accountId} is already the Security Hub administrator account for the organization; remove it first.`,
    );
  if (!admins[ctx.region]) {
    admins[ctx.region] = { accountId: adminAccountId };
    enableServiceAccess(ctx.state, SERVICE_PRINCIPAL, ctx.now());
    if (adminAccountId !== org.managementAccountId)
      registerDelegatedAdministrator(ctx.state, adminAccountId, SERVICE_PRINCIPAL, ctx.now());
    enableHub(ctx.state, adminAccountId, ctx.region, ctx.now());
  }
  return { AdminAccountId: adminAccountId, Feature: 'SecurityHub' };
};

const disableOrganizationAdminAccount: OperationHandler = (input, ctx) => {
  requireManagementAccount(ctx);
  const admins = securityHubState(ctx.state).admins;
  if (admins[ctx.region]?.accountId !== input.AdminAccountId)
    throw securityHubError(
      'InvalidInputException',
      'The request is rejected because the given account is not the Security Hub administrator account.',
    );
  delete admins[ctx.region];
  return {};
};

const listOrganizationAdminAccounts: OperationHandler = (_input, ctx) => {
  requireManagementAccount(ctx);
  const admin = securityHubState(ctx.state).admins[ctx.region];
  return { AdminAccounts: admin ? [{ AccountId: admin.accountId, Status: 'ENABLED' }] : [], Feature: 'SecurityHub' };
};

const DEFAULT_CONFIG: OrganizationConfigRecord = {
  autoEnable: false,
  autoEnableStandards: 'DEFAULT',
  configurationType: 'LOCAL',
};

export function organizationConfigOf(ctx: Pick<HandlerContext, 'state'>, administrator: string, region: string) {
  return securityHubState(ctx.state).organizationConfigs[where(administrator, region)] ?? DEFAULT_CONFIG;
}

const describeOrganizationConfiguration: OperationHandler = (_input, ctx) => {
  requireAdministrator(ctx);
  const config = organizationConfigOf(ctx, ctx.caller.accountId, ctx.region);
  return {
    AutoEnable: config.autoEnable,
    MemberAccountLimitReached: false,
    AutoEnableStandards: config.autoEnableStandards,
    OrganizationConfiguration: { ConfigurationType: config.configurationType, Status: 'ENABLED' },
  };
};

/**
 * LOCAL: AutoEnable and AutoEnableStandards for new accounts in this Region. CENTRAL (from the home Region of
 * the administrator's finding aggregator, never by the management account): AutoEnable false and
 * AutoEnableStandards NONE in the home and every linked Region; configuration policies take over.
 */
const updateOrganizationConfiguration: OperationHandler = (input, ctx) => {
  requireAdministrator(ctx);
  if (typeof input.AutoEnable !== 'boolean')
    throw securityHubError('InvalidInputException', "Invalid parameter 'AutoEnable': a boolean is required.");
  const standards = input.AutoEnableStandards ?? 'DEFAULT';
  if (standards !== 'NONE' && standards !== 'DEFAULT')
    throw securityHubError('InvalidInputException', "Invalid parameter 'AutoEnableStandards': NONE or DEFAULT.");
  const requested = (input.OrganizationConfiguration as { ConfigurationType?: unknown } | undefined)?.ConfigurationType;
  const state = securityHubState(ctx.state);
  const current = organizationConfigOf(ctx, ctx.caller.accountId, ctx.region);
  const type = requested === undefined ? current.configurationType : requested;
  if (type !== 'LOCAL' && type !== 'CENTRAL')
    throw securityHubError('InvalidInputException', "Invalid parameter 'ConfigurationType': LOCAL or CENTRAL.");
  const aggregator = state.aggregators[ctx.caller.accountId];
  const switching = type !== current.configurationType;
  if ((type === 'CENTRAL' || switching) && aggregator?.region !== ctx.region) {
    if (type === 'CENTRAL' && !aggregator)
      throw securityHubError(
        'InvalidInputException',
        'Central configuration requires cross-Region aggregation: create a finding aggregator in the home Region first.',
      );
    throw securityHubError(
      'InvalidInputException',
      `The configuration type can only be changed from the home Region ${aggregator?.region ?? ''}.`.trim(),
    );
  }
  if (type === 'CENTRAL') {
    if (linkedRegions(aggregator).length === 0)
      throw securityHubError(
        'InvalidInputException',
        'Central configuration requires a home Region and at least one linked Region in the finding aggregator.',
      );
    if (organizationOf(ctx.state, ctx.caller.accountId)?.managementAccountId === ctx.caller.accountId)
      throw securityHubError(
        'InvalidInputException',
        'Central configuration requires a delegated administrator that is not the organization management account.',
      );
    if (input.AutoEnable === true || standards === 'DEFAULT')
      throw securityHubError(
        'InvalidInputException',
        'With central configuration, AutoEnable must be false and AutoEnableStandards NONE; use a configuration policy.',
      );
  } else if (current.configurationType === 'CENTRAL' && ctx.region !== aggregator?.region) {
    throw securityHubError(
      'InvalidInputException',
      'The organization uses central configuration; settings in linked Regions are managed from the home Region.',
    );
  }
  const next: OrganizationConfigRecord = {
    autoEnable: input.AutoEnable,
    autoEnableStandards: standards,
    configurationType: type,
    ...(input.AutoEnable ? { autoEnableSince: current.autoEnable ? current.autoEnableSince : ctx.now() } : {}),
  };
  const regions = switching || type === 'CENTRAL' ? [ctx.region, ...linkedRegions(aggregator)] : [ctx.region];
  for (const region of regions) state.organizationConfigs[where(ctx.caller.accountId, region)] = { ...next };
  return {};
};

/** The organization's delegated administrator and its configuration. */
export const organizationOperations: Record<string, OperationHandler> = {
  EnableOrganizationAdminAccount: enableOrganizationAdminAccount,
  DisableOrganizationAdminAccount: disableOrganizationAdminAccount,
  ListOrganizationAdminAccounts: listOrganizationAdminAccounts,
  DescribeOrganizationConfiguration: describeOrganizationConfiguration,
  UpdateOrganizationConfiguration: updateOrganizationConfiguration,
};
