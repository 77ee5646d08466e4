import { ListTagsForResourceCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { toAwsarchError } from '../aws/aws-errors.js';
import type { CommandContext } from '../core/context.js';
import { matchAccountReference, type ReferenceSource } from './account-reference.js';
import type { AccountInfo, OrgSnapshot } from './org-model.js';
import { formatOuPath, pathOfParent, resolveParent } from './ou-path.js';
import { readOrganization } from './org-reader.js';

export interface AccountRow {
  id: string;
  name: string;
  email: string;
  status: string;
  ou: string;
  management: boolean;
  joinedAt?: string;
}

function toRow(snapshot: OrgSnapshot, account: AccountInfo): AccountRow {
  return {
    id: account.id,
    name: account.name,
    email: account.email,
    status: account.status,
    ou: formatOuPath(pathOfParent(snapshot, account.parentId) ?? []),
    management: account.id === snapshot.organization.managementAccountId,
    joinedAt: account.joinedAt,
  };
}

/** Pure: the accounts under an OU (and its descendants), or all of them, sorted by OU then name. */
export function selectAccounts(snapshot: OrgSnapshot, ou?: string): AccountRow[] {
  let accounts = snapshot.accounts;
  if (ou !== undefined) {
    const parent = resolveParent(snapshot, ou);
    accounts = accounts.filter((account) => {
      const path = pathOfParent(snapshot, account.parentId) ?? [];
      return parent.path.every((name, i) => path[i] === name);
    });
  }
  return accounts
    .map((account) => toRow(snapshot, account))
    .sort((a, b) => a.ou.localeCompare(b.ou) || a.name.localeCompare(b.name));
}

/** Pure: one account by 12-digit id, e-mail, or name (case-insensitive when unique; see matchAccountReference). */
export function findAccount(snapshot: OrgSnapshot, key: string, source?: ReferenceSource): AccountInfo {
  return matchAccountReference(snapshot.accounts, key, source);
}

export async function listAccounts(ctx: CommandContext, ou?: string): Promise<AccountRow[]> {
  return selectAccounts(await readOrganization(ctx.aws), ou);
}

export interface AccountDetails extends AccountRow {
  arn?: string;
  tags: Record<string, string>;
}

export async function showAccount(ctx: CommandContext, key: string): Promise<AccountDetails> {
  const snapshot = await readOrganization(ctx.aws);
  const account = findAccount(snapshot, key, {});
  try {
    const { Tags: tags = [] } = await ctx.aws
      .client(OrganizationsClient)
      .send(new ListTagsForResourceCommand({ ResourceId: account.id }));
    return {
      ...toRow(snapshot, account),
      arn: account.arn,
      tags: Object.fromEntries(tags.map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
    };
  } catch (error) {
    throw toAwsarchError(error, `Reading the tags of ${account.id}`);
  }
}
