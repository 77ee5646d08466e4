import type { AccountDetails, AccountRow } from '../../accounts/account-queries.js';
import type { OrgInitResult } from '../../accounts/org-init.js';
import type { OrgTreeJson, OrgTreeNodeJson } from '../../accounts/org-tree.js';
import type { VendResult } from '../../accounts/vend-model.js';
import type { HumanBlock, TreeNode } from '../io-host.js';

export function orgInitView(result: OrgInitResult): HumanBlock[] {
  const verb = result.dryRun ? 'would create' : 'created';
  const lines = [
    `organization ${result.organizationId || '(new)'}${result.organizationCreated ? (result.dryRun ? ' would be created' : ' created') : ''}${result.managementAccountId ? `, management account ${result.managementAccountId}` : ''}`,
    result.ousCreated.length
      ? `${verb} ${result.ousCreated.length} OU(s): ${result.ousCreated.join(', ')}`
      : 'every OU already exists',
  ];
  if (result.ousExisting.length) lines.push(`already there: ${result.ousExisting.join(', ')}`);
  return [{ kind: 'text', lines }];
}

/** The OU tree for the terminal, accounts before child OUs. */
export function orgTreeToDisplay(tree: OrgTreeJson): TreeNode {
  const convert = (node: OrgTreeNodeJson, isRoot: boolean): TreeNode => ({
    label: isRoot ? `${node.name} (${tree.organizationId})` : `${node.name}/`,
    detail: node.id,
    children: [
      ...node.accounts.map((account) => ({
        label: `${account.name}${account.id === tree.managementAccountId ? ' [management]' : ''}`,
        detail: `${account.id}  ${account.email}${account.status === 'ACTIVE' ? '' : `  ${account.status}`}`,
        children: [],
      })),
      ...node.children.map((child) => convert(child, false)),
    ],
  });
  return convert(tree.root, true);
}

export function orgShowView(tree: OrgTreeJson): HumanBlock[] {
  return [{ kind: 'tree', root: orgTreeToDisplay(tree) }];
}

export function accountListView({ accounts }: { accounts: AccountRow[] }): HumanBlock[] {
  return [
    {
      kind: 'table',
      columns: ['ID', 'NAME', 'EMAIL', 'STATUS', 'OU'],
      rows: accounts.map((row) => [
        row.id,
        row.management ? `${row.name} [management]` : row.name,
        row.email,
        row.status,
        row.ou,
      ]),
    },
  ];
}

export function accountShowView(account: AccountDetails): HumanBlock[] {
  const entries: Array<[string, string]> = [
    ['Id', account.id],
    ['Name', account.name],
    ['E-mail', account.email],
    ['Status', account.status],
    ['OU', account.ou],
    ['Management', account.management ? 'yes' : 'no'],
  ];
  if (account.arn) entries.push(['ARN', account.arn]);
  if (account.joinedAt) entries.push(['Joined', account.joinedAt]);
  const tags = Object.entries(account.tags);
  entries.push(['Tags', tags.length ? tags.map(([key, value]) => `${key}=${value}`).join(', ') : '(none)']);
  return [{ kind: 'keyValue', entries }];
}

/** The accounts vended (one or, with --from, several) as a table, with the hints of those that failed. */
export function vendView(results: readonly VendResult[]): HumanBlock[] {
  const human: HumanBlock[] = [
    {
      kind: 'table',
      columns: ['ACCOUNT', 'ID', 'OU', 'RESULT'],
      rows: results.map((result) => [
        result.name,
        result.accountId ?? '-',
        result.ou,
        result.status === 'failed' ? `failed: ${result.error?.message ?? ''}` : result.status,
      ]),
    },
  ];
  const hints = results.filter((result) => result.error?.hint).map((result) => `${result.name}: ${result.error?.hint}`);
  if (hints.length) human.push({ kind: 'text', lines: hints });
  return human;
}
