import { randomUUID } from 'node:crypto';
import { randomHex, randomLowercaseAlphanumeric } from '../ids.js';
import {
  directConnectAccount,
  newDirectConnectId,
  type AnnouncedPrefix,
  type DxConnection,
  type DxGateway,
  type DxVirtualInterface,
} from '../services/directconnect/model.js';
import {
  newEc2Id,
  type Ec2RegionState,
  type Subnet,
  type Tag,
  type TransitGateway,
  type Vpc,
} from '../services/ec2/model.js';
import { addAttachment } from '../services/ec2/transit-gateways.js';
import {
  customerGatewaysOf,
  vpnConnectionsOf,
  type CustomerGateway,
  type VpnAnnouncedPrefix,
  type VpnConnection,
} from '../services/ec2/vpn-model.js';
import {
  newResolverId,
  resolverRegionOf,
  type ResolverEndpoint,
  type ResolverRule,
} from '../services/route53resolver/model.js';
import type { SandboxState } from '../state.js';

/** Where the hybrid seed builds: the network account's region state and the shared transit gateway. */
export interface HybridSite {
  state: SandboxState;
  accountId: string;
  region: string;
  ec2: Ec2RegionState;
  transitGateway: TransitGateway;
  now: number;
}

const nameTag = (name: string): Tag[] => [{ key: 'Name', value: name }];
const named = (tags: readonly Tag[], name: string) => tags.some((tag) => tag.key === 'Name' && tag.value === name);

/** A VPC with one subnet per availability zone, attached to the transit gateway (default association and propagation). */
export function ensureHubVpc(
  site: HybridSite,
  name: string,
  cidrBlock: string,
  subnets: Array<{ cidrBlock: string; zone: string }>,
): { vpc: Vpc; subnets: Subnet[]; created: boolean } {
  const existing = Object.values(site.ec2.vpcs).find((vpc) => named(vpc.tags, name));
  if (existing)
    return {
      vpc: existing,
      subnets: Object.values(site.ec2.subnets).filter((subnet) => subnet.vpcId === existing.vpcId),
      created: false,
    };
  const vpc: Vpc = {
    vpcId: newEc2Id(site, 'vpc'),
    cidrBlock,
    state: 'available',
    isDefault: false,
    createdAt: site.now,
    tags: nameTag(name),
  };
  site.ec2.vpcs[vpc.vpcId] = vpc;
  const created = subnets.map(({ cidrBlock: subnetCidr, zone }) => {
    const subnet: Subnet = {
      subnetId: newEc2Id(site, 'subnet'),
      vpcId: vpc.vpcId,
      cidrBlock: subnetCidr,
      availabilityZone: `${site.region}${zone}`,
      state: 'available',
      tags: nameTag(`${name}-${zone}`),
    };
    site.ec2.subnets[subnet.subnetId] = subnet;
    return subnet;
  });
  addAttachment(site.ec2, site.transitGateway, {
    transitGatewayAttachmentId: newEc2Id(site, 'tgw-attach'),
    transitGatewayId: site.transitGateway.transitGatewayId,
    transitGatewayOwnerId: site.transitGateway.ownerId,
    resourceOwnerId: site.accountId,
    resourceType: 'vpc',
    resourceId: vpc.vpcId,
    state: 'available',
    subnetIds: created.map((subnet) => subnet.subnetId),
    createdAt: site.now,
    tags: nameTag(name),
  });
  return { vpc, subnets: created, created: true };
}

export function ensureConnection(
  site: HybridSite,
  name: string,
  location: string,
  bandwidth: string,
): { connection: DxConnection; created: boolean } {
  const account = directConnectAccount(site.state, site.accountId);
  const existing = Object.values(account.connections).find(
    (connection) => connection.connectionName === name && connection.region === site.region,
  );
  if (existing) return { connection: existing, created: false };
  const connection: DxConnection = {
    connectionId: newDirectConnectId('dxcon', (id) => id in account.connections),
    connectionName: name,
    ownerAccount: site.accountId,
    region: site.region,
    location,
    bandwidth,
    vlan: 0,
    connectionState: 'available',
    awsDeviceV2: `${location}-${randomLowercaseAlphanumeric(12)}`,
    createdAt: site.now,
    tags: [],
  };
  account.connections[connection.connectionId] = connection;
  return { connection, created: true };
}

export function ensureDirectConnectGateway(
  site: HybridSite,
  name: string,
  amazonSideAsn: number,
): { gateway: DxGateway; created: boolean } {
  const account = directConnectAccount(site.state, site.accountId);
  const existing = Object.values(account.gateways).find((gateway) => gateway.directConnectGatewayName === name);
  if (existing) return { gateway: existing, created: false };
  const gateway: DxGateway = {
    directConnectGatewayId: randomUUID(),
    directConnectGatewayName: name,
    amazonSideAsn,
    ownerAccount: site.accountId,
    directConnectGatewayState: 'available',
  };
  account.gateways[gateway.directConnectGatewayId] = gateway;
  return { gateway, created: true };
}

