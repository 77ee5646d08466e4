import { ListRootsCommand, ListTagsForResourceCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { describeOrganization, readOrganizationTree } from '../../accounts/org-reader.js';
import { listInFlightRequests } from '../../accounts/vend-model.js';
import type { InFlightRequest } from '../../accounts/vend-decisions.js';
import type { AwsClients } from '../../aws/clients.js';
import { toAwsarchError } from '../../aws/aws-errors.js';
import type { CommandContext } from '../../core/context.js';
import { SCP_POLICY_TYPE } from '../../scps/scp-quotas.js';
import type { LiveOrganization } from './model.js';

/** The organization with its root, OUs and accounts; undefined when there is none yet. */
export async function readLiveOrganization(aws: AwsClients): Promise<LiveOrganization | undefined> {
  const organization = await describeOrganization(aws);
  if (!organization) return undefined;
  let root;
  try {
    const { Roots: roots = [] } = await aws.client(OrganizationsClient).send(new ListRootsCommand({}));
    root = roots[0];
  } catch (error) {
    throw toAwsarchError(error, 'Reading the organization root');
  }
  if (!root?.Id) throw toAwsarchError(new Error('ListRoots returned no root'), 'Reading the organization root');
  const snapshot = await readOrganizationTree(aws, organization, {
    id: root.Id,
    name: root.Name ?? 'Root',
    arn: root.Arn,
  });
  return {
    ...snapshot,
    rootId: root.Id,
    scpEnabled: (root.PolicyTypes ?? []).some((type) => type.Type === SCP_POLICY_TYPE && type.Status === 'ENABLED'),
  };
}

/** The tags of each resource (accounts, OUs), a few at a time. */
export async function readTags(
  aws: AwsClients,
  resourceIds: readonly string[],
): Promise<Record<string, Record<string, string>>> {
  const orgs = aws.client(OrganizationsClient);
  const lists = await Promise.all(
    resourceIds.map(async (resourceId) => {
      try {
        // ListTagsForResource has no SDK paginator; it pages like the others.
        const tags: Record<string, string> = {};
        let nextToken: string | undefined;
        do {
          const page = await orgs.send(
            new ListTagsForResourceCommand({ ResourceId: resourceId, NextToken: nextToken }),
          );
          for (const tag of page.Tags ?? []) tags[tag.Key ?? ''] = tag.Value ?? '';
          nextToken = page.NextToken;
        } while (nextToken);
        return tags;
      } catch (error) {
        throw toAwsarchError(error, `Reading the tags of ${resourceId}`);
      }
    }),
  );
  return Object.fromEntries(resourceIds.map((id, i) => [id, lists[i] ?? {}]));
}

/** Creations still in progress, so a plan made while a previous apply was creating accounts does not create them twice. */
export async function readInFlight(ctx: CommandContext): Promise<InFlightRequest[]> {
  return listInFlightRequests(ctx);
}
