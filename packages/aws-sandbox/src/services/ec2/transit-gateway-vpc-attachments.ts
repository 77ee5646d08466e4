import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import { filtersFrom, matchesFilters, stringList } from './filters.js';
import { newEc2Id, regionState, type Ec2RegionState, type Subnet, type TransitGatewayAttachment } from './model.js';
import { ec2Page } from './pages.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { addAttachment, applyDefaultRouting, findTransitGateway, visibleAttachments } from './transit-gateways.js';

/** VPC attachment options, kept by this module next to the attachments in the transit gateway owner's region state. */
interface VpcAttachmentOptions {
  dnsSupport: 'enable' | 'disable';
  ipv6Support: 'enable' | 'disable';
  applianceModeSupport: 'enable' | 'disable';
  securityGroupReferencingSupport: 'enable' | 'disable';
}

function optionsStore(owner: Ec2RegionState): Record<string, VpcAttachmentOptions> {
  return ((owner as Record<string, Record<string, unknown>>).transitGatewayVpcAttachmentOptions ??= {}) as Record<
    string,
    VpcAttachmentOptions
  >;
}

const enableDisable = (value: unknown, fallback: 'enable' | 'disable'): 'enable' | 'disable' =>
  value === 'enable' || value === 'disable' ? value : fallback;

function attachmentNotFound(id: string): SandboxServiceError {
  return new SandboxServiceError(
    'InvalidTransitGatewayAttachmentID.NotFound',
    `Transit Gateway Attachment ${id} was deleted or does not exist.`,
  );
}

function ownerState(ctx: HandlerContext, attachment: TransitGatewayAttachment): Ec2RegionState {
  return regionState(ctx, attachment.transitGatewayOwnerId);
}

function vpcAttachmentWire(ctx: HandlerContext, attachment: TransitGatewayAttachment) {
  const options = optionsStore(ownerState(ctx, attachment))[attachment.transitGatewayAttachmentId];
  return {
    transitGatewayAttachmentId: attachment.transitGatewayAttachmentId,
    transitGatewayId: attachment.transitGatewayId,
    vpcId: attachment.resourceId,
    vpcOwnerId: attachment.resourceOwnerId,
    state: attachment.state,
    subnetIds: attachment.subnetIds ?? [],
    creationTime: new Date(attachment.createdAt),
    options,
    tagSet: tagSet(attachment.tags),
  };
}

/** A VPC attachment the caller can see (as VPC owner or transit gateway owner). */
function visibleVpcAttachment(ctx: HandlerContext, input: OperationInput): TransitGatewayAttachment {
  const id = typeof input.TransitGatewayAttachmentId === 'string' ? input.TransitGatewayAttachmentId : '';
  const attachment = visibleAttachments(ctx).find(
    (candidate) =>
      candidate.transitGatewayAttachmentId === id && candidate.resourceType === 'vpc' && candidate.state !== 'deleted',
  );
  if (!attachment) throw attachmentNotFound(id);
  return attachment;
}

