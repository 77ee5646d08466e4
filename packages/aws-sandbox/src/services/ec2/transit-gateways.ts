import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import { filtersFrom, matchesFilters, stringList } from './filters.js';
import {
  allRegionStates,
  newEc2Id,
  regionState,
  type Ec2RegionState,
  type TransitGateway,
  type TransitGatewayAttachment,
  type Tag,
  type TransitGatewayRouteTable,
} from './model.js';
import { isSharedWith } from '../ram/sharing.js';
import { ec2Page } from './pages.js';
import { tagSet, tagsFromSpecifications } from './tags.js';

/** Whether the caller may see a transit gateway: its own, or another account's shared with it through AWS RAM. */
function isVisible(ctx: HandlerContext, transitGateway: TransitGateway): boolean {
  return (
    transitGateway.ownerId === ctx.caller.accountId ||
    isSharedWith(ctx.state, transitGatewayArn(transitGateway), ctx.caller.accountId)
  );
}

/** Transit gateways visible to the caller in the request's region: its own and those shared with it through RAM. */
export function visibleTransitGateways(ctx: HandlerContext): TransitGateway[] {
  return allRegionStates(ctx)
    .flatMap(({ regionState: region }) => Object.values(region.transitGateways))
    .filter((transitGateway) => isVisible(ctx, transitGateway));
}

/** Finds a transit gateway the caller may see (see visibleTransitGateways); any other is "not found", as on AWS. */
export function findTransitGateway(
  ctx: HandlerContext,
  transitGatewayId: string,
): { transitGateway: TransitGateway; owner: Ec2RegionState } {
  for (const { regionState: region } of allRegionStates(ctx)) {
    const transitGateway = region.transitGateways[transitGatewayId];
    if (transitGateway && transitGateway.state !== 'deleted' && isVisible(ctx, transitGateway))
      return { transitGateway, owner: region };
  }
  throw new SandboxServiceError(
    'InvalidTransitGatewayID.NotFound',
    `Transit Gateway ${transitGatewayId} was deleted or does not exist.`,
  );
}

/** Attachments the caller can see: those of its transit gateways and those of its resources. */
export function visibleAttachments(ctx: HandlerContext): TransitGatewayAttachment[] {
  const caller = ctx.caller.accountId;
  return allRegionStates(ctx)
    .flatMap(({ regionState: region }) => Object.values(region.transitGatewayAttachments))
    .filter((attachment) => attachment.transitGatewayOwnerId === caller || attachment.resourceOwnerId === caller);
}

/** The route table an attachment is associated with, if any. */
export function associatedRouteTable(
  owner: Ec2RegionState,
  attachmentId: string,
): TransitGatewayRouteTable | undefined {
  return Object.values(owner.transitGatewayRouteTables).find((table) => table.associations.includes(attachmentId));
}

/**
 * Registers a new attachment with its transit gateway and, as AWS does when the gateway's defaults
 * are enabled, associates it with and propagates it to the default route tables.
 */
export function addAttachment(
  owner: Ec2RegionState,
  transitGateway: TransitGateway,
  attachment: TransitGatewayAttachment,
): void {
  owner.transitGatewayAttachments[attachment.transitGatewayAttachmentId] = attachment;
  if (attachment.state !== 'available') return;
  applyDefaultRouting(owner, transitGateway, attachment.transitGatewayAttachmentId);
}

/** Default association and propagation, for an attachment that has just become available. */
export function applyDefaultRouting(owner: Ec2RegionState, transitGateway: TransitGateway, attachmentId: string): void {
  const association =
    transitGateway.defaultRouteTableAssociation === 'enable'
      ? transitGateway.associationDefaultRouteTableId
      : undefined;
  const propagation =
    transitGateway.defaultRouteTablePropagation === 'enable'
      ? transitGateway.propagationDefaultRouteTableId
      : undefined;
  const associationTable = association ? owner.transitGatewayRouteTables[association] : undefined;
  if (
    associationTable &&
    !associationTable.associations.includes(attachmentId) &&
    !associatedRouteTable(owner, attachmentId)
  )
    associationTable.associations.push(attachmentId);
  const propagationTable = propagation ? owner.transitGatewayRouteTables[propagation] : undefined;
  if (propagationTable && !propagationTable.propagations.includes(attachmentId))
    propagationTable.propagations.push(attachmentId);
}

export function transitGatewayArn(transitGateway: TransitGateway): string {
  return `arn:aws:ec2:${transitGateway.region}:${transitGateway.ownerId}:transit-gateway/${transitGateway.transitGatewayId}`;
}

