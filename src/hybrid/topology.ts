import type {
  DxGatewayInfo,
  DxVirtualInterfaceInfo,
  HybridSnapshot,
  TgwAttachmentInfo,
  TgwRouteTableInfo,
  TransitGatewayInfo,
  VpnConnectionInfo,
} from './snapshot.js';

/** The parts of a snapshot that make up the hybrid path, with the lookups the assessment needs. */
export interface HybridTopology {
  snapshot: HybridSnapshot;
  /** Transit gateways with a Direct Connect gateway or VPN attachment. */
  transitGateways: TransitGatewayInfo[];
  attachments: Map<string, TgwAttachmentInfo>;
  /** The route tables VPC traffic is looked up in (those with VPC attachments associated). */
  routeTables: TgwRouteTableInfo[];
  /** Direct Connect gateways attached to those transit gateways, and their virtual interfaces. */
  dxGateways: DxGatewayInfo[];
  dxVifs: DxVirtualInterfaceInfo[];
  /** VPN connections attached to those transit gateways (VPNs on virtual private gateways are not on this path). */
  vpns: VpnConnectionInfo[];
  dxAttachments: TgwAttachmentInfo[];
  vpnAttachments: TgwAttachmentInfo[];
  vpcAttachments: TgwAttachmentInfo[];
}

const HYBRID_TYPES = new Set(['direct-connect-gateway', 'vpn']);

export function hybridTopology(snapshot: HybridSnapshot): HybridTopology {
  const live = snapshot.attachments.filter(
    (attachment) => attachment.state !== 'deleted' && attachment.state !== 'deleting',
  );
  const hybridTgwIds = new Set(
    live
      .filter((attachment) => HYBRID_TYPES.has(attachment.resourceType))
      .map((attachment) => attachment.transitGatewayId),
  );
  const onHybrid = live.filter((attachment) => hybridTgwIds.has(attachment.transitGatewayId));
  const vpcAttachments = onHybrid.filter((attachment) => attachment.resourceType === 'vpc');
  const vpcTableIds = new Set(vpcAttachments.flatMap((attachment) => attachment.routeTableId ?? []));
  const tablesOfHybrid = snapshot.routeTables.filter((table) => hybridTgwIds.has(table.transitGatewayId));
  const routeTables =
    vpcTableIds.size > 0 ? tablesOfHybrid.filter((table) => vpcTableIds.has(table.id)) : tablesOfHybrid;
  const dxAttachments = onHybrid.filter((attachment) => attachment.resourceType === 'direct-connect-gateway');
  const dxGatewayIds = new Set([
    ...dxAttachments.map((attachment) => attachment.resourceId),
    ...snapshot.directConnect.associations
      .filter((association) => hybridTgwIds.has(association.associatedGatewayId))
      .map((association) => association.directConnectGatewayId),
  ]);
  const vpnAttachments = onHybrid.filter((attachment) => attachment.resourceType === 'vpn');
  const vpnIds = new Set(vpnAttachments.map((attachment) => attachment.resourceId));
  return {
    snapshot,
    transitGateways: snapshot.transitGateways.filter((tgw) => hybridTgwIds.has(tgw.id)),
    attachments: new Map(snapshot.attachments.map((attachment) => [attachment.id, attachment])),
    routeTables,
    dxGateways: snapshot.directConnect.gateways.filter((gateway) => dxGatewayIds.has(gateway.id)),
    dxVifs: snapshot.directConnect.virtualInterfaces.filter(
      (vif) => vif.directConnectGatewayId !== undefined && dxGatewayIds.has(vif.directConnectGatewayId),
    ),
    vpns: snapshot.vpn.connections.filter(
      (vpn) => vpnIds.has(vpn.id) || (vpn.transitGatewayId !== undefined && hybridTgwIds.has(vpn.transitGatewayId)),
    ),
    dxAttachments,
    vpnAttachments,
    vpcAttachments,
  };
}

/** BGP is up when the interface is available and one of its sessions is up. */
export function vifBgpUp(vif: DxVirtualInterfaceInfo): boolean {
  return vif.state === 'available' && vif.bgpPeers.some((peer) => peer.status === 'up');
}

export function tunnelsUp(vpn: VpnConnectionInfo): number {
  return vpn.state === 'available' ? vpn.tunnels.filter((tunnel) => tunnel.status === 'UP').length : 0;
}

/** Routes a VPN has learned over BGP (the largest count over its UP tunnels). */
export function vpnAcceptedRoutes(vpn: VpnConnectionInfo): number {
  return Math.max(0, ...vpn.tunnels.filter((tunnel) => tunnel.status === 'UP').map((tunnel) => tunnel.acceptedRoutes));
}

/** "name (id)" or just the id. */
export function named(id: string, name: string | undefined): string {
  return name && name !== id ? `${id} (${name})` : id;
}

/** How findings name what a route points to: "Direct Connect gateway corp-dxgw", "VPN vpn-0abc (corp-vpn-backup)". */
export function attachmentLabel(topology: HybridTopology, attachmentId: string): string {
  const attachment = topology.attachments.get(attachmentId);
  if (!attachment) return attachmentId;
  switch (attachment.resourceType) {
    case 'direct-connect-gateway': {
      const gateway = topology.snapshot.directConnect.gateways.find(
        (candidate) => candidate.id === attachment.resourceId,
      );
      return `Direct Connect gateway ${gateway?.name ?? attachment.name ?? attachment.resourceId}`;
    }
    case 'vpn': {
      const vpn = topology.snapshot.vpn.connections.find((candidate) => candidate.id === attachment.resourceId);
      return `VPN ${named(attachment.resourceId, vpn?.name ?? attachment.name)}`;
    }
    case 'vpc':
      return `VPC ${named(attachment.resourceId, attachment.name)}`;
    default:
      return `${attachment.resourceType} ${named(attachment.resourceId, attachment.name)}`;
  }
}
