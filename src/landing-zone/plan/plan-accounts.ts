import { formatOuPath } from '../../accounts/ou-path.js';
import { liveAccountOf, ouIdOf, pathOfParentId } from '../live/accounts.js';
import type { LiveLandingZone } from '../live/model.js';
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE, OU_TAG_KEY, type AccountSpec, type LandingZoneSpec } from '../spec.js';
import { keys, ouTagValue } from './keys.js';
import type { Change, PlanRefusal, PlanWarning } from './model.js';
import { PLAN_REFUSAL, PLAN_WARNING } from './plan-codes.js';

/** AWS Organizations' default quota of accounts per organization (adjustable in Service Quotas). */
export const DEFAULT_ACCOUNT_QUOTA = 10;

const samePath = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((name, i) => name === b[i]);

/** The tags an account of the file carries: its own, awsarch:managed, and where awsarch put it. */
export function desiredTags(account: Pick<AccountSpec, 'tags' | 'ou'>): Record<string, string> {
  return { ...account.tags, [MANAGED_TAG_KEY]: MANAGED_TAG_VALUE, [OU_TAG_KEY]: ouTagValue(account.ou) };
}

/** What the organization part of a plan found: the changes, and what must stop it. */
export interface PartialPlan {
  changes: Change[];
  refusals: PlanRefusal[];
  warnings: PlanWarning[];
}

/**
 * Pure: the OUs and accounts - the organization if there is none, every OU the file declares that
 * does not exist (parents first) or is not marked as awsarch's yet, every account to create, to move
 * back into its OU, or whose tags differ. Changes to what awsarch already manages count as drift.
 */
export function planOrganizationAndAccounts(spec: LandingZoneSpec, live: LiveLandingZone): PartialPlan {
  const organization = live.organization;
  const changes: Change[] = [];
  const refusals: PlanRefusal[] = [];
  const warnings: PlanWarning[] = [];
  const orgDeps = organization ? [] : [keys.organization];
  if (!organization)
    changes.push({ kind: 'create-organization', key: keys.organization, dependsOn: [], drift: false, writes: 1 });

  const createdOus = new Set<string>();
  for (const path of spec.ous) {
    const id = ouIdOf(organization, path);
    if (!id) {
      const parent = path.slice(0, -1);
      changes.push({
        kind: 'create-ou',
        key: keys.ou(path),
        path,
        dependsOn: [...orgDeps, ...(createdOus.has(formatOuPath(parent)) ? [keys.ou(parent)] : [])],
        drift: false,
        writes: 1,
      });
      createdOus.add(formatOuPath(path));
    } else if (live.tags[id]?.[MANAGED_TAG_KEY] !== MANAGED_TAG_VALUE) {
      changes.push({ kind: 'tag-ou', key: keys.ouTag(path), path, ouId: id, dependsOn: [], drift: false, writes: 1 });
    }
  }

  for (const account of spec.accounts) {
    const found = liveAccountOf(organization, account);
    const ouDeps = createdOus.has(formatOuPath(account.ou)) ? [keys.ou(account.ou)] : [];
    if (!found) {
      const requested = live.inFlight.find((request) => request.accountName === account.name);
      changes.push({
        kind: 'create-account',
        key: keys.account(account.name),
        name: account.name,
        email: account.email,
        ou: account.ou,
        tags: desiredTags(account),
        ...(requested ? { requestId: requested.id } : {}),
        dependsOn: [...orgDeps, ...ouDeps],
        drift: false,
        writes: requested ? 2 : 3,
      });
      continue;
    }
    if (found.name !== account.name) {
      refusals.push({
        code: PLAN_REFUSAL.EMAIL_IN_USE,
        subject: account.name,
        message: `the e-mail ${account.email} belongs to account ${found.id} named "${found.name}", not "${account.name}": use that name in the file, or another e-mail`,
      });
      continue;
    }
    if (found.status !== 'ACTIVE') {
      refusals.push({
        code: PLAN_REFUSAL.ACCOUNT_NOT_ACTIVE,
        subject: account.name,
        message: `account ${account.name} (${found.id}) is ${found.status}: remove it from the file, or give the file another e-mail (a closed account keeps its e-mail)`,
      });
      continue;
    }
    const current = live.tags[found.id] ?? {};
    const from = organization ? pathOfParentId(organization, found.parentId) : [];
    // awsarch:ou says where awsarch last put the account: elsewhere now means someone moved it.
    const movedOutside = current[OU_TAG_KEY] !== undefined && current[OU_TAG_KEY] !== ouTagValue(from);
    const moves = !samePath(from, account.ou);
    if (moves)
      changes.push({
        kind: 'move-account',
        key: keys.accountMove(account.name),
        name: account.name,
        accountId: found.id,
        from,
        to: account.ou,
        dependsOn: ouDeps,
        drift: movedOutside,
        writes: 1,
      });
    const set = Object.entries(desiredTags(account))
      .filter(([key, value]) => current[key] !== value)
      .map(([key, value]) => (current[key] === undefined ? { key, value } : { key, value, was: current[key] }));
    if (set.length > 0)
      changes.push({
        kind: 'tag-account',
        key: keys.accountTags(account.name),
        name: account.name,
        accountId: found.id,
        set,
        // awsarch:ou must not claim an OU the account did not reach.
        dependsOn: moves ? [keys.accountMove(account.name)] : [],
        drift: false,
        writes: 1,
      });
    if (organization && found.id === organization.organization.managementAccountId && account.baseline)
      warnings.push({
        code: PLAN_WARNING.MANAGEMENT_ACCOUNT_BASELINE,
        message: `${account.name} is the management account, which awsarch never baselines (it holds the organization, not workloads)`,
      });
  }
  const creating = changes.filter((change) => change.kind === 'create-account').length;
  const total = (organization?.accounts.length ?? 1) + creating;
  if (creating > 0 && total > DEFAULT_ACCOUNT_QUOTA)
    warnings.push({
      code: PLAN_WARNING.ACCOUNT_QUOTA,
      message: `the organization will have ${total} accounts; AWS's default quota is ${DEFAULT_ACCOUNT_QUOTA} per organization (closed accounts count for 90 days): check "Default maximum number of accounts" in Service Quotas, or the creations over it fail with ACCOUNT_LIMIT_EXCEEDED`,
    });
  return { changes, refusals, warnings };
}