export function transitGatewayWire(transitGateway: TransitGateway) {
  return {
    transitGatewayId: transitGateway.transitGatewayId,
    transitGatewayArn: transitGatewayArn(transitGateway),
    state: transitGateway.state,
    ownerId: transitGateway.ownerId,
    description: transitGateway.description,
    creationTime: new Date(transitGateway.createdAt),
    options: {
      amazonSideAsn: transitGateway.amazonSideAsn,
      autoAcceptSharedAttachments: transitGateway.autoAcceptSharedAttachments,
      defaultRouteTableAssociation: transitGateway.defaultRouteTableAssociation,
      associationDefaultRouteTableId: transitGateway.associationDefaultRouteTableId,
      defaultRouteTablePropagation: transitGateway.defaultRouteTablePropagation,
      propagationDefaultRouteTableId: transitGateway.propagationDefaultRouteTableId,
      vpnEcmpSupport: transitGateway.vpnEcmpSupport,
      dnsSupport: transitGateway.dnsSupport,
      multicastSupport: 'disable',
    },
    tagSet: tagSet(transitGateway.tags),
  };
}

export function attachmentWire(ctx: HandlerContext, attachment: TransitGatewayAttachment) {
  const owner = regionState(ctx, attachment.transitGatewayOwnerId);
  const table = associatedRouteTable(owner, attachment.transitGatewayAttachmentId);
  return {
    transitGatewayAttachmentId: attachment.transitGatewayAttachmentId,
    transitGatewayId: attachment.transitGatewayId,
    transitGatewayOwnerId: attachment.transitGatewayOwnerId,
    resourceOwnerId: attachment.resourceOwnerId,
    resourceType: attachment.resourceType,
    resourceId: attachment.resourceId,
    state: attachment.state,
    association: table
      ? { transitGatewayRouteTableId: table.transitGatewayRouteTableId, state: 'associated' }
      : undefined,
    creationTime: new Date(attachment.createdAt),
    tagSet: tagSet(attachment.tags),
  };
}

export interface TransitGatewaySettings {
  description?: string;
  amazonSideAsn?: number;
  autoAcceptSharedAttachments?: 'enable' | 'disable';
  defaultRouteTableAssociation?: 'enable' | 'disable';
  defaultRouteTablePropagation?: 'enable' | 'disable';
  vpnEcmpSupport?: 'enable' | 'disable';
  dnsSupport?: 'enable' | 'disable';
  tags?: Tag[];
}

/** Creates a transit gateway (and its default route table, as AWS does) in an account's region state. */
export function newTransitGateway(
  ctx: Pick<HandlerContext, 'state'>,
  owner: { accountId: string; region: string; regionState: Ec2RegionState; now: number },
  settings: TransitGatewaySettings,
): TransitGateway {
  const transitGatewayId = newEc2Id(ctx, 'tgw');
  const transitGateway: TransitGateway = {
    transitGatewayId,
    ownerId: owner.accountId,
    region: owner.region,
    description: settings.description,
    state: 'available',
    amazonSideAsn: settings.amazonSideAsn ?? 64512,
    autoAcceptSharedAttachments: settings.autoAcceptSharedAttachments ?? 'disable',
    defaultRouteTableAssociation: settings.defaultRouteTableAssociation ?? 'enable',
    defaultRouteTablePropagation: settings.defaultRouteTablePropagation ?? 'enable',
    vpnEcmpSupport: settings.vpnEcmpSupport ?? 'enable',
    dnsSupport: settings.dnsSupport ?? 'enable',
    createdAt: owner.now,
    tags: settings.tags ?? [],
  };
  if (
    transitGateway.defaultRouteTableAssociation === 'enable' ||
    transitGateway.defaultRouteTablePropagation === 'enable'
  ) {
    const tableId = newEc2Id(ctx, 'tgw-rtb');
    owner.regionState.transitGatewayRouteTables[tableId] = {
      transitGatewayRouteTableId: tableId,
      transitGatewayId,
      state: 'available',
      defaultAssociationRouteTable: transitGateway.defaultRouteTableAssociation === 'enable',
      defaultPropagationRouteTable: transitGateway.defaultRouteTablePropagation === 'enable',
      associations: [],
      propagations: [],
      staticRoutes: [],
      createdAt: owner.now,
      tags: [],
    };
    if (transitGateway.defaultRouteTableAssociation === 'enable')
      transitGateway.associationDefaultRouteTableId = tableId;
    if (transitGateway.defaultRouteTablePropagation === 'enable')
      transitGateway.propagationDefaultRouteTableId = tableId;
  }
  owner.regionState.transitGateways[transitGatewayId] = transitGateway;
  return transitGateway;
}

const enableDisable = (value: unknown): 'enable' | 'disable' | undefined =>
  value === 'enable' || value === 'disable' ? value : undefined;

