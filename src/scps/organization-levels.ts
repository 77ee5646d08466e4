import { DescribePolicyCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { findAccount } from '../accounts/account-queries.js';
import type { AccountInfo, OrgSnapshot } from '../accounts/org-model.js';
import { readOrganization } from '../accounts/org-reader.js';
import type { AwsClients } from '../aws/clients.js';
import { toAwsarchError } from '../aws/aws-errors.js';
import { readAttachments } from './deployed-state.js';
import { FULL_AWS_ACCESS_ID } from './scp-quotas.js';
import { FULL_AWS_ACCESS_POLICY, type ScpLevel, type ScpPolicyRef } from './simulate.js';
import { readOrganizationBasics, type OrganizationBasics } from './targets.js';

/** An organization read once, so several accounts can be evaluated without reading it again. */
export interface OrganizationScps {
  basics: OrganizationBasics;
  snapshot: OrgSnapshot;
  /** Levels per account id, filled as accounts are asked about. */
  levels: Map<string, ScpLevel[]>;
  /** Policy documents by id. */
  documents: Map<string, ScpPolicyRef>;
}

export async function readOrganizationScps(aws: AwsClients): Promise<OrganizationScps> {
  const [basics, snapshot] = await Promise.all([readOrganizationBasics(aws), readOrganization(aws)]);
  return { basics, snapshot, levels: new Map(), documents: new Map([[FULL_AWS_ACCESS_ID, FULL_AWS_ACCESS_POLICY]]) };
}

/** The account (by id, e-mail or name) and the SCPs on every level above it, root first. */
export async function levelsForAccount(
  aws: AwsClients,
  org: OrganizationScps,
  key: string,
): Promise<{ account: AccountInfo; levels: ScpLevel[] }> {
  const account = findAccount(org.snapshot, key);
  const cached = org.levels.get(account.id);
  if (cached) return { account, levels: cached };
  const chain: Array<{ id: string; name: string; type: ScpLevel['type'] }> = [];
  let parentId: string | undefined = account.parentId;
  while (parentId !== undefined) {
    if (parentId === org.snapshot.root.id) {
      chain.unshift({ id: parentId, name: 'root', type: 'ROOT' });
      parentId = undefined;
    } else {
      const ou = org.snapshot.ous.find((candidate) => candidate.id === parentId);
      chain.unshift({ id: parentId, name: ou?.path.join('/') ?? parentId, type: 'ORGANIZATIONAL_UNIT' });
      parentId = ou?.parentId;
    }
  }
  chain.push({ id: account.id, name: `${account.name} (${account.id})`, type: 'ACCOUNT' });
  const attachments = await readAttachments(
    aws,
    chain.map((level) => level.id),
  );
  const missing = [...new Set([...attachments.values()].flat())].filter((id) => !org.documents.has(id));
  const orgs = aws.client(OrganizationsClient);
  await Promise.all(
    missing.map(async (id) => {
      try {
        const { Policy: policy } = await orgs.send(new DescribePolicyCommand({ PolicyId: id }));
        org.documents.set(id, {
          id,
          name: policy?.PolicySummary?.Name ?? id,
          arn: policy?.PolicySummary?.Arn,
          document: JSON.parse(policy?.Content ?? '{}') as unknown,
        });
      } catch (error) {
        throw toAwsarchError(error, `Reading SCP ${id}`);
      }
    }),
  );
  const levels = chain.map((level) => ({
    ...level,
    policies: (attachments.get(level.id) ?? []).map((id) => org.documents.get(id) as ScpPolicyRef),
  }));
  org.levels.set(account.id, levels);
  return { account, levels };
}
