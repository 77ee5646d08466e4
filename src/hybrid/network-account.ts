import {
  DescribeOrganizationCommand,
  OrganizationsClient,
  paginateListAccounts,
  type Account,
} from '@aws-sdk/client-organizations';
import { toAwsarchError } from '../aws/aws-errors.js';
import { collectPages } from '../aws/paginate.js';
import type { CommandContext } from '../core/context.js';
import { matchAccountReference } from '../accounts/account-reference.js';

/** Pure: the account a --account value names among the organization's accounts (see matchAccountReference). */
export function matchAccount(accounts: readonly Account[], key: string): Account {
  const referable = accounts.map((account) => ({
    id: account.Id ?? '',
    name: account.Name ?? '',
    email: account.Email ?? '',
    account,
  }));
  return matchAccountReference(referable, key).account;
}

/**
 * The member account to read the network in (--account), or undefined for the caller's own account.
 * A 12-digit id needs no call; a name or e-mail is looked up in the organization (one round), and the
 * management account itself means "the caller's account" (no role to assume there).
 */
export async function resolveNetworkAccount(
  ctx: Pick<CommandContext, 'aws'>,
  key: string | undefined,
): Promise<string | undefined> {
  if (!key) return undefined;
  if (/^\d{12}$/.test(key.trim())) return key.trim();
  const organizations = ctx.aws.client(OrganizationsClient);
  try {
    const [accounts, organization] = await Promise.all([
      collectPages(paginateListAccounts({ client: organizations }, {}), (page) => page.Accounts),
      organizations.send(new DescribeOrganizationCommand({})),
    ]);
    const account = matchAccount(accounts, key);
    return account.Id === organization.Organization?.MasterAccountId ? undefined : account.Id;
  } catch (error) {
    throw toAwsarchError(error, `Finding the account "${key}"`);
  }
}