const createTransitGateway: OperationHandler = (input: OperationInput, ctx) => {
  const options = (input.Options as Record<string, unknown> | undefined) ?? {};
  const asn = options.AmazonSideAsn === undefined ? 64512 : Number(options.AmazonSideAsn);
  if (!Number.isInteger(asn) || !((asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294))) {
    throw new SandboxServiceError(
      'InvalidParameterValue',
      `The value ${String(options.AmazonSideAsn)} for AmazonSideAsn is invalid. Must be in the range 64512-65534 or 4200000000-4294967294.`,
    );
  }
  const transitGateway = newTransitGateway(
    ctx,
    { accountId: ctx.caller.accountId, region: ctx.region, regionState: regionState(ctx), now: ctx.now() },
    {
      description: input.Description === undefined ? undefined : String(input.Description),
      amazonSideAsn: asn,
      autoAcceptSharedAttachments: enableDisable(options.AutoAcceptSharedAttachments),
      defaultRouteTableAssociation: enableDisable(options.DefaultRouteTableAssociation),
      defaultRouteTablePropagation: enableDisable(options.DefaultRouteTablePropagation),
      vpnEcmpSupport: enableDisable(options.VpnEcmpSupport),
      dnsSupport: enableDisable(options.DnsSupport),
      tags: tagsFromSpecifications(input, 'transit-gateway'),
    },
  );
  return { transitGateway: transitGatewayWire(transitGateway) };
};

const describeTransitGateways: OperationHandler = (input, ctx) => {
  const ids = stringList(input, 'TransitGatewayIds');
  const all = visibleTransitGateways(ctx);
  for (const id of ids) {
    if (!all.some((transitGateway) => transitGateway.transitGatewayId === id)) {
      throw new SandboxServiceError(
        'InvalidTransitGatewayID.NotFound',
        `Transit Gateway ${id} was deleted or does not exist.`,
      );
    }
  }
  const filters = filtersFrom(input);
  const matching = all.filter(
    (transitGateway) =>
      (ids.length === 0 || ids.includes(transitGateway.transitGatewayId)) &&
      matchesFilters(
        filters,
        {
          'transit-gateway-id': transitGateway.transitGatewayId,
          state: transitGateway.state,
          'owner-id': transitGateway.ownerId,
          'options.amazon-side-asn': String(transitGateway.amazonSideAsn),
          'options.association-default-route-table-id': transitGateway.associationDefaultRouteTableId,
          'options.propagation-default-route-table-id': transitGateway.propagationDefaultRouteTableId,
        },
        transitGateway.tags,
      ),
  );
  const page = ec2Page(input, matching, (transitGateway) => transitGateway.transitGatewayId, 'DescribeTransitGateways');
  return { transitGatewaySet: page.items.map(transitGatewayWire), nextToken: page.nextToken };
};

const describeTransitGatewayAttachments: OperationHandler = (input, ctx) => {
  const ids = stringList(input, 'TransitGatewayAttachmentIds');
  const filters = filtersFrom(input);
  const matching = visibleAttachments(ctx).filter(
    (attachment) =>
      (ids.length === 0 || ids.includes(attachment.transitGatewayAttachmentId)) &&
      attachment.state !== 'deleted' &&
      matchesFilters(
        filters,
        {
          'transit-gateway-attachment-id': attachment.transitGatewayAttachmentId,
          'transit-gateway-id': attachment.transitGatewayId,
          'transit-gateway-owner-id': attachment.transitGatewayOwnerId,
          'resource-owner-id': attachment.resourceOwnerId,
          'resource-type': attachment.resourceType,
          'resource-id': attachment.resourceId,
          state: attachment.state,
          'association.state': associatedRouteTable(
            regionState(ctx, attachment.transitGatewayOwnerId),
            attachment.transitGatewayAttachmentId,
          )
            ? 'associated'
            : undefined,
        },
        attachment.tags,
      ),
  );
  for (const id of ids) {
    if (
      !matching.some((attachment) => attachment.transitGatewayAttachmentId === id) &&
      !visibleAttachments(ctx).some((attachment) => attachment.transitGatewayAttachmentId === id)
    ) {
      throw new SandboxServiceError(
        'InvalidTransitGatewayAttachmentID.NotFound',
        `Transit Gateway Attachment ${id} was deleted or does not exist.`,
      );
    }
  }
  const page = ec2Page(
    input,
    matching,
    (attachment) => attachment.transitGatewayAttachmentId,
    'DescribeTransitGatewayAttachments',
  );
  return {
    transitGatewayAttachments: page.items.map((attachment) => attachmentWire(ctx, attachment)),
    nextToken: page.nextToken,
  };
};

/** Transit gateways and their attachments (all attachment types); VPC/VPN specifics live in their own modules. */
export const transitGatewayOperations: Record<string, OperationHandler> = {
  CreateTransitGateway: createTransitGateway,
  DescribeTransitGateways: describeTransitGateways,
  DescribeTransitGatewayAttachments: describeTransitGatewayAttachments,
};
