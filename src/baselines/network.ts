import {
  AcceptTransitGatewayVpcAttachmentCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcsCommand,
  EC2Client,
  ModifyTransitGatewayVpcAttachmentCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import pRetry from 'p-retry';
import { AwsarchError } from '../core/errors.js';
import { allocateVpcCidr } from './cidr-allocation.js';
import type { NetworkParams } from './definition.js';
import type { AccountTarget, BaselineStep } from './model.js';
import {
  NETWORK_TAGS,
  planNetwork,
  vpcTags,
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
import { clientsFor } from './run-context.js';
import { ERR } from '../core/error-codes.js';

const tagMap = (tags: Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
const tagList = (tags: Record<string, string>): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

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
  const vpc = Vpcs.find((candidate) => tagMap(candidate.Tags).Name === params.vpcName) ?? Vpcs[0];
  if (!vpc?.VpcId) return { subnets: [], zones };
  const vpcId = vpc.VpcId;
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
    vpc: { id: vpcId, cidr: vpc.CidrBlock ?? '', tags: tagMap(vpc.Tags) },
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

/** A new cross-account attachment is pending for a moment before it awaits acceptance. */
async function settledAttachmentState(target: AccountTarget, ec2: EC2Client, attachmentId: string): Promise<string> {
  return pRetry(
    async () => {
      const { TransitGatewayVpcAttachments = [] } = await ec2.send(
        new DescribeTransitGatewayVpcAttachmentsCommand({ TransitGatewayAttachmentIds: [attachmentId] }),
      );
      const state = TransitGatewayVpcAttachments[0]?.State ?? '';
      if (state === 'pending' || state === 'initiating' || state === 'initiatingRequest')
        throw new Error(`attachment ${attachmentId} is still ${state}`);
      return state;
    },
    { retries: 20, factor: 1.5, minTimeout: 500, maxTimeout: 10_000, signal: target.run.ctx.signal },
  );
}

/** Creates what the plan lists, in order, resolving the ids of what it creates along the way. */
export async function applyNetwork(
  target: AccountTarget,
  changes: NetworkChange[],
  desired: NetworkDesired,
  tgw: SharedTransitGateway,
  current: NetworkCurrent,
): Promise<string | undefined> {
  const ec2 = target.aws.client(EC2Client, { region: target.run.baseline.homeRegion });
  let vpcId = current.vpc?.id;
  const subnetByZone = new Map(
    current.subnets.filter((subnet) => subnet.baseline).map((subnet) => [subnet.zone, subnet.id]),
  );
  let attachment = current.attachment && { id: current.attachment.id, state: current.attachment.state };
  const baselineTag = { [NETWORK_TAGS.baseline]: desired.baselineName };
  for (const change of changes) {
    if (change.action === 'create-vpc') {
      if (!change.cidr) throw new AwsarchError(ERR.NETWORK_NO_CIDR, 'no CIDR was allocated for the VPC');
      const cidr = change.cidr;
      const { Vpc } = await ec2.send(
        new CreateVpcCommand({
          CidrBlock: cidr,
          TagSpecifications: [{ ResourceType: 'vpc', Tags: tagList(vpcTags(desired, cidr)) }],
        }),
      );
      vpcId = Vpc?.VpcId;
    } else if (change.action === 'tag-vpc') {
      await ec2.send(new CreateTagsCommand({ Resources: [vpcId ?? ''], Tags: tagList(change.tags) }));
    } else if (change.action === 'create-subnet') {
      const tags = {
        Name: `${desired.vpcName}-private-${change.zone}`,
        [NETWORK_TAGS.subnet]: 'private',
        ...baselineTag,
      };
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: change.cidr,
          AvailabilityZone: change.zone,
          TagSpecifications: [{ ResourceType: 'subnet', Tags: tagList(tags) }],
        }),
      );
      subnetByZone.set(change.zone, Subnet?.SubnetId ?? '');
    } else if (change.action === 'create-attachment') {
      const subnetIds = change.zones.map((zone) => subnetByZone.get(zone) ?? '');
      const { TransitGatewayVpcAttachment } = await ec2.send(
        new CreateTransitGatewayVpcAttachmentCommand({
          TransitGatewayId: desired.transitGatewayId,
          VpcId: vpcId,
          SubnetIds: subnetIds,
          TagSpecifications: [
            { ResourceType: 'transit-gateway-attachment', Tags: tagList({ Name: desired.vpcName, ...baselineTag }) },
          ],
        }),
      );
      attachment = {
        id: TransitGatewayVpcAttachment?.TransitGatewayAttachmentId ?? '',
        state: TransitGatewayVpcAttachment?.State ?? '',
      };
    } else if (change.action === 'accept-attachment') {
      if (!attachment) throw new AwsarchError(ERR.NETWORK_NO_ATTACHMENT, 'there is no attachment to accept');
      const state =
        attachment.state === 'pendingAcceptance'
          ? attachment.state
          : await settledAttachmentState(target, ec2, attachment.id);
      if (state !== 'pendingAcceptance') continue;
      const attachmentId = attachment.id;
      const owner = clientsFor(target.run, tgw.ownerId).client(EC2Client, { region: target.run.baseline.homeRegion });
      await owner.send(new AcceptTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: attachmentId }));
    } else {
      const addSubnetIds = change.addZones.map((zone) => subnetByZone.get(zone) ?? '');
      const attachmentId = attachment?.id;
      await ec2.send(
        new ModifyTransitGatewayVpcAttachmentCommand({
          TransitGatewayAttachmentId: attachmentId,
          AddSubnetIds: addSubnetIds,
        }),
      );
    }
  }
  return vpcId;
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
