import { EC2Client, paginateDescribeVpcs, type Vpc } from '@aws-sdk/client-ec2';
import { OrganizationsClient, paginateListAccounts, type Account } from '@aws-sdk/client-organizations';
import {
  paginateListResolverRuleAssociations,
  paginateListResolverRules,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { isAwsError } from '../aws/aws-errors.js';
import type { AwsClients } from '../aws/clients.js';
import { isAwsarchError } from '../core/errors.js';
import { NETWORK_TAGS } from '../baselines/network-plan.js';
import type { AccountDnsInfo, AccountDnsSnapshot, VpcInfo } from './snapshot.js';
import { trackedCall, trackedEachLimited, trackedPages, type ReadProblems, type Tracked } from './tracked-reads.js';

/** Accounts read at once (each is an AssumeRole and three reads). */
export const ACCOUNT_DNS_CONCURRENCY = 10;

const nameOf = (tags: Array<{ Key?: string; Value?: string }> | undefined) =>
  tags?.find((tag) => tag.Key === 'Name')?.Value;

export function vpcInfo(vpc: Vpc): VpcInfo {
  return {
    id: vpc.VpcId ?? '',
    name: nameOf(vpc.Tags),
    cidrs: [
      ...new Set(
        [
          vpc.CidrBlock ?? '',
          ...(vpc.CidrBlockAssociationSet ?? [])
            .filter((association) => association.CidrBlockState?.State !== 'disassociated')
            .map((association) => association.CidrBlock ?? ''),
        ].filter(Boolean),
      ),
    ],
  };
}

const reason = (error: unknown) => (isAwsarchError(error) ? error.message : String(error));

/** One account: its baselined VPCs, the Resolver rules it can use, and their associations (after AssumeRole for a member). */
async function readAccount(aws: AwsClients, account: Account, after: number): Promise<Tracked<AccountDnsInfo>> {
  const id = account.Id ?? '';
  const base = { id, name: account.Name ?? '', vpcs: [], rules: [], ruleAssociations: [] };
  const ec2 = aws.client(EC2Client);
  const resolver = aws.client(Route53ResolverClient);
  try {
    const [vpcs, rules, associations] = await Promise.all([
      trackedPages(
        after,
        `Reading the baselined VPCs of account ${id}`,
        paginateDescribeVpcs({ client: ec2 }, { Filters: [{ Name: 'tag-key', Values: [NETWORK_TAGS.baseline] }] }),
        (page) => page.Vpcs,
      ),
      trackedPages(
        after,
        `Reading the Resolver rules of account ${id}`,
        paginateListResolverRules({ client: resolver }, {}),
        (page) => page.ResolverRules,
      ),
      trackedPages(
        after,
        `Reading the Resolver rule associations of account ${id}`,
        paginateListResolverRuleAssociations({ client: resolver }, {}),
        (page) => page.ResolverRuleAssociations,
      ),
    ]);
    return {
      depth: Math.max(vpcs.depth, rules.depth, associations.depth),
      value: {
        ...base,
        vpcs: vpcs.value.map(vpcInfo),
        rules: rules.value.map((rule) => ({
          id: rule.Id ?? '',
          domainName: (rule.DomainName ?? '').replace(/\.$/, '') || '.',
          ruleType: rule.RuleType ?? 'unknown',
          ownerId: rule.OwnerId,
          shareStatus: rule.ShareStatus,
        })),
        ruleAssociations: associations.value.map((association) => ({
          id: association.Id ?? '',
          ruleId: association.ResolverRuleId ?? '',
          vpcId: association.VPCId ?? '',
          status: association.Status ?? 'unknown',
        })),
      },
    };
  } catch (error) {
    return { depth: after + 1, value: { ...base, error: reason(error) } };
  }
}

/**
 * DNS in every account. Round 1: the organization's accounts and the caller's identity; round 2:
 * AssumeRole into each member account (the caller's own needs none); round 3: each account's baselined
 * VPCs, Resolver rules and associations, ten accounts at a time. Without an organization (or the right
 * to list it) there is nothing to check beyond the network account: undefined, with a warning when denied.
 */
export async function collectAccountDns(
  root: AwsClients,
  problems: ReadProblems,
  concurrency = ACCOUNT_DNS_CONCURRENCY,
): Promise<Tracked<AccountDnsSnapshot | undefined>> {
  let accounts: Tracked<Account[]>;
  let caller: Tracked<string | undefined>;
  try {
    [accounts, caller] = await Promise.all([
      trackedPages(
        0,
        'Listing the accounts of the organization',
        paginateListAccounts({ client: root.client(OrganizationsClient) }, {}),
        (page) => page.Accounts,
      ),
      trackedCall(
        0,
        'Reading the caller identity',
        async () => (await root.client(STSClient).send(new GetCallerIdentityCommand({}))).Account,
      ),
    ]);
  } catch (error) {
    const cause = isAwsarchError(error) ? error.cause : error;
    if (!isAwsError(cause, 'AWSOrganizationsNotInUseException'))
      problems.warnings.push(`DNS in the organization's accounts was not checked: ${reason(error)}`);
    return { depth: 1, value: undefined };
  }
  const active = accounts.value.filter((account) => account.Status === 'ACTIVE' || account.State === 'ACTIVE');
  const after = Math.max(accounts.depth, caller.depth);
  const read = await trackedEachLimited(
    active,
    concurrency,
    (account, start) => {
      if (account.Id === caller.value) return readAccount(root, account, start);
      const member = root.forAccount(account.Id ?? '');
      // The member's reads wait for AssumeRole the first time in a process: one more round.
      return readAccount(member, account, start + (member.roleAssumed ? 0 : 1));
    },
    after,
  );
  return { depth: read.depth, value: { accounts: read.value } };
}
