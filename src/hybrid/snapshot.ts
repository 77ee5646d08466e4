/**
 * What `hybrid status` reads from AWS, normalised (plain JSON, times as ISO strings) so that the pure
 * assessment can be tested over hand-written snapshots and `--output json` can print it as is.
 */
export interface HybridSnapshot {
  collectedAt: string;
  region: string;
  /** The account read (undefined: the caller's own). */
  accountId?: string;
  directConnect: {
    connections: DxConnectionInfo[];
    virtualInterfaces: DxVirtualInterfaceInfo[];
    gateways: DxGatewayInfo[];
    associations: DxGatewayAssociationInfo[];
    /** Failover tests of interfaces that are being tested (read only for those). */
    tests: DxFailoverTestInfo[];
  };
  vpn: {
    connections: VpnConnectionInfo[];
    customerGateways: CustomerGatewayInfo[];
  };
  transitGateways: TransitGatewayInfo[];
  attachments: TgwAttachmentInfo[];
  routeTables: TgwRouteTableInfo[];
  dns: {
    endpoints: ResolverEndpointInfo[];
    rules: ResolverRuleInfo[];
    ruleAssociations: ResolverRuleAssociationInfo[];
    /** Subnet id -> availability zone, for the endpoints' IP addresses; missing when it could not be read. */
    subnetZones?: Record<string, string>;
  };
  collection: CollectionStats;
}

export interface CollectionStats {
  /** Sequential rounds of API calls (a call that needs another call's answer starts a new round). */
  rounds: number;
  /** API calls made, retries not counted. */
  calls: number;
  durationMs: number;
  /** Reads that failed without making the snapshot useless (e.g. no permission for Route 53 Resolver). */
  warnings: string[];
}

export interface DxConnectionInfo {
  id: string;
  name: string;
  state: string;
  bandwidth?: string;
  location?: string;
}

export interface DxBgpPeerInfo {
  id: string;
  status: 'up' | 'down' | 'unknown';
  state?: string;
}

export interface DxVirtualInterfaceInfo {
  id: string;
  name: string;
  type: string;
  state: string;
  connectionId: string;
  directConnectGatewayId?: string;
  virtualGatewayId?: string;
  bgpPeers: DxBgpPeerInfo[];
}

export interface DxGatewayInfo {
  id: string;
  name: string;
  state: string;
  amazonSideAsn?: number;
}

export interface DxGatewayAssociationInfo {
  id: string;
  directConnectGatewayId: string;
  associatedGatewayId: string;
  associatedGatewayType?: string;
  state: string;
  allowedPrefixes: string[];
}

export interface DxFailoverTestInfo {
  testId: string;
  virtualInterfaceId: string;
  status: string;
  startTime?: string;
  endTime?: string;
  durationMinutes?: number;
  bgpPeers: string[];
}

export interface VpnTunnelInfo {
  outsideIp: string;
  status: 'UP' | 'DOWN';
  statusMessage?: string;
  lastStatusChange?: string;
  acceptedRoutes: number;
}

export interface VpnConnectionInfo {
  id: string;
  name?: string;
  state: string;
  transitGatewayId?: string;
  vpnGatewayId?: string;
  customerGatewayId?: string;
  staticRoutesOnly: boolean;
  tunnels: VpnTunnelInfo[];
}

export interface CustomerGatewayInfo {
  id: string;
  name?: string;
  ipAddress?: string;
  bgpAsn?: string;
  state: string;
}

export interface TransitGatewayInfo {
  id: string;
  name?: string;
  state: string;
  ownerId?: string;
  vpnEcmpSupport: boolean;
}

export type AttachmentResourceType =
  'vpc' | 'vpn' | 'direct-connect-gateway' | 'connect' | 'peering' | 'tgw-peering' | string;

export interface TgwAttachmentInfo {
  id: string;
  transitGatewayId: string;
  resourceType: AttachmentResourceType;
  resourceId: string;
  resourceOwnerId?: string;
  state: string;
  name?: string;
  /** The route table the attachment is associated with (where its traffic is looked up). */
  routeTableId?: string;
}

export interface TgwRouteAttachmentRef {
  attachmentId: string;
  resourceType: AttachmentResourceType;
  resourceId: string;
}

export interface TgwRouteInfo {
  cidr: string;
  type: 'static' | 'propagated';
  state: 'active' | 'blackhole' | string;
  attachments: TgwRouteAttachmentRef[];
  /** BGP attributes, when known (AWS does not return them; hand-written snapshots may). */
  asPathLength?: number;
  med?: number;
}

export interface TgwRouteTableInfo {
  id: string;
  transitGatewayId: string;
  name?: string;
  /** Attachment ids whose routes propagate into this table. */
  propagations: string[];
  routes: TgwRouteInfo[];
}

export interface ResolverIpInfo {
  ip: string;
  subnetId: string;
  status: string;
}

export interface ResolverEndpointInfo {
  id: string;
  name?: string;
  direction: 'INBOUND' | 'OUTBOUND' | string;
  status: string;
  statusMessage?: string;
  vpcId?: string;
  ipAddresses: ResolverIpInfo[];
}

export interface ResolverRuleInfo {
  id: string;
  name?: string;
  domainName: string;
  ruleType: string;
  status: string;
  endpointId?: string;
  targets: Array<{ ip: string; port?: number }>;
}

export interface ResolverRuleAssociationInfo {
  id: string;
  ruleId: string;
  vpcId: string;
  status: string;
}