export interface TransitVifSpec {
  name: string;
  connection: DxConnection;
  gateway: DxGateway;
  vlan: number;
  customerAsn: number;
  peerAddresses: [amazon: string, customer: string];
  announcedPrefixes: AnnouncedPrefix[];
}

export function ensureTransitVif(
  site: HybridSite,
  spec: TransitVifSpec,
): { vif: DxVirtualInterface; created: boolean } {
  const account = directConnectAccount(site.state, site.accountId);
  const existing = Object.values(account.virtualInterfaces).find(
    (vif) => vif.virtualInterfaceName === spec.name && vif.region === site.region,
  );
  if (existing) return { vif: existing, created: false };
  const vif: DxVirtualInterface = {
    virtualInterfaceId: newDirectConnectId('dxvif', (id) => id in account.virtualInterfaces),
    virtualInterfaceName: spec.name,
    virtualInterfaceType: 'transit',
    ownerAccount: site.accountId,
    connectionId: spec.connection.connectionId,
    region: site.region,
    location: spec.connection.location,
    vlan: spec.vlan,
    asn: spec.customerAsn,
    amazonSideAsn: spec.gateway.amazonSideAsn,
    mtu: 8500,
    virtualInterfaceState: 'available',
    directConnectGatewayId: spec.gateway.directConnectGatewayId,
    bgpPeers: [
      {
        bgpPeerId: newDirectConnectId('dxpeer', () => false),
        asn: spec.customerAsn,
        addressFamily: 'ipv4',
        amazonAddress: spec.peerAddresses[0],
        customerAddress: spec.peerAddresses[1],
        bgpPeerState: 'available',
        bgpStatus: 'up',
      },
    ],
    announcedPrefixes: spec.announcedPrefixes,
    tags: [],
  };
  account.virtualInterfaces[vif.virtualInterfaceId] = vif;
  return { vif, created: true };
}

/** Associates the Direct Connect gateway with the transit gateway: an association and a direct-connect-gateway attachment. */
export function ensureGatewayAssociation(
  site: HybridSite,
  gateway: DxGateway,
  allowedPrefixes: string[],
): { created: boolean } {
  const account = directConnectAccount(site.state, site.accountId);
  const existing = Object.values(account.associations).find(
    (association) =>
      association.directConnectGatewayId === gateway.directConnectGatewayId &&
      association.associatedGateway.id === site.transitGateway.transitGatewayId,
  );
  if (existing) return { created: false };
  const associationId = randomUUID();
  account.associations[associationId] = {
    associationId,
    directConnectGatewayId: gateway.directConnectGatewayId,
    directConnectGatewayOwnerAccount: site.accountId,
    associationState: 'associated',
    associatedGateway: {
      id: site.transitGateway.transitGatewayId,
      type: 'transitGateway',
      ownerAccount: site.transitGateway.ownerId,
      region: site.region,
    },
    allowedPrefixesToDirectConnectGateway: allowedPrefixes,
  };
  addAttachment(site.ec2, site.transitGateway, {
    transitGatewayAttachmentId: newEc2Id(site, 'tgw-attach'),
    transitGatewayId: site.transitGateway.transitGatewayId,
    transitGatewayOwnerId: site.transitGateway.ownerId,
    resourceOwnerId: site.accountId,
    resourceType: 'direct-connect-gateway',
    resourceId: gateway.directConnectGatewayId,
    state: 'available',
    createdAt: site.now,
    tags: nameTag(gateway.directConnectGatewayName),
  });
  return { created: true };
}

export function ensureCustomerGateway(
  site: HybridSite,
  name: string,
  bgpAsn: number,
  ipAddress: string,
): { gateway: CustomerGateway; created: boolean } {
  const gateways = customerGatewaysOf(site.ec2);
  const existing = Object.values(gateways).find((gateway) => named(gateway.tags, name));
  if (existing) return { gateway: existing, created: false };
  const gateway: CustomerGateway = {
    customerGatewayId: newEc2Id(site, 'cgw'),
    bgpAsn,
    ipAddress,
    type: 'ipsec.1',
    state: 'available',
    deviceName: name,
    tags: nameTag(name),
  };
  gateways[gateway.customerGatewayId] = gateway;
  return { gateway, created: true };
}

