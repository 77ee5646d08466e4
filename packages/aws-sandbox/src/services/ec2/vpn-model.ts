import type { Ec2RegionState, Tag } from './model.js';

/**
 * Site-to-Site VPN resources, kept in the account's Ec2RegionState under their own kinds
 * (vpnConnections, customerGateways, vpnGateways). A tunnel's status is stored (a fault changes it);
 * what it reports (accepted routes, status message) and what the VPN propagates into a transit
 * gateway are derived from it.
 */
export interface VpnTunnel {
  outsideIpAddress: string;
  status: 'UP' | 'DOWN';
  lastStatusChange: number;
}

/** A prefix the customer gateway announces over the VPN's BGP sessions. */
export interface VpnAnnouncedPrefix {
  cidr: string;
  /** AS_PATH length as AWS sees it (customers prepend on the VPN to make it the backup). */
  asPathLength: number;
  med?: number;
}

export interface VpnConnection {
  vpnConnectionId: string;
  customerGatewayId: string;
  type: 'ipsec.1';
  state: 'pending' | 'available' | 'deleting' | 'deleted';
  transitGatewayId?: string;
  vpnGatewayId?: string;
  staticRoutesOnly: boolean;
  /** Static routes of a static VPN (VPN attached to a virtual private gateway). */
  staticRoutes: string[];
  tunnels: VpnTunnel[];
  announcedPrefixes: VpnAnnouncedPrefix[];
  createdAt: number;
  tags: Tag[];
}

export interface CustomerGateway {
  customerGatewayId: string;
  bgpAsn: number;
  ipAddress: string;
  type: 'ipsec.1';
  state: 'pending' | 'available' | 'deleting' | 'deleted';
  deviceName?: string;
  tags: Tag[];
}

export interface VpnGateway {
  vpnGatewayId: string;
  type: 'ipsec.1';
  state: 'pending' | 'available' | 'deleting' | 'deleted';
  amazonSideAsn: number;
  attachments: Array<{ vpcId: string; state: 'attaching' | 'attached' | 'detaching' | 'detached' }>;
  tags: Tag[];
}

/** A resource kind this module owns in the shared region state, created on first use. */
function resourceKind<T>(
  region: Ec2RegionState,
  kind: 'vpnConnections' | 'customerGateways' | 'vpnGateways',
): Record<string, T> {
  return (region[kind] ??= {}) as Record<string, T>;
}

export const vpnConnectionsOf = (region: Ec2RegionState) => resourceKind<VpnConnection>(region, 'vpnConnections');
export const customerGatewaysOf = (region: Ec2RegionState) => resourceKind<CustomerGateway>(region, 'customerGateways');
export const vpnGatewaysOf = (region: Ec2RegionState) => resourceKind<VpnGateway>(region, 'vpnGateways');

export function tunnelsUp(vpn: VpnConnection): number {
  return vpn.state === 'available' ? vpn.tunnels.filter((tunnel) => tunnel.status === 'UP').length : 0;
}

/**
 * The routes a BGP VPN has learned from the customer gateway: its announced prefixes while at least
 * one tunnel is UP, none otherwise. A static VPN learns nothing over BGP.
 */
export function vpnLearnedPrefixes(vpn: VpnConnection): VpnAnnouncedPrefix[] {
  if (vpn.staticRoutesOnly || tunnelsUp(vpn) === 0) return [];
  return vpn.announcedPrefixes;
}

/** VgwTelemetry of one tunnel as DescribeVpnConnections reports it. */
export function tunnelTelemetry(vpn: VpnConnection, tunnel: VpnTunnel) {
  const up = vpn.state === 'available' && tunnel.status === 'UP';
  const accepted = up ? (vpn.staticRoutesOnly ? vpn.staticRoutes.length : vpn.announcedPrefixes.length) : 0;
  return {
    acceptedRouteCount: accepted,
    lastStatusChange: new Date(tunnel.lastStatusChange),
    outsideIpAddress: tunnel.outsideIpAddress,
    status: up ? 'UP' : 'DOWN',
    statusMessage: up ? (vpn.staticRoutesOnly ? '' : `${accepted} BGP ROUTES`) : 'IPSEC IS DOWN',
  };
}
