import { closeBudget, CONCURRENT_CLOSURES } from '../../accounts/close-quota.js';
import { formatOuPath } from '../../accounts/ou-path.js';
import { liveAccountOf, ouIdOf, pathOfParentId } from '../live/accounts.js';
import type { LiveLandingZone } from '../live/model.js';
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE, type LandingZoneSpec } from '../spec.js';
import { keys } from './keys.js';
import type { Change, PlanWarning, UnmanagedItem } from './model.js';
import { PLAN_WARNING } from './plan-codes.js';

const isPrefix = (prefix: readonly string[], path: readonly string[]) =>
  prefix.length <= path.length && prefix.every((name, i) => path[i] === name);

export interface PruneOptions {
  prune: boolean;
  close: boolean;
}

/**
 * Pure: what awsarch manages (tagged awsarch:managed) that the file no longer lists - accounts and
 * OUs - reported as unmanaged; with --prune, the changes that act on them: accounts move to the
 * suspended OU (or are closed, with --close, within AWS's closing quota; those over it move), OUs
 * that end up empty are deleted. Accounts already in the suspended OU or closed are retired, not
 * reported again.
 */
export function planPrune(
  spec: LandingZoneSpec,
  live: LiveLandingZone,
  options: PruneOptions,
): { changes: Change[]; unmanaged: UnmanagedItem[]; warnings: PlanWarning[] } {
  const organization = live.organization;
  if (!organization) return { changes: [], unmanaged: [], warnings: [] };
  const managed = (id: string) => live.tags[id]?.[MANAGED_TAG_KEY] === MANAGED_TAG_VALUE;
  // The file's accounts by live id: one found in an OU the file dropped moves out with its own move.
  const fileNameOf = new Map(
    spec.accounts.flatMap((account) => {
      const id = liveAccountOf(organization, account)?.id;
      return id ? [[id, account.name] as const] : [];
    }),
  );
  const listed = new Set(fileNameOf.keys());
  const suspended = spec.suspendedOu;
  const changes: Change[] = [];
  const unmanaged: UnmanagedItem[] = [];
  const warnings: PlanWarning[] = [];

  const retiring = organization.accounts.filter((account) => {
    if (!managed(account.id) || listed.has(account.id)) return false;
    if (account.id === organization.organization.managementAccountId) return false;
    if (account.status !== 'ACTIVE') return false;
    return !isPrefix(suspended, pathOfParentId(organization, account.parentId));
  });
  const budget = closeBudget(organization.accounts, organization.organization.managementAccountId);
  let closable = options.close ? budget.remaining : 0;
  const suspendedId = ouIdOf(organization, suspended);
  const suspendedDeps: string[] = [];
  const needsSuspendedOu = options.prune && retiring.length > (options.close ? Math.min(closable, retiring.length) : 0);
  if (needsSuspendedOu && !suspendedId) {
    for (let depth = 1; depth <= suspended.length; depth++) {
      const path = suspended.slice(0, depth);
      if (ouIdOf(organization, path)) continue;
      changes.push({
        kind: 'create-ou',
        key: keys.ou(path),
        path,
        dependsOn: suspendedDeps.slice(-1),
        drift: false,
        writes: 1,
      });
      suspendedDeps.push(keys.ou(path));
    }
  }
  const movedOut = new Set<string>();
  for (const account of retiring) {
    const ou = pathOfParentId(organization, account.parentId);
    const item: UnmanagedItem = {
      type: 'account',
      name: account.name,
      id: account.id,
      ou: formatOuPath(ou),
      prune: '',
    };
    if (options.close && closable > 0) {
      closable -= 1;
      item.prune = 'close';
      if (options.prune)
        changes.push({
          kind: 'close-account',
          key: keys.closeAccount(account.name),
          name: account.name,
          accountId: account.id,
          ou,
          dependsOn: [],
          drift: false,
          writes: 1,
        });
    } else {
      item.prune = `move to ${formatOuPath(suspended)}${options.close ? " (AWS's closing quota is used up for now)" : ''}`;
      movedOut.add(account.id);
      if (options.prune) {
        changes.push({
          kind: 'prune-move-account',
          key: keys.pruneAccount(account.name),
          name: account.name,
          accountId: account.id,
          from: ou,
          to: suspended,
          dependsOn: suspendedDeps.slice(-1),
          drift: false,
          writes: 1,
        });
      }
    }
    unmanaged.push(item);
  }
  if (options.close && retiring.length > budget.remaining)
    warnings.push({
      code: PLAN_WARNING.CLOSE_QUOTA,
      message: `AWS lets the organization close ${budget.quota} accounts in 30 days and ${budget.used} may count already: ${retiring.length - budget.remaining} account(s) move to ${formatOuPath(suspended)} instead, close them later with --prune --close`,
    });
  if (options.close && changes.some((change) => change.kind === 'close-account'))
    warnings.push({
      code: PLAN_WARNING.CLOSE_CONCURRENCY,
      message: `closing takes a few minutes per account and AWS closes ${CONCURRENT_CLOSURES} at a time; a closed account stays SUSPENDED in its OU for 90 days`,
    });

  const declared = new Set(spec.ous.map(formatOuPath));
  const keep = (path: readonly string[]) => declared.has(formatOuPath(path)) || isPrefix(path, suspended);
  const stale = organization.ous
    .filter((ou) => managed(ou.id) && !keep(ou.path))
    .sort((a, b) => b.path.length - a.path.length);
  const deleted = new Set<string>();
  for (const ou of stale) {
    const accounts = organization.accounts.filter((account) =>
      isPrefix(ou.path, pathOfParentId(organization, account.parentId)),
    );
    const children = organization.ous.filter((child) => child.parentId === ou.id);
    const blockers = [
      ...accounts
        .filter((account) => !movedOut.has(account.id) && !fileNameOf.has(account.id))
        .map((account) => account.name),
      ...children.filter((child) => !deleted.has(child.id)).map((child) => `${child.name}/`),
    ];
    const item: UnmanagedItem = {
      type: 'ou',
      name: formatOuPath(ou.path),
      id: ou.id,
      ou: formatOuPath(ou.path),
      prune: '',
    };
    if (blockers.length > 0)
      item.prune = `kept: it holds ${blockers.slice(0, 3).join(', ')}${blockers.length > 3 ? ', ...' : ''}`;
    else {
      item.prune = 'delete';
      deleted.add(ou.id);
      if (options.prune)
        changes.push({
          kind: 'delete-ou',
          key: keys.deleteOu(ou.path),
          path: ou.path,
          ouId: ou.id,
          dependsOn: [
            ...accounts.map((account) =>
              fileNameOf.has(account.id)
                ? keys.accountMove(fileNameOf.get(account.id) as string)
                : keys.pruneAccount(account.name),
            ),
            ...children.map((child) => keys.deleteOu(child.path)),
          ],
          drift: false,
          writes: 1,
        });
    }
    unmanaged.push(item);
  }
  return { changes, unmanaged, warnings };
}
