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
  /** The network account's VPCs (their CIDRs, for the network lint). */
  vpcs: VpcInfo[];
  storageGateway: StorageGatewaySnapshot;
  /** Directory Service directories (AD Connectors and others). */
  directories: DirectoryInfo[];
  /** DNS in every account of the organization; undefined when not read (no organization, no access, --no-account-dns). */
  accountDns?: AccountDnsSnapshot;
  /** Services this Region does not offer (read as absent, said in one line each). */
  unavailableServices: string[];
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
  /** ipv4 or ipv6. */
  addressFamily?: string;
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
  /** The account that owns the rule (another account's when it is shared with this one). */
  ownerId?: string;
  /** NOT_SHARED | SHARED_BY_ME | SHARED_WITH_ME (AWS RAM). */
  shareStatus?: string;
}

export interface ResolverRuleAssociationInfo {
  id: string;
  ruleId: string;
  vpcId: string;
  status: string;
}

export interface VpcInfo {
  id: string;
  name?: string;
  /** The primary CIDR first, then the associated ones. */
  cidrs: string[];
}

export interface StorageGatewaySnapshot {
  gateways: StorageGatewayInfo[];
  fileShares: FileShareInfo[];
}

export interface StorageGatewayInfo {
  arn: string;
  id: string;
  name: string;
  /** FILE_S3, FILE_FSX_SMB, CACHED, STORED, VTL... */
  type: string;
  /** ListGateways: ACTIVE | DISABLED. */
  operationalState?: string;
  /** DescribeGatewayInformation: RUNNING | SHUTDOWN; undefined when the gateway could not be reached. */
  state?: string;
  /** False when AWS answered that the gateway is not connected (GatewayNotConnected). */
  connected: boolean;
  hostEnvironment?: string;
  softwareVersion?: string;
  /** When a software update is available (the gateway's local date); absent when none is pending. */
  nextUpdateAvailabilityDate?: string;
  softwareUpdatesEndDate?: string;
  deprecationDate?: string;
  cache?: { allocatedBytes: number; usedPercent: number; dirtyPercent: number; hitPercent?: number };
  uploadBuffer?: { allocatedBytes: number; usedBytes: number };
}

export interface FileShareInfo {
  arn: string;
  id: string;
  /** NFS or SMB. */
  type: string;
  /** CREATING | UPDATING | AVAILABLE | DELETING (others are reported as read). */
  status: string;
  gatewayArn: string;
  name?: string;
  /** The S3 bucket (or access point) the share stores in. */
  location?: string;
}

export interface DirectoryInfo {
  id: string;
  name: string;
  shortName?: string;
  /** ADConnector | MicrosoftAD | SimpleAD | SharedMicrosoftAD. */
  type: string;
  size?: string;
  /** Requested | Creating | Created | Active | Inoperable | Impaired | Restoring | RestoreFailed | Deleting | Deleted | Failed | Updating. */
  stage: string;
  stageReason?: string;
  /** For an AD Connector: the on-premises DNS servers (or domain controllers) it uses. */
  dnsIps: string[];
  vpcId?: string;
  subnetIds: string[];
  /** The AD Connector's own addresses in the VPC. */
  connectIps: string[];
}

export interface AccountDnsSnapshot {
  /** The organization's accounts whose DNS was checked (ACTIVE ones). */
  accounts: AccountDnsInfo[];
}

export interface AccountDnsInfo {
  id: string;
  name: string;
  /** The VPCs the account baseline placed (tagged awsarch:baseline). */
  vpcs: VpcInfo[];
  /** Resolver rules the account can use: its own and those shared with it. */
  rules: Array<Pick<ResolverRuleInfo, 'id' | 'domainName' | 'ruleType' | 'ownerId' | 'shareStatus'>>;
  ruleAssociations: ResolverRuleAssociationInfo[];
  /** Set when the account could not be read (no access role, denied); nothing else is known then. */
  error?: string;
}
