import { randomHex, uniqueId } from '../../ids.js';
import { serviceState } from '../../state.js';
import type { SandboxState } from '../../state.js';
import type { HandlerContext } from '../../types.js';

/**
 * The EC2 slice of the sandbox state: one Ec2RegionState per account and region. Entities keep
 * awsarch-neutral field names; each operation module renders AWS's wire names (see the SDK's
 * node_modules/@aws-sdk/client-ec2/dist-es/schemas/schemas_0.js for the xmlName of every member).
 */
export interface Ec2State {
  accounts: Record<string, Record<string, Ec2RegionState>>;
}

export interface Tag {
  key: string;
  value: string;
}

export interface Vpc {
  vpcId: string;
  cidrBlock: string;
  state: 'pending' | 'available';
  isDefault: boolean;
  createdAt: number;
  tags: Tag[];
}

export interface Subnet {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  state: 'pending' | 'available';
  tags: Tag[];
}

export interface TransitGateway {
  transitGatewayId: string;
  ownerId: string;
  region: string;
  description?: string;
  state: 'pending' | 'available' | 'modifying' | 'deleting' | 'deleted';
  amazonSideAsn: number;
  autoAcceptSharedAttachments: 'enable' | 'disable';
  defaultRouteTableAssociation: 'enable' | 'disable';
  defaultRouteTablePropagation: 'enable' | 'disable';
  associationDefaultRouteTableId?: string;
  propagationDefaultRouteTableId?: string;
  vpnEcmpSupport: 'enable' | 'disable';
  dnsSupport: 'enable' | 'disable';
  createdAt: number;
  tags: Tag[];
}

export type TransitGatewayAttachmentResourceType =
  'vpc' | 'vpn' | 'direct-connect-gateway' | 'connect' | 'peering' | 'tgw-peering';

export interface TransitGatewayAttachment {
  transitGatewayAttachmentId: string;
  transitGatewayId: string;
  transitGatewayOwnerId: string;
  resourceOwnerId: string;
  resourceType: TransitGatewayAttachmentResourceType;
  resourceId: string;
  state:
    | 'initiating'
    | 'pendingAcceptance'
    | 'rollingBack'
    | 'pending'
    | 'available'
    | 'modifying'
    | 'deleting'
    | 'deleted'
    | 'failed'
    | 'rejected'
    | 'rejecting'
    | 'failing';
  /** For VPC attachments: the subnets used in each AZ. */
  subnetIds?: string[];
  createdAt: number;
  tags: Tag[];
}

export interface TransitGatewayRouteTable {
  transitGatewayRouteTableId: string;
  transitGatewayId: string;
  state: 'pending' | 'available' | 'deleting' | 'deleted';
  defaultAssociationRouteTable: boolean;
  defaultPropagationRouteTable: boolean;
  /** Attachment ids associated with this table (an attachment has at most one association). */
  associations: string[];
  /** Attachment ids whose routes propagate into this table. */
  propagations: string[];
  staticRoutes: TransitGatewayStaticRoute[];
  createdAt: number;
  tags: Tag[];
}

export interface TransitGatewayStaticRoute {
  destinationCidrBlock: string;
  /** undefined for a blackhole route. */
  transitGatewayAttachmentId?: string;
  blackhole: boolean;
}

export interface Ec2RegionState {
  vpcs: Record<string, Vpc>;
  subnets: Record<string, Subnet>;
  transitGateways: Record<string, TransitGateway>;
  /** Stored with the transit gateway's owner; the resource owner sees them too. */
  transitGatewayAttachments: Record<string, TransitGatewayAttachment>;
  transitGatewayRouteTables: Record<string, TransitGatewayRouteTable>;
  /** Room for further resource kinds (VPN connections, gateways, ...) owned by their modules. */
  [kind: string]: Record<string, unknown>;
}

function emptyRegion(): Ec2RegionState {
  return { vpcs: {}, subnets: {}, transitGateways: {}, transitGatewayAttachments: {}, transitGatewayRouteTables: {} };
}

export function ec2State(ctx: Pick<HandlerContext, 'state'>): Ec2State {
  return serviceState<Ec2State>(ctx.state, 'ec2', () => ({ accounts: {} }));
}

/** The caller's (or another account's) state in the request's region, created on first use. */
export function regionState(
  ctx: Pick<HandlerContext, 'state' | 'caller' | 'region'>,
  accountId = ctx.caller.accountId,
  region = ctx.region,
): Ec2RegionState {
  return regionStateOf(ctx.state, accountId, region);
}

/** An account's EC2 state in a region, created on first use (for seeds, which have no caller). */
export function regionStateOf(state: SandboxState, accountId: string, region: string): Ec2RegionState {
  const regions = (ec2State({ state }).accounts[accountId] ??= {});
  return (regions[region] ??= emptyRegion());
}

/** Every account's state in one region, for resources visible across accounts (shared transit gateways). */
export function allRegionStates(
  ctx: Pick<HandlerContext, 'state' | 'region'>,
  region = ctx.region,
): Array<{ accountId: string; regionState: Ec2RegionState }> {
  return Object.entries(ec2State(ctx).accounts).flatMap(([accountId, regions]) =>
    regions[region] ? [{ accountId, regionState: regions[region] }] : [],
  );
}

/** An EC2 resource id: prefix + 17 hex digits, unique across the whole sandbox. */
export function newEc2Id(ctx: Pick<HandlerContext, 'state'>, prefix: string): string {
  const state = ec2State(ctx) as Ec2State & { usedIds?: Record<string, true> };
  const used = (state.usedIds ??= {});
  const id = uniqueId(
    () => `${prefix}-${randomHex(17)}`,
    (candidate) => candidate in used,
  );
  used[id] = true;
  return id;
}