/** A BGP VPN on the transit gateway with two tunnels UP, and its vpn attachment. */
export function ensureTransitGatewayVpn(
  site: HybridSite,
  name: string,
  customerGateway: CustomerGateway,
  announcedPrefixes: VpnAnnouncedPrefix[],
): { vpn: VpnConnection; created: boolean } {
  const connections = vpnConnectionsOf(site.ec2);
  const existing = Object.values(connections).find((vpn) => named(vpn.tags, name) && vpn.state !== 'deleted');
  if (existing) return { vpn: existing, created: false };
  const publicIp = () =>
    `52.${20 + (Number.parseInt(randomHex(2), 16) % 200)}.${Number.parseInt(randomHex(2), 16)}.${1 + (Number.parseInt(randomHex(2), 16) % 250)}`;
  const vpn: VpnConnection = {
    vpnConnectionId: newEc2Id(site, 'vpn'),
    customerGatewayId: customerGateway.customerGatewayId,
    type: 'ipsec.1',
    state: 'available',
    transitGatewayId: site.transitGateway.transitGatewayId,
    staticRoutesOnly: false,
    staticRoutes: [],
    tunnels: [
      { outsideIpAddress: publicIp(), status: 'UP', lastStatusChange: site.now },
      { outsideIpAddress: publicIp(), status: 'UP', lastStatusChange: site.now },
    ],
    announcedPrefixes,
    createdAt: site.now,
    tags: nameTag(name),
  };
  connections[vpn.vpnConnectionId] = vpn;
  addAttachment(site.ec2, site.transitGateway, {
    transitGatewayAttachmentId: newEc2Id(site, 'tgw-attach'),
    transitGatewayId: site.transitGateway.transitGatewayId,
    transitGatewayOwnerId: site.transitGateway.ownerId,
    resourceOwnerId: site.accountId,
    resourceType: 'vpn',
    resourceId: vpn.vpnConnectionId,
    state: 'available',
    createdAt: site.now,
    tags: nameTag(name),
  });
  return { vpn, created: true };
}

/** A Resolver endpoint with one IP address in each given subnet. */
export function ensureResolverEndpoint(
  site: HybridSite,
  name: string,
  direction: 'INBOUND' | 'OUTBOUND',
  vpc: Vpc,
  ips: Array<{ subnet: Subnet; ip: string }>,
): { endpoint: ResolverEndpoint; created: boolean } {
  const resolver = resolverRegionOf(site.state, site.accountId, site.region);
  const existing = Object.values(resolver.endpoints).find((endpoint) => endpoint.name === name);
  if (existing) return { endpoint: existing, created: false };
  const endpoint: ResolverEndpoint = {
    id: newResolverId(direction === 'INBOUND' ? 'rslvr-in' : 'rslvr-out', (id) => id in resolver.endpoints),
    creatorRequestId: `awsarch-seed-${name}`,
    name,
    securityGroupIds: [`sg-${randomHex(17)}`],
    direction,
    hostVpcId: vpc.vpcId,
    status: 'OPERATIONAL',
    statusMessage: 'This Resolver Endpoint is operational.',
    ipAddresses: ips.map(({ subnet, ip }) => ({
      ipId: newResolverId('rni', () => false),
      subnetId: subnet.subnetId,
      ip,
      status: 'ATTACHED',
      statusMessage: 'This IP address is operational.',
      createdAt: site.now,
      modifiedAt: site.now,
    })),
    createdAt: site.now,
    modifiedAt: site.now,
  };
  resolver.endpoints[endpoint.id] = endpoint;
  return { endpoint, created: true };
}

/** A FORWARD rule for a domain to on-premises DNS servers, associated with a VPC. */
export function ensureForwardingRule(
  site: HybridSite,
  name: string,
  domainName: string,
  outbound: ResolverEndpoint,
  targets: string[],
  vpc: Vpc,
): { rule: ResolverRule; created: boolean } {
  const resolver = resolverRegionOf(site.state, site.accountId, site.region);
  const existing = Object.values(resolver.rules).find((rule) => rule.name === name);
  if (existing) return { rule: existing, created: false };
  const rule: ResolverRule = {
    id: newResolverId('rslvr-rr', (id) => id in resolver.rules),
    creatorRequestId: `awsarch-seed-${name}`,
    domainName,
    status: 'COMPLETE',
    statusMessage: '[Trace id: awsarch-sandbox] Successfully created Resolver Rule.',
    ruleType: 'FORWARD',
    name,
    targetIps: targets.map((ip) => ({ ip, port: 53 })),
    resolverEndpointId: outbound.id,
    ownerId: site.accountId,
    createdAt: site.now,
    modifiedAt: site.now,
  };
  resolver.rules[rule.id] = rule;
  const associationId = newResolverId('rslvr-rrassoc', (id) => id in resolver.associations);
  resolver.associations[associationId] = {
    id: associationId,
    resolverRuleId: rule.id,
    name: `${name}-${vpc.vpcId}`,
    vpcId: vpc.vpcId,
    status: 'COMPLETE',
    statusMessage: '',
  };
  return { rule, created: true };
}
