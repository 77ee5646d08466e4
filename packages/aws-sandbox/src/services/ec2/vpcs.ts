import { addressCount, blockContains, blocksOverlap, parseIpv4NetworkBlock, type CidrBlock } from './cidr-blocks.js';
import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import { availabilityZoneOperations, availabilityZones, resolveZone } from './availability-zones.js';
import { filtersFrom, matchesFilters, stringList } from './filters.js';
import { allRegionStates, newEc2Id, regionState, type Subnet, type Vpc } from './model.js';
import { ec2Page } from './pages.js';
import { tagSet, tagsFromSpecifications } from './tags.js';

/** AWS's default quota of VPCs per region. */
const VPCS_PER_REGION = 5;

function requiredString(input: OperationInput, member: string, wireName: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value === '')
    throw new SandboxServiceError('MissingParameter', `The request must contain the parameter ${wireName}`);
  return value;
}

function cidrBlock(input: OperationInput): { text: string; block: CidrBlock } {
  const text = requiredString(input, 'CidrBlock', 'cidrBlock');
  const block = parseIpv4NetworkBlock(text);
  if (!block)
    throw new SandboxServiceError(
      'InvalidParameterValue',
      `Value (${text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`,
    );
  return { text, block };
}

function vpcNotFound(vpcId: string): SandboxServiceError {
  return new SandboxServiceError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
}

