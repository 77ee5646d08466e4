import { findAccount } from '../accounts/account-queries.js';
import type { OrgSnapshot } from '../accounts/org-model.js';
import { formatOuPath, pathOfParent, resolveParent } from '../accounts/ou-path.js';
import { usageError } from '../core/errors.js';
import type { BaselineAccount } from './runner.js';
import { ERR } from '../core/error-codes.js';

export interface AccountSelector {
  /** Account ids, e-mails or exact names. */
  accounts: string[];
  /** An OU path or id: every account under it, its child OUs included. */
  ou?: string;
  all: boolean;
}

/** Pure: a selector names accounts in exactly one way (--all alone, or --account and/or --ou); checked before any AWS call. */
export function validateSelector(selector: AccountSelector): void {
  const given = [selector.accounts.length > 0, selector.ou !== undefined, selector.all].filter(Boolean).length;
  if (given === 0)
    throw usageError(
      ERR.NO_ACCOUNTS_SELECTED,
      'choose the accounts with --account ID|NAME (repeatable), --ou PATH or --all',
    );
  if (selector.all && given > 1)
    throw usageError(ERR.CONFLICTING_OPTIONS, '--all cannot be combined with --account or --ou');
}

/**
 * Pure: the member accounts a baseline command works on, sorted by OU path then name. The management
 * account is never selected (it holds the organization, not workloads); accounts that are not ACTIVE
 * are left out of --ou and --all and refused by --account.
 */
export function selectBaselineAccounts(
  snapshot: OrgSnapshot,
  selector: AccountSelector,
): { accounts: BaselineAccount[]; skipped: string[] } {
  validateSelector(selector);
  const management = snapshot.organization.managementAccountId;
  const withOu = (account: OrgSnapshot['accounts'][number]): BaselineAccount => ({
    ...account,
    ou: formatOuPath(pathOfParent(snapshot, account.parentId) ?? []),
  });
  const chosen = new Map<string, BaselineAccount>();
  const skipped: string[] = [];
  for (const reference of selector.accounts) {
    const account = findAccount(snapshot, reference);
    if (account.id === management)
      throw usageError(
        ERR.MANAGEMENT_ACCOUNT,
        `${reference} is the management account, which awsarch does not baseline`,
        'baseline member accounts; the management account holds the organization and its organization-level settings',
      );
    if (account.status !== 'ACTIVE')
      throw usageError(ERR.ACCOUNT_NOT_ACTIVE, `account ${account.id} ("${account.name}") is ${account.status}`);
    chosen.set(account.id, withOu(account));
  }
  if (selector.ou !== undefined || selector.all) {
    const parent =
      selector.ou === undefined ? { id: snapshot.root.id, path: [] as string[] } : resolveParent(snapshot, selector.ou);
    for (const account of snapshot.accounts) {
      const path = pathOfParent(snapshot, account.parentId) ?? [];
      if (!parent.path.every((name, i) => path[i] === name) || account.id === management) continue;
      if (account.status !== 'ACTIVE') {
        skipped.push(`${account.name} (${account.id}) is ${account.status}`);
        continue;
      }
      chosen.set(account.id, withOu(account));
    }
  }
  const accounts = [...chosen.values()].sort(
    (a, b) => a.ou.localeCompare(b.ou) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
  return { accounts, skipped };
}
