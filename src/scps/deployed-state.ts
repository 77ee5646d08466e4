import {
  DescribePolicyCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListPolicies,
  paginateListPoliciesForTarget,
  paginateListTargetsForPolicy,
} from '@aws-sdk/client-organizations';
import type { AwsClients } from '../aws/clients.js';
import { toAwsarchError } from '../aws/aws-errors.js';
import { collectPages } from '../aws/paginate.js';
import { FULL_AWS_ACCESS_ID, SCP_POLICY_TYPE } from './scp-quotas.js';
import type { TargetType } from './simulate.js';

/** The tag that marks a policy as created (and so changeable) by awsarch. */
export const MANAGED_TAG = { Key: 'awsarch:managed', Value: 'true' } as const;

export interface DeployedPolicy {
  id: string;
  arn?: string;
  name: string;
  description: string;
  awsManaged: boolean;
  /** Carries the awsarch:managed tag; undefined when the tags were not read. */
  managed?: boolean;
  /** Undefined when the content was not read. */
  content?: string;
}

/** ListPolicies(SERVICE_CONTROL_POLICY): every SCP of the organization, FullAWSAccess included. */
export async function listScps(aws: AwsClients): Promise<DeployedPolicy[]> {
  try {
    const policies = await collectPages(
      paginateListPolicies({ client: aws.client(OrganizationsClient) }, { Filter: SCP_POLICY_TYPE }),
      (page) => page.Policies,
    );
    return policies.map((policy) => ({
      id: policy.Id ?? '',
      arn: policy.Arn,
      name: policy.Name ?? '',
      description: policy.Description ?? '',
      awsManaged: policy.AwsManaged === true || policy.Id === FULL_AWS_ACCESS_ID,
    }));
  } catch (error) {
    throw toAwsarchError(error, 'Listing the SCPs');
  }
}

/** Reads tags (managed or not) and content of the given policies, a few at a time. */
export async function readPolicyDetails(
  aws: AwsClients,
  policies: readonly DeployedPolicy[],
  what: { tags: boolean; content: boolean },
): Promise<DeployedPolicy[]> {
  const orgs = aws.client(OrganizationsClient);
  return Promise.all(
    policies.map(async (policy) => {
      if (policy.awsManaged) return { ...policy, managed: false };
      try {
        const [tags, content] = await Promise.all([
          what.tags
            ? orgs.send(new ListTagsForResourceCommand({ ResourceId: policy.id })).then((output) => output.Tags ?? [])
            : undefined,
          what.content
            ? orgs
                .send(new DescribePolicyCommand({ PolicyId: policy.id }))
                .then((output) => output.Policy?.Content ?? '')
            : undefined,
        ]);
        return {
          ...policy,
          managed:
            tags === undefined
              ? policy.managed
              : tags.some((tag) => tag.Key === MANAGED_TAG.Key && tag.Value === MANAGED_TAG.Value),
          content: content ?? policy.content,
        };
      } catch (error) {
        throw toAwsarchError(error, `Reading SCP ${policy.name} (${policy.id})`);
      }
    }),
  );
}

/** ListPoliciesForTarget for each target: the SCP ids attached directly to it. */
export async function readAttachments(aws: AwsClients, targetIds: readonly string[]): Promise<Map<string, string[]>> {
  const orgs = aws.client(OrganizationsClient);
  const lists = await Promise.all(
    targetIds.map(async (targetId) => {
      try {
        const policies = await collectPages(
          paginateListPoliciesForTarget({ client: orgs }, { TargetId: targetId, Filter: SCP_POLICY_TYPE }),
          (page) => page.Policies,
        );
        return policies.map((policy) => policy.Id ?? '');
      } catch (error) {
        throw toAwsarchError(error, `Listing the SCPs attached to ${targetId}`);
      }
    }),
  );
  return new Map(targetIds.map((id, i) => [id, lists[i] ?? []]));
}

export interface PolicyTarget {
  id: string;
  type: TargetType;
  name: string;
}

/** ListTargetsForPolicy for each policy. */
export async function readTargetsOfPolicies(
  aws: AwsClients,
  policyIds: readonly string[],
): Promise<Map<string, PolicyTarget[]>> {
  const orgs = aws.client(OrganizationsClient);
  const lists = await Promise.all(
    policyIds.map(async (policyId) => {
      try {
        const targets = await collectPages(
          paginateListTargetsForPolicy({ client: orgs }, { PolicyId: policyId }),
          (page) => page.Targets,
        );
        // AWS always names a target's id and type; an entry without them could not be labelled or acted on.
        return targets.flatMap((target) =>
          target.TargetId && target.Type ? [{ id: target.TargetId, type: target.Type, name: target.Name ?? '' }] : [],
        );
      } catch (error) {
        throw toAwsarchError(error, `Listing the targets of ${policyId}`);
      }
    }),
  );
  return new Map(policyIds.map((id, i) => [id, lists[i] ?? []]));
}