/** The caller's subnets by id, all in the VPC and at most one per availability zone. */
function checkedSubnets(ctx: HandlerContext, vpcId: string, subnetIds: string[]): Subnet[] {
  const subnets = subnetIds.map((id) => {
    const subnet = regionState(ctx).subnets[id];
    if (!subnet) throw new SandboxServiceError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`);
    if (subnet.vpcId !== vpcId)
      throw new SandboxServiceError('InvalidParameterValue', `Subnet ${id} does not belong to VPC ${vpcId}.`);
    return subnet;
  });
  const zones = subnets.map((subnet) => subnet.availabilityZone);
  if (new Set(zones).size !== zones.length)
    throw new SandboxServiceError('DuplicateSubnetsInSameZone', 'Duplicate Subnets for same AvailabilityZone');
  return subnets;
}

/**
 * Attaches a VPC of the caller's account. A cross-account attachment waits in pendingAcceptance for the
 * transit gateway owner unless the gateway auto-accepts shared attachments; once available it gets the
 * gateway's default route table association and propagation.
 */
const createTransitGatewayVpcAttachment: OperationHandler = (input, ctx) => {
  const { transitGateway, owner } = findTransitGateway(ctx, String(input.TransitGatewayId ?? ''));
  const vpcId = String(input.VpcId ?? '');
  if (!regionState(ctx).vpcs[vpcId])
    throw new SandboxServiceError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
  const subnetIds = stringList(input, 'SubnetIds');
  if (subnetIds.length === 0)
    throw new SandboxServiceError('MissingParameter', 'The request must contain the parameter SubnetIds');
  checkedSubnets(ctx, vpcId, subnetIds);
  const duplicate = Object.values(owner.transitGatewayAttachments).some(
    (attachment) =>
      attachment.resourceType === 'vpc' &&
      attachment.resourceId === vpcId &&
      attachment.transitGatewayId === transitGateway.transitGatewayId &&
      !['deleted', 'rejected', 'failed'].includes(attachment.state),
  );
  if (duplicate)
    throw new SandboxServiceError(
      'DuplicateTransitGatewayAttachment',
      `${transitGateway.transitGatewayId} has non-deleted Transit Gateway Attachments with same VPC ID.`,
    );
  const accepted =
    transitGateway.ownerId === ctx.caller.accountId || transitGateway.autoAcceptSharedAttachments === 'enable';
  const attachment: TransitGatewayAttachment = {
    transitGatewayAttachmentId: newEc2Id(ctx, 'tgw-attach'),
    transitGatewayId: transitGateway.transitGatewayId,
    transitGatewayOwnerId: transitGateway.ownerId,
    resourceOwnerId: ctx.caller.accountId,
    resourceType: 'vpc',
    resourceId: vpcId,
    state: accepted ? 'available' : 'pendingAcceptance',
    subnetIds,
    createdAt: ctx.now(),
    tags: tagsFromSpecifications(input, 'transit-gateway-attachment'),
  };
  const options = (input.Options as Record<string, unknown> | undefined) ?? {};
  optionsStore(owner)[attachment.transitGatewayAttachmentId] = {
    dnsSupport: enableDisable(options.DnsSupport, 'enable'),
    ipv6Support: enableDisable(options.Ipv6Support, 'disable'),
    applianceModeSupport: enableDisable(options.ApplianceModeSupport, 'disable'),
    securityGroupReferencingSupport: enableDisable(options.SecurityGroupReferencingSupport, 'enable'),
  };
  addAttachment(owner, transitGateway, attachment);
  return { transitGatewayVpcAttachment: vpcAttachmentWire(ctx, attachment) };
};

const describeTransitGatewayVpcAttachments: OperationHandler = (input, ctx) => {
  const ids = stringList(input, 'TransitGatewayAttachmentIds');
  const all = visibleAttachments(ctx).filter(
    (attachment) => attachment.resourceType === 'vpc' && attachment.state !== 'deleted',
  );
  for (const id of ids)
    if (!all.some((attachment) => attachment.transitGatewayAttachmentId === id)) throw attachmentNotFound(id);
  const filters = filtersFrom(input);
  const matching = all.filter(
    (attachment) =>
      (ids.length === 0 || ids.includes(attachment.transitGatewayAttachmentId)) &&
      matchesFilters(
        filters,
        {
          'transit-gateway-attachment-id': attachment.transitGatewayAttachmentId,
          'transit-gateway-id': attachment.transitGatewayId,
          'vpc-id': attachment.resourceId,
          'vpc-owner-id': attachment.resourceOwnerId,
          state: attachment.state,
        },
        attachment.tags,
      ),
  );
  const page = ec2Page(
    input,
    matching,
    (attachment) => attachment.transitGatewayAttachmentId,
    'DescribeTransitGatewayVpcAttachments',
  );
  return {
    transitGatewayVpcAttachments: page.items.map((attachment) => vpcAttachmentWire(ctx, attachment)),
    nextToken: page.nextToken,
  };
};

/** The transit gateway owner accepts (or rejects) a cross-account attachment waiting in pendingAcceptance. */
function decideAcceptance(accept: boolean): OperationHandler {
  return (input, ctx) => {
    const attachment = visibleVpcAttachment(ctx, input);
    if (attachment.transitGatewayOwnerId !== ctx.caller.accountId) {
      throw new SandboxServiceError(
        'InvalidTransitGatewayAttachmentID.NotFound',
        `Transit Gateway Attachment ${attachment.transitGatewayAttachmentId} can be ${accept ? 'accepted' : 'rejected'} only by the owner of ${attachment.transitGatewayId}.`,
      );
    }
    if (attachment.state !== 'pendingAcceptance') {
      throw new SandboxServiceError(
        'IncorrectState',
        `Transit Gateway Attachment ${attachment.transitGatewayAttachmentId} is in invalid state`,
      );
    }
    attachment.state = accept ? 'available' : 'rejected';
    if (accept)
      applyDefaultRouting(
        ownerState(ctx, attachment),
        findTransitGateway(ctx, attachment.transitGatewayId).transitGateway,
        attachment.transitGatewayAttachmentId,
      );
    return { transitGatewayVpcAttachment: vpcAttachmentWire(ctx, attachment) };
  };
}

const deleteTransitGatewayVpcAttachment: OperationHandler = (input, ctx) => {
  const attachment = visibleVpcAttachment(ctx, input);
  if (['deleting', 'pending', 'modifying'].includes(attachment.state)) {
    throw new SandboxServiceError(
      'IncorrectState',
      `Transit Gateway Attachment ${attachment.transitGatewayAttachmentId} is in invalid state`,
    );
  }
  attachment.state = 'deleted';
  for (const table of Object.values(ownerState(ctx, attachment).transitGatewayRouteTables)) {
    table.associations = table.associations.filter((id) => id !== attachment.transitGatewayAttachmentId);
    table.propagations = table.propagations.filter((id) => id !== attachment.transitGatewayAttachmentId);
  }
  return { transitGatewayVpcAttachment: { ...vpcAttachmentWire(ctx, attachment), state: 'deleting' } };
};

/** The VPC owner adds or removes subnets (one per availability zone) of an available attachment. */
const modifyTransitGatewayVpcAttachment: OperationHandler = (input, ctx) => {
  const attachment = visibleVpcAttachment(ctx, input);
  if (attachment.resourceOwnerId !== ctx.caller.accountId)
    throw attachmentNotFound(attachment.transitGatewayAttachmentId);
  if (attachment.state !== 'available')
    throw new SandboxServiceError(
      'IncorrectState',
      `Transit Gateway Attachment ${attachment.transitGatewayAttachmentId} is in invalid state`,
    );
  const remove = stringList(input, 'RemoveSubnetIds');
  const next = [
    ...(attachment.subnetIds ?? []).filter((id) => !remove.includes(id)),
    ...stringList(input, 'AddSubnetIds'),
  ];
  if (next.length === 0)
    throw new SandboxServiceError(
      'InvalidParameterValue',
      'A Transit Gateway VPC attachment needs at least one subnet.',
    );
  checkedSubnets(ctx, attachment.resourceId, next);
  attachment.subnetIds = next;
  return { transitGatewayVpcAttachment: vpcAttachmentWire(ctx, attachment) };
};

/** Transit gateway VPC attachments: create, describe, accept/reject (owner side), modify subnets, delete. */
export const transitGatewayVpcAttachmentOperations: Record<string, OperationHandler> = {
  CreateTransitGatewayVpcAttachment: createTransitGatewayVpcAttachment,
  DescribeTransitGatewayVpcAttachments: describeTransitGatewayVpcAttachments,
  AcceptTransitGatewayVpcAttachment: decideAcceptance(true),
  RejectTransitGatewayVpcAttachment: decideAcceptance(false),
  ModifyTransitGatewayVpcAttachment: modifyTransitGatewayVpcAttachment,
  DeleteTransitGatewayVpcAttachment: deleteTransitGatewayVpcAttachment,
};
