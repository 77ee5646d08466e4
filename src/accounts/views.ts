import { toDocument, type DocumentBody } from '../documents/document.js';
import type { CommandResult, HumanBlock } from '../ui/io-host.js';
import type { AccountDetails, AccountRow } from './account-queries.js';
import type { OrgInitResult } from './org-init.js';
import { orgTreeToDisplay, type OrgTreeJson } from './org-tree.js';
import { vendExitCode } from './vend-accounts.js';
import type { VendResult } from './vend-account.js';

export function orgInitView(result: OrgInitResult): CommandResult {
  const verb = result.dryRun ? 'would create' : 'created';
  const lines = [
    `organization ${result.organizationId || '(new)'}${result.organizationCreated ? (result.dryRun ? ' would be created' : ' created') : ''}${result.managementAccountId ? `, management account ${result.managementAccountId}` : ''}`,
    result.ousCreated.length
      ? `${verb} ${result.ousCreated.length} OU(s): ${result.ousCreated.join(', ')}`
      : 'every OU already exists',
  ];
  if (result.ousExisting.length) lines.push(`already there: ${result.ousExisting.join(', ')}`);
  const { organizationId, managementAccountId, ...rest } = result;
  const data = toDocument('org-init', {
    ...rest,
    organizationId: organizationId || undefined,
    managementAccountId: managementAccountId || undefined,
  });
  return { data, human: [{ kind: 'text', lines }] };
}

export function orgShowView(tree: OrgTreeJson): CommandResult {
  return { data: toDocument('org-show', tree), human: [{ kind: 'tree', root: orgTreeToDisplay(tree) }] };
}

export function accountListView(rows: AccountRow[]): CommandResult {
  return {
    data: toDocument('account-list', { accounts: rows }),
    human: [
      {
        kind: 'table',
        columns: ['ID', 'NAME', 'EMAIL', 'STATUS', 'OU'],
        rows: rows.map((row) => [
          row.id,
          row.management ? `${row.name} [management]` : row.name,
          row.email,
          row.status,
          row.ou,
        ]),
      },
    ],
  };
}

export function accountShowView(account: AccountDetails): CommandResult {
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
  return { data: toDocument('account-show', account), human: [{ kind: 'keyValue', entries }] };
}

/** One result object for a single account (easy to read with jq), a list for --from. */
export function vendView(results: VendResult[], single: boolean): CommandResult {
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
  return {
    data: single
      ? toDocument('account-create', vendedAccount(results[0] as VendResult))
      : toDocument('account-create-batch', { accounts: results.map(vendedAccount) }),
    human,
    exitCode: vendExitCode(results) as CommandResult['exitCode'],
  };
}

/** One account's vending as documents give it: the error as code, message and hint (the exit code is the run's). */
function vendedAccount(result: VendResult): DocumentBody<'account-create'> {
  const { error, ...rest } = result;
  return { ...rest, error: error && { code: error.code, message: error.message, hint: error.hint } };
}
