import {
  DescribeOrganizationCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import type { AwsClients } from '../aws/clients.js';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import { collectPages } from '../aws/paginate.js';
import { usageError } from '../core/errors.js';
import type { AccountInfo, OrgSnapshot, OuNode } from './org-model.js';
import { ERR } from '../core/error-codes.js';

export interface OrganizationInfo {
  id: string;
  arn?: string;
  managementAccountId: string;
  featureSet?: string;
}

/** DescribeOrganization, or undefined when the caller's account is in no organization. */
export async function describeOrganization(aws: AwsClients): Promise<OrganizationInfo | undefined> {
  const orgs = aws.client(OrganizationsClient);
  try {
    const { Organization: org } = await orgs.send(new DescribeOrganizationCommand({}));
    return {
      id: org?.Id ?? '',
      arn: org?.Arn,
      managementAccountId: org?.MasterAccountId ?? '',
      featureSet: org?.FeatureSet,
    };
  } catch (error) {
    if (isAwsError(error, 'AWSOrganizationsNotInUseException')) return undefined;
    throw toAwsarchError(error, 'Reading the organization');
  }
}

export function noOrganizationError() {
  return usageError(
    ERR.NO_ORGANIZATION,
    "the caller's account is not in an AWS organization",
    'create one with `awsarch org init` (run it in the account that should be the management account)',
  );
}

/** Reads the whole organization: root, every OU (breadth first, level by level) and every account's parent. */
export async function readOrganization(aws: AwsClients): Promise<OrgSnapshot> {
  const organization = await describeOrganization(aws);
  if (!organization) throw noOrganizationError();
  try {
    const { Roots: roots = [] } = await aws.client(OrganizationsClient).send(new ListRootsCommand({}));
    const root = roots[0];
    if (!root?.Id) throw new Error('ListRoots returned no root');
    return await readOrganizationTree(aws, organization, { id: root.Id, name: root.Name ?? 'Root', arn: root.Arn });
  } catch (error) {
    throw toAwsarchError(error, 'Reading the organization');
  }
}

/** The OUs (level by level) and the accounts of each parent, for an organization and root already read. */
export async function readOrganizationTree(
  aws: AwsClients,
  organization: OrganizationInfo,
  root: OrgSnapshot['root'],
): Promise<OrgSnapshot> {
  const orgs = aws.client(OrganizationsClient);
  try {
    const ous: OuNode[] = [];
    let level: Array<{ id: string; path: string[] }> = [{ id: root.id, path: [] }];
    while (level.length > 0) {
      const children = await Promise.all(
        level.map(async (parent) => {
          const found = await collectPages(
            paginateListOrganizationalUnitsForParent({ client: orgs }, { ParentId: parent.id }),
            (page) => page.OrganizationalUnits,
          );
          return found.map((ou) => ({
            id: ou.Id ?? '',
            name: ou.Name ?? '',
            arn: ou.Arn,
            parentId: parent.id,
            path: [...parent.path, ou.Name ?? ''],
          }));
        }),
      );
      const next = children.flat();
      ous.push(...next);
      level = next.map((ou) => ({ id: ou.id, path: ou.path }));
    }
    const parents = [root.id, ...ous.map((ou) => ou.id)];
    const accountsPerParent = await Promise.all(
      parents.map(async (parentId) => {
        const found = await collectPages(
          paginateListAccountsForParent({ client: orgs }, { ParentId: parentId }),
          (page) => page.Accounts,
        );
        return found.map((account): AccountInfo => ({
          id: account.Id ?? '',
          name: account.Name ?? '',
          email: account.Email ?? '',
          arn: account.Arn,
          status: account.State ?? account.Status ?? 'UNKNOWN',
          parentId,
          joinedAt: account.JoinedTimestamp?.toISOString(),
        }));
      }),
    );
    return { organization, root, ous, accounts: accountsPerParent.flat() };
  } catch (error) {
    throw toAwsarchError(error, 'Reading the organization');
  }
}
