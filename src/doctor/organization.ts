import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { toAwsarchError } from '../aws/aws-errors.js';
import { collectPages } from '../aws/paginate.js';
import { describeOrganization, noOrganizationError, type OrganizationInfo } from '../accounts/org-reader.js';
import type { CommandContext } from '../core/context.js';
import { ERR } from '../core/error-codes.js';
import { checkError, type DoctorCheck, type DoctorReport } from './report.js';

export interface OrganizationAccount {
  id: string;
  name: string;
  status: string;
}

/** What the organization check read: the organization and its accounts (ListAccounts), or why not. */
export interface OrganizationAccess {
  organization?: OrganizationInfo;
  accounts?: OrganizationAccount[];
  check: Omit<DoctorCheck, 'text'> & { text?: string };
}

/** DescribeOrganization and ListAccounts: is there an organization, and may the caller read it. */
export async function readOrganizationAccess(ctx: CommandContext): Promise<OrganizationAccess> {
  try {
    const organization = await describeOrganization(ctx.aws);
    if (!organization) throw noOrganizationError();
    const listed = await collectPages(
      paginateListAccounts({ client: ctx.aws.client(OrganizationsClient) }, {}),
      (page) => page.Accounts,
    );
    const accounts = listed.map((account) => ({
      id: account.Id ?? '',
      name: account.Name ?? '',
      status: account.State ?? account.Status ?? '',
    }));
    return { organization, accounts, check: { name: 'organization', status: 'ok', required: true } };
  } catch (error) {
    const failure = toAwsarchError(error, 'Reading the organization');
    return {
      check: {
        name: 'organization',
        status: 'failed',
        required: true,
        text: failure.message,
        error: checkError(failure),
      },
    };
  }
}

/** The organization line: its id and whether the caller is its management account. */
export function organizationCheck(
  access: OrganizationAccess,
  callerAccountId: string | undefined,
): { check: DoctorCheck; organization?: DoctorReport['organization'] } {
  const { organization, accounts = [] } = access;
  if (!organization) return { check: { ...access.check, text: access.check.text ?? '' } };
  const isManagementAccount = callerAccountId === organization.managementAccountId;
  const summary = `${organization.id}, ${accounts.length} account(s)`;
  const check: DoctorCheck = isManagementAccount
    ? { name: 'organization', status: 'ok', required: true, text: `${summary}; this is the management account` }
    : {
        name: 'organization',
        status: 'warning',
        required: true,
        text: `${summary}; this is not the management account (${organization.managementAccountId}): org, account and scp commands need it`,
      };
  return {
    check,
    organization: { id: organization.id, managementAccountId: organization.managementAccountId, isManagementAccount },
  };
}

/** The member account to try the access role in: the one asked for, else the first active member by name. */
export function pickMemberAccount(
  accounts: readonly OrganizationAccount[],
  managementAccountId: string,
  wanted: string | undefined,
): OrganizationAccount | undefined {
  if (wanted) {
    const key = wanted.toLowerCase();
    return accounts.find((account) => account.id === wanted || account.name.toLowerCase() === key);
  }
  return accounts
    .filter((account) => account.id !== managementAccountId && account.status === 'ACTIVE')
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))[0];
}

/** Assumes the access role (--access-role) in one member account and asks STS who it is there. */
export async function checkMemberRole(
  ctx: CommandContext,
  access: OrganizationAccess,
  wanted: string | undefined,
): Promise<{ check: DoctorCheck; memberRole?: DoctorReport['memberRole'] }> {
  const roleName = ctx.options.accessRole;
  const base = { name: 'member-role', required: true } as const;
  if (!access.organization || !access.accounts)
    return { check: { ...base, status: 'warning', text: `${roleName} not tried: the organization cannot be read` } };
  const member = pickMemberAccount(access.accounts, access.organization.managementAccountId, wanted);
  if (!member) {
    return wanted
      ? {
          check: {
            ...base,
            status: 'failed',
            text: `no account "${wanted}" in the organization (give its 12-digit id or exact name)`,
          },
        }
      : {
          check: {
            ...base,
            status: 'warning',
            text: `${roleName} not tried: the organization has no active member account`,
          },
        };
  }
  const label = `${member.name} (${member.id})`;
  try {
    await ctx.aws.forAccount(member.id).client(STSClient).send(new GetCallerIdentityCommand({}));
    return {
      memberRole: { roleName, accountId: member.id, accountName: member.name, assumed: true },
      check: { ...base, status: 'ok', text: `assumed ${roleName} in ${label}` },
    };
  } catch (error) {
    const failure = toAwsarchError(error, `Assuming ${roleName} in ${label}`);
    return {
      memberRole: { roleName, accountId: member.id, accountName: member.name, assumed: false },
      check: {
        ...base,
        status: 'failed',
        text: failure.message,
        error: {
          ...checkError(failure),
          hint: ERR.AWS_ACCESS_DENIED.is(failure)
            ? `the role ${roleName} must exist in ${member.name} and trust the caller's account; for another role name pass --access-role NAME`
            : failure.hint,
        },
      },
    };
  }
}
