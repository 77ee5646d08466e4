import {
  DescribeAvailabilityZonesCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import { AwsarchError } from '../core/errors.js';
import { allocateVpcCidr } from './cidr-allocation.js';
import type { NetworkParams } from './definition.js';
import type { AccountTarget, BaselineStep } from './model.js';
import { applyNetwork } from './network-apply.js';
import { readVpcContents } from './network-duplicates.js';
import {
  keptVpc,
  NETWORK_TAGS,
  planNetwork,
  type NetworkChange,
  type NetworkCurrent,
  type NetworkDesired,
} from './network-plan.js';
import { withResolverAssociations } from './network-sharing.js';
import { prepareNetwork, type SharedTransitGateway } from './network-transit-gateway.js';
import {
  applyResolverAssociations,
  readResolverAssociations,
  type ResolverAssociationChange,
  type SharedResolverRule,
} from './resolver-associations.js';
import { ERR } from '../core/error-codes.js';

const tagMap = (tags: Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));

/** Reads the pool's VPC, its subnets, its attachment to the shared transit gateway and the account's zones. */
export async function readNetwork(
  target: AccountTarget,
  params: NetworkParams,
  tgw: SharedTransitGateway,
): Promise<NetworkCurrent> {
  const ec2 = target.aws.client(EC2Client, { region: target.run.baseline.homeRegion });
  const [{ Vpcs = [] }, { AvailabilityZones = [] }] = await Promise.all([
    ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: `tag:${NETWORK_TAGS.pool}`, Values: [params.cidrPool] }] })),
    ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] })),
  ]);
  const zones = AvailabilityZones.filter((zone) => zone.ZoneType === undefined || zone.ZoneType === 'availability-zone')
    .map((zone) => zone.ZoneName ?? '')
    .sort();
  const pool = Vpcs.filter((candidate) => candidate.VpcId).map((candidate) => ({
    id: candidate.VpcId ?? '',
    cidr: candidate.CidrBlock ?? '',
    tags: tagMap(candidate.Tags),
  }));
  if (pool.length === 0) return { subnets: [], zones };
  // Several VPCs from the pool: read what each holds, keep one, and report the others as duplicates.
  const contents =
    pool.length > 1 ? await Promise.all(pool.map((candidate) => readVpcContents(target, ec2, candidate))) : [];
  const kept =
    keptVpc(
      contents.map((candidate) => ({
        ...candidate,
        attachmentState: candidate.attachments.find((attachment) => attachment.transitGatewayId === tgw.id)?.state,
        baselineSubnets: candidate.subnets.filter((subnet) => subnet.baseline).length,
      })),
      params.vpcName,
    ) ?? pool[0];
  const vpc = pool.find((candidate) => candidate.id === kept?.id) ?? (pool[0] as (typeof pool)[number]);
  const duplicates = contents.filter((candidate) => candidate.id !== vpc.id);
  const vpcId = vpc.id;
  const [{ Subnets = [] }, { TransitGatewayVpcAttachments = [] }] = await Promise.all([
    ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })),
    ec2.send(
      new DescribeTransitGatewayVpcAttachmentsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'transit-gateway-id', Values: [tgw.id] },
        ],
      }),
    ),
  ]);
  const attachment = TransitGatewayVpcAttachments.find((candidate) => candidate.State !== 'deleted');
  return {
    vpc,
    ...(duplicates.length ? { duplicates } : {}),
    subnets: Subnets.map((subnet) => ({
      id: subnet.SubnetId ?? '',
      zone: subnet.AvailabilityZone ?? '',
      cidr: subnet.CidrBlock ?? '',
      baseline: tagMap(subnet.Tags)[NETWORK_TAGS.subnet] === 'private',
    })),
    attachment: attachment && {
      id: attachment.TransitGatewayAttachmentId ?? '',
      state: attachment.State ?? '',
      subnetIds: attachment.SubnetIds ?? [],
    },
    zones,
  };
}

/** What the account should have; a VPC still to be created gets its CIDR allocated here (not in status). */
export async function desireNetwork(
  target: AccountTarget,
  params: NetworkParams,
  tgw: SharedTransitGateway,
  current: NetworkCurrent,
): Promise<NetworkDesired> {
  const zones =
    typeof params.availabilityZones === 'number'
      ? current.zones.slice(0, params.availabilityZones)
      : params.availabilityZones;
  const unknown = zones.filter((zone) => !current.zones.includes(zone));
  if (
    unknown.length > 0 ||
    zones.length < (typeof params.availabilityZones === 'number' ? params.availabilityZones : 0)
  ) {
    throw new AwsarchError(
      ERR.NETWORK_ZONES,
      `the account is offered only ${current.zones.join(', ') || 'no zones'} in ${target.run.baseline.homeRegion}${unknown.length ? `, not ${unknown.join(', ')}` : ''}`,
    );
  }
  const cidr =
    current.vpc?.cidr ??
    (target.run.mode === 'status'
      ? undefined
      : await allocateVpcCidr(target.run, params.cidrPool, params.vpcPrefixLength, target.account.id));
  return {
    vpcName: params.vpcName,
    baselineName: target.run.baseline.name,
    pool: params.cidrPool,
    cidr,
    subnetPrefixLength: params.subnetPrefixLength,
    zones,
    transitGatewayId: tgw.id,
    transitGatewayOwner: tgw.ownerLabel,
    needsAcceptance: tgw.ownerId !== target.account.id && !tgw.autoAccept,
  };
}

type NetworkStepCurrent = NetworkCurrent & { resolverRuleIds: string[] };
type NetworkStepDesired = NetworkDesired & { resolverRules: SharedResolverRule[] };
type NetworkStepChange = NetworkChange | ResolverAssociationChange;

/**
 * Step 4: a VPC from the pool with private subnets across zones, attached to the transit gateway shared with the
 * organization through AWS RAM, and associated with the Resolver rules shared the same way.
 */
export const networkStep: BaselineStep<
  NetworkParams,
  SharedTransitGateway,
  NetworkStepCurrent,
  NetworkStepDesired,
  NetworkStepChange
> = {
  name: 'network',
  prepare: prepareNetwork,
  read: async (target, params, tgw) => {
    const current = await readNetwork(target, params, tgw);
    const resolverRuleIds =
      current.vpc && tgw.resolverRules.length > 0 ? await readResolverAssociations(target, current.vpc.id) : [];
    return { ...current, resolverRuleIds };
  },
  desire: async (target, params, tgw, current) => ({
    ...(await desireNetwork(target, params, tgw, current)),
    resolverRules: tgw.resolverRules,
  }),
  plan: (current, desired) =>
    withResolverAssociations(planNetwork(current, desired), desired.resolverRules, current.resolverRuleIds),
  apply: async (target, changes, desired, tgw, current) => {
    const network = changes.filter((change): change is NetworkChange => change.action !== 'associate-resolver-rule');
    const dns = changes.filter(
      (change): change is ResolverAssociationChange => change.action === 'associate-resolver-rule',
    );
    const vpcId = await applyNetwork(target, network, desired, tgw, current);
    if (dns.length > 0) {
      if (!vpcId) throw new AwsarchError(ERR.NETWORK_NO_VPC, 'there is no VPC to associate the Resolver rules with');
      await applyResolverAssociations(target, dns, vpcId);
    }
  },
};