function subnetNotFound(subnetId: string): SandboxServiceError {
  return new SandboxServiceError('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`);
}

/** Subnets used by attachments that are not deleted (their network interfaces keep the subnet busy). */
function subnetsInUse(ctx: HandlerContext): Set<string> {
  const used = new Set<string>();
  for (const { regionState: region } of allRegionStates(ctx)) {
    for (const attachment of Object.values(region.transitGatewayAttachments)) {
      if (attachment.state !== 'deleted' && attachment.resourceOwnerId === ctx.caller.accountId)
        for (const id of attachment.subnetIds ?? []) used.add(id);
    }
  }
  return used;
}

export function vpcWire(ctx: HandlerContext, vpc: Vpc) {
  return {
    vpcId: vpc.vpcId,
    ownerId: ctx.caller.accountId,
    state: vpc.state,
    cidrBlock: vpc.cidrBlock,
    dhcpOptionsId: 'default',
    instanceTenancy: 'default',
    isDefault: vpc.isDefault,
    cidrBlockAssociationSet: [
      {
        associationId: `vpc-cidr-assoc-${vpc.vpcId.slice(4)}`,
        cidrBlock: vpc.cidrBlock,
        cidrBlockState: { state: 'associated' },
      },
    ],
    ipv6CidrBlockAssociationSet: [],
    tagSet: tagSet(vpc.tags),
  };
}

export function subnetWire(ctx: HandlerContext, subnet: Subnet) {
  const zone = availabilityZones(ctx.region).find((candidate) => candidate.zoneName === subnet.availabilityZone);
  const block = parseIpv4NetworkBlock(subnet.cidrBlock);
  return {
    subnetId: subnet.subnetId,
    subnetArn: `arn:aws:ec2:${ctx.region}:${ctx.caller.accountId}:subnet/${subnet.subnetId}`,
    vpcId: subnet.vpcId,
    ownerId: ctx.caller.accountId,
    state: subnet.state,
    cidrBlock: subnet.cidrBlock,
    availabilityZone: subnet.availabilityZone,
    availabilityZoneId: zone?.zoneId,
    availableIpAddressCount: block ? addressCount(block) - 5 : 0,
    defaultForAz: false,
    mapPublicIpOnLaunch: false,
    assignIpv6AddressOnCreation: false,
    ipv6CidrBlockAssociationSet: [],
    tagSet: tagSet(subnet.tags),
  };
}

const createVpc: OperationHandler = (input, ctx) => {
  const { text, block } = cidrBlock(input);
  if (block.prefixLength < 16 || block.prefixLength > 28)
    throw new SandboxServiceError('InvalidVpc.Range', `The CIDR '${text}' is invalid.`);
  const region = regionState(ctx);
  if (Object.keys(region.vpcs).length >= VPCS_PER_REGION)
    throw new SandboxServiceError('VpcLimitExceeded', 'The maximum number of VPCs has been reached.');
  const vpc: Vpc = {
    vpcId: newEc2Id(ctx, 'vpc'),
    cidrBlock: text,
    state: 'available',
    isDefault: false,
    createdAt: ctx.now(),
    tags: tagsFromSpecifications(input, 'vpc'),
  };
  region.vpcs[vpc.vpcId] = vpc;
  return { vpc: vpcWire(ctx, vpc) };
};

const describeVpcs: OperationHandler = (input, ctx) => {
  const ids = stringList(input, 'VpcId');
  const vpcs = regionState(ctx).vpcs;
  for (const id of ids) if (!vpcs[id]) throw vpcNotFound(id);
  const filters = filtersFrom(input);
  const matching = Object.values(vpcs).filter(
    (vpc) =>
      (ids.length === 0 || ids.includes(vpc.vpcId)) &&
      matchesFilters(
        filters,
        {
          'vpc-id': vpc.vpcId,
          'cidr-block': vpc.cidrBlock,
          cidr: vpc.cidrBlock,
          'cidr-block-association.cidr-block': vpc.cidrBlock,
          state: vpc.state,
          'is-default': String(vpc.isDefault),
          'owner-id': ctx.caller.accountId,
        },
        vpc.tags,
      ),
  );
  const page = ec2Page(input, matching, (vpc) => vpc.vpcId, 'DescribeVpcs');
  return { vpcSet: page.items.map((vpc) => vpcWire(ctx, vpc)), nextToken: page.nextToken };
};

const deleteVpc: OperationHandler = (input, ctx) => {
  const vpcId = requiredString(input, 'VpcId', 'vpcId');
  const region = regionState(ctx);
  if (!region.vpcs[vpcId]) throw vpcNotFound(vpcId);
  if (Object.values(region.subnets).some((subnet) => subnet.vpcId === vpcId)) {
    throw new SandboxServiceError('DependencyViolation', `The vpc '${vpcId}' has dependencies and cannot be deleted.`);
  }
  delete region.vpcs[vpcId];
  return { return: true };
};

const createSubnet: OperationHandler = (input, ctx) => {
  const vpcId = requiredString(input, 'VpcId', 'vpcId');
  const region = regionState(ctx);
  const vpc = region.vpcs[vpcId];
  if (!vpc) throw vpcNotFound(vpcId);
  const { text, block } = cidrBlock(input);
  const vpcBlock = parseIpv4NetworkBlock(vpc.cidrBlock);
  if (!vpcBlock || !blockContains(vpcBlock, block) || block.prefixLength < 16 || block.prefixLength > 28) {
    throw new SandboxServiceError('InvalidSubnet.Range', `The CIDR '${text}' is invalid.`);
  }
  const conflict = Object.values(region.subnets).some((subnet) => {
    const existing = parseIpv4NetworkBlock(subnet.cidrBlock);
    return subnet.vpcId === vpcId && existing !== undefined && blocksOverlap(existing, block);
  });
  if (conflict)
    throw new SandboxServiceError('InvalidSubnet.Conflict', `The CIDR '${text}' conflicts with another subnet`);
  const zoneName = typeof input.AvailabilityZone === 'string' ? input.AvailabilityZone : undefined;
  const zoneId = typeof input.AvailabilityZoneId === 'string' ? input.AvailabilityZoneId : undefined;
  const zone = resolveZone(ctx.region, zoneName, zoneId);
  const subnet: Subnet = {
    subnetId: newEc2Id(ctx, 'subnet'),
    vpcId,
    cidrBlock: text,
    availabilityZone: zone.zoneName,
    state: 'available',
    tags: tagsFromSpecifications(input, 'subnet'),
  };
  region.subnets[subnet.subnetId] = subnet;
  return { subnet: subnetWire(ctx, subnet) };
};

const describeSubnets: OperationHandler = (input, ctx) => {
  const ids = stringList(input, 'SubnetId');
  const subnets = regionState(ctx).subnets;
  for (const id of ids) if (!subnets[id]) throw subnetNotFound(id);
  const filters = filtersFrom(input);
  const zones = availabilityZones(ctx.region);
  const matching = Object.values(subnets).filter(
    (subnet) =>
      (ids.length === 0 || ids.includes(subnet.subnetId)) &&
      matchesFilters(
        filters,
        {
          'subnet-id': subnet.subnetId,
          'vpc-id': subnet.vpcId,
          'cidr-block': subnet.cidrBlock,
          cidr: subnet.cidrBlock,
          cidrBlock: subnet.cidrBlock,
          'availability-zone': subnet.availabilityZone,
          availabilityZone: subnet.availabilityZone,
          'availability-zone-id': zones.find((zone) => zone.zoneName === subnet.availabilityZone)?.zoneId,
          state: subnet.state,
          'owner-id': ctx.caller.accountId,
          'default-for-az': 'false',
        },
        subnet.tags,
      ),
  );
  const page = ec2Page(input, matching, (subnet) => subnet.subnetId, 'DescribeSubnets');
  return { subnetSet: page.items.map((subnet) => subnetWire(ctx, subnet)), nextToken: page.nextToken };
};

const deleteSubnet: OperationHandler = (input, ctx) => {
  const subnetId = requiredString(input, 'SubnetId', 'subnetId');
  const region = regionState(ctx);
  if (!region.subnets[subnetId]) throw subnetNotFound(subnetId);
  if (subnetsInUse(ctx).has(subnetId))
    throw new SandboxServiceError(
      'DependencyViolation',
      `The subnet '${subnetId}' has dependencies and cannot be deleted.`,
    );
  delete region.subnets[subnetId];
  return { return: true };
};

/** VPCs and subnets in the caller's account, and the region's availability zones. */
export const vpcOperations: Record<string, OperationHandler> = {
  ...availabilityZoneOperations,
  CreateVpc: createVpc,
  DescribeVpcs: describeVpcs,
  DeleteVpc: deleteVpc,
  CreateSubnet: createSubnet,
  DescribeSubnets: describeSubnets,
  DeleteSubnet: deleteSubnet,
};
