import {
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import { describeOrganization, noOrganizationError } from '../accounts/org-reader.js';
import { closestSibling, formatOuPath, parseOuPath } from '../accounts/ou-path.js';
import type { AwsClients } from '../aws/clients.js';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import { collectPages } from '../aws/paginate.js';
import { usageError } from '../core/errors.js';
import { shellQuote } from '../core/shell-quote.js';
import { SCP_POLICY_TYPE } from './scp-quotas.js';
import type { TargetType } from './simulate.js';
import { ERR } from '../core/error-codes.js';

/** A root, OU or account that SCPs attach to. */
export interface ScpTarget {
  id: string;
  type: TargetType;
  /** For people: "root", an OU path such as "Workloads/Prod", or "Dev (111122223333)". */
  label: string;
}

export interface OrganizationBasics {
  organizationId: string;
  managementAccountId: string;
  featureSet?: string;
  rootId: string;
  rootName: string;
  scpEnabled: boolean;
}

/** DescribeOrganization + ListRoots: who manages the organization, its root, and whether SCPs are enabled there. */
export async function readOrganizationBasics(aws: AwsClients): Promise<OrganizationBasics> {
  const organization = await describeOrganization(aws);
  if (!organization) throw noOrganizationError();
  try {
    const { Roots: roots = [] } = await aws.client(OrganizationsClient).send(new ListRootsCommand({}));
    const root = roots[0];
    if (!root?.Id) throw new Error('ListRoots returned no root');
    return {
      organizationId: organization.id,
      managementAccountId: organization.managementAccountId,
      featureSet: organization.featureSet,
      rootId: root.Id,
      rootName: root.Name ?? 'Root',
      scpEnabled: (root.PolicyTypes ?? []).some((type) => type.Type === SCP_POLICY_TYPE && type.Status === 'ENABLED'),
    };
  } catch (error) {
    throw toAwsarchError(error, 'Reading the organization root');
  }
}

const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const ACCOUNT_ID = /^\d{12}$/;

/**
 * Resolves --target values with as few calls as it can: root and root ids need none, an account id
 * one DescribeAccount, an OU id one DescribeOrganizationalUnit, an OU path one listing per level, an
 * account name one ListAccounts. Unknown targets are usage errors (nothing changed). Results follow
 * the order of `texts`. Typed on the command line (`option`, e.g. --target), an account name also matches
 * case-insensitively when unique and a mistyped target gets a pasteable suggestion; a file's targets match exactly.
 */
export async function resolveTargets(
  aws: AwsClients,
  basics: OrganizationBasics,
  texts: readonly string[],
  option?: string,
): Promise<ScpTarget[]> {
  const orgs = aws.client(OrganizationsClient);
  const children = new Map<string, Promise<Array<{ id: string; name: string }>>>();
  const ousOf = (parentId: string) => {
    let pending = children.get(parentId);
    if (!pending) {
      pending = collectPages(
        paginateListOrganizationalUnitsForParent({ client: orgs }, { ParentId: parentId }),
        (page) => page.OrganizationalUnits,
      ).then((ous) => ous.map((ou) => ({ id: ou.Id ?? '', name: ou.Name ?? '' })));
      children.set(parentId, pending);
    }
    return pending;
  };
  let accounts: Promise<Array<{ id: string; name: string }>> | undefined;
  /** The existing OU names closest to `names` below parentId, or undefined when one has no close sibling. */
  const closestOuNames = async (parentId: string | undefined, names: readonly string[]) => {
    const found: string[] = [];
    let parent = parentId;
    for (const name of names) {
      if (parent === undefined) return undefined;
      const siblings = await ousOf(parent).catch((error: unknown) =>
        Promise.reject(toAwsarchError(error, 'Listing OUs')),
      );
      const next = closestSibling(
        name,
        siblings.map((ou) => ou.name),
      );
      if (next === undefined) return undefined;
      found.push(next);
      parent = siblings.find((ou) => ou.name === next)?.id;
    }
    return found;
  };
  const resolveOne = async (text: string): Promise<ScpTarget> => {
    const value = text.trim();
    if (value === 'root' || value === '/' || value === basics.rootId)
      return { id: basics.rootId, type: 'ROOT', label: 'root' };
    if (ROOT_ID.test(value))
      throw usageError(ERR.UNKNOWN_TARGET, `root ${value} is not this organization's root (${basics.rootId})`);
    if (ACCOUNT_ID.test(value)) {
      try {
        const { Account: account } = await orgs.send(new DescribeAccountCommand({ AccountId: value }));
        return { id: value, type: 'ACCOUNT', label: `${account?.Name ?? value} (${value})` };
      } catch (error) {
        if (isAwsError(error, 'AccountNotFoundException'))
          throw usageError(
            ERR.UNKNOWN_TARGET,
            `account ${value} is not in the organization`,
            'run `awsarch account list`',
          );
        throw toAwsarchError(error, `Reading account ${value}`);
      }
    }
    if (OU_ID.test(value)) {
      try {
        const { OrganizationalUnit: ou } = await orgs.send(
          new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: value }),
        );
        return { id: value, type: 'ORGANIZATIONAL_UNIT', label: ou?.Name ?? value };
      } catch (error) {
        if (isAwsError(error, 'OrganizationalUnitNotFoundException'))
          throw usageError(ERR.UNKNOWN_TARGET, `OU ${value} does not exist`, 'run `awsarch org show`');
        throw toAwsarchError(error, `Reading OU ${value}`);
      }
    }
    const path = parseOuPath(value);
    let parentId = basics.rootId;
    for (const [depth, name] of path.entries()) {
      const siblings = await ousOf(parentId).catch((error: unknown) =>
        Promise.reject(toAwsarchError(error, 'Listing OUs')),
      );
      const found = siblings.find((ou) => ou.name === name);
      if (found) {
        parentId = found.id;
        continue;
      }
      let accountNames: string[] = [];
      if (path.length === 1) {
        accounts ??= collectPages(paginateListAccounts({ client: orgs }, {}), (page) => page.Accounts).then((list) =>
          list.map((account) => ({ id: account.Id ?? '', name: account.Name ?? '', email: account.Email ?? '' })),
        );
        const all = await accounts.catch((error: unknown) => Promise.reject(toAwsarchError(error, 'Listing accounts')));
        const exact = all.filter((account) => account.name === name);
        const matches =
          exact.length > 0 || option === undefined
            ? exact
            : all.filter((account) => account.name.toLowerCase() === name.toLowerCase());
        if (matches.length === 1)
          return { id: matches[0]?.id as string, type: 'ACCOUNT', label: `${matches[0]?.name} (${matches[0]?.id})` };
        if (matches.length > 1)
          throw usageError(
            ERR.AMBIGUOUS_TARGET,
            `${matches.length} accounts match "${name}": ${matches.map((account) => `${account.name} (${account.id})`).join(', ')}`,
            'give the account id',
          );
        accountNames = all.map((account) => account.name);
      }
      const closest = closestSibling(name, [...siblings.map((ou) => ou.name), ...accountNames]);
      const rest =
        closest === undefined || option === undefined
          ? undefined
          : await closestOuNames(siblings.find((ou) => ou.name === closest)?.id, path.slice(depth + 1));
      if (closest !== undefined && rest !== undefined) {
        const suggestion = formatOuPath([...path.slice(0, depth), closest, ...rest]);
        throw usageError(
          ERR.UNKNOWN_TARGET,
          `no root, OU or account named "${value}"; did you mean ${suggestion}?`,
          `use ${option} ${shellQuote(suggestion)}`,
        );
      }
      throw usageError(
        ERR.UNKNOWN_TARGET,
        `"${value}" is not root, an OU path, an OU id, an account id or an account name: OU "${formatOuPath(path.slice(0, depth + 1))}" does not exist`,
        'run `awsarch org show` to see the OU tree',
      );
    }
    return { id: parentId, type: 'ORGANIZATIONAL_UNIT', label: formatOuPath(path) };
  };
  return Promise.all(texts.map(resolveOne));
}
