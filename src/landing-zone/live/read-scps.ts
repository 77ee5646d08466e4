import type { AwsClients } from '../../aws/clients.js';
import {
  MANAGED_TAG,
  listScps,
  readAttachments,
  readPolicyDetails,
  readTargetsOfPolicies,
} from '../../scps/deployed-state.js';
import type { LiveScps } from './model.js';
import { readTags } from './read-organization.js';

/**
 * The SCPs of the organization: every policy (customer-managed ones with tags and content), what is
 * attached to the given targets, and where each awsarch-managed SCP is attached (with those targets'
 * attachments too, so a detach is checked against everything on the target).
 */
export async function readLiveScps(aws: AwsClients, targetIds: readonly string[]): Promise<LiveScps> {
  const [listed, attachments] = await Promise.all([listScps(aws), readAttachments(aws, targetIds)]);
  const customer = listed.filter((policy) => !policy.awsManaged);
  const [detailed, tags] = await Promise.all([
    readPolicyDetails(aws, customer, { tags: false, content: true }),
    readTags(
      aws,
      customer.map((policy) => policy.id),
    ),
  ]);
  const byId = new Map(detailed.map((policy) => [policy.id, policy]));
  const policies = listed.map((policy) => {
    const found = byId.get(policy.id);
    if (!found) return { ...policy, managed: false };
    return { ...found, managed: tags[policy.id]?.[MANAGED_TAG.Key] === MANAGED_TAG.Value };
  });
  const managed = policies.filter((policy) => policy.managed === true).map((policy) => policy.id);
  const targetsOfPolicies = await readTargetsOfPolicies(aws, managed);
  const extra = [...new Set([...targetsOfPolicies.values()].flat().map((target) => target.id))].filter(
    (id) => !attachments.has(id),
  );
  for (const [id, list] of await readAttachments(aws, extra)) attachments.set(id, list);
  return {
    policies,
    tags,
    attachments: Object.fromEntries(attachments),
    targetsOfPolicies: Object.fromEntries(targetsOfPolicies),
  };
}
