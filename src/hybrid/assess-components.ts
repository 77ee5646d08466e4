import { clockTime, type BackupReadiness, type ComponentHealth, type Finding, type Health } from './assessment.js';
import type { DxVirtualInterfaceInfo } from './snapshot.js';
import { named, tunnelsUp, vifBgpUp, vpnAcceptedRoutes, type HybridTopology } from './topology.js';
import { FINDING } from './finding-codes.js';

/** Direct Connect's state as the path findings need it. */
export interface DxSummary {
  configured: DxVirtualInterfaceInfo[];
  up: DxVirtualInterfaceInfo[];
  down: DxVirtualInterfaceInfo[];
  /** When each down interface was first seen down (a failover test's start, or --watch's own observation). */
  downSince: Record<string, string | undefined>;
}

export interface ComponentAssessment {
  components: ComponentHealth[];
  findings: Finding[];
  dx: DxSummary;
  backup: BackupReadiness;
}

const since = (iso: string | undefined) => (clockTime(iso) ? ` since ${clockTime(iso)}` : '');

function vifHealth(vif: DxVirtualInterfaceInfo): { health: Health; detail: string } {
  const up = vif.bgpPeers.filter((peer) => peer.status === 'up').length;
  if (vif.state === 'testing') return { health: 'down', detail: 'failover test: BGP down' };
  if (vif.state !== 'available') return { health: 'down', detail: `${vif.state}, BGP down` };
  if (up === 0) return { health: 'down', detail: 'BGP down' };
  if (up < vif.bgpPeers.length)
    return { health: 'degraded', detail: `BGP up on ${up} of ${vif.bgpPeers.length} sessions` };
  return { health: 'healthy', detail: 'BGP up' };
}

function assessDirectConnect(
  topology: HybridTopology,
  observedDownSince: Record<string, string>,
  out: ComponentAssessment,
): void {
  const { snapshot } = topology;
  for (const connection of snapshot.directConnect.connections) {
    const up = connection.state === 'available';
    out.components.push({
      id: connection.id,
      kind: 'dx-connection',
      name: connection.name,
      health: up ? 'healthy' : 'down',
      detail: [connection.bandwidth, connection.location && `at ${connection.location}`, connection.state]
        .filter(Boolean)
        .join(' '),
    });
    if (!up) {
      const vifs = snapshot.directConnect.virtualInterfaces.filter((vif) => vif.connectionId === connection.id);
      out.findings.push({
        code: FINDING.DX_CONNECTION_DOWN,
        severity: 'warning',
        subject: connection.id,
        text: `Direct Connect connection ${named(connection.id, connection.name)}${connection.location ? ` at ${connection.location}` : ''} is ${connection.state}${vifs.length ? `: ${vifs.map((vif) => vif.id).join(', ')} cannot carry traffic` : ''}`,
      });
    }
  }
  for (const vif of snapshot.directConnect.virtualInterfaces) {
    const { health, detail } = vifHealth(vif);
    out.components.push({ id: vif.id, kind: 'dx-vif', name: vif.name, health, detail, parentId: vif.connectionId });
  }
  const up = topology.dxVifs.filter(vifBgpUp);
  const down = topology.dxVifs.filter((vif) => !vifBgpUp(vif));
  const downSince: Record<string, string | undefined> = {};
  for (const vif of down) {
    const test = snapshot.directConnect.tests.find((candidate) => candidate.virtualInterfaceId === vif.id);
    downSince[vif.id] = test?.startTime ?? observedDownSince[vif.id];
    if (test) {
      // A deliberate outage, but an outage: redundancy is reduced while it runs.
      out.findings.push({
        code: FINDING.DX_FAILOVER_TEST,
        severity: 'warning',
        subject: vif.id,
        text: `a BGP failover test holds BGP down on ${named(vif.id, vif.name)}${since(test.startTime)}; AWS restores it${clockTime(test.endTime) ? ` at ${clockTime(test.endTime)}` : ' when the test ends'} (test ${test.testId})`,
      });
      continue;
    }
    const connection = snapshot.directConnect.connections.find((candidate) => candidate.id === vif.connectionId);
    if (connection && connection.state !== 'available') continue;
    const redundancy =
      up.length > 0
        ? `: Direct Connect has lost redundancy (BGP up on ${up.length} of ${topology.dxVifs.length} interfaces)`
        : '';
    out.findings.push({
      code: FINDING.DX_BGP_DOWN,
      severity: 'warning',
      subject: vif.id,
      text: `BGP on ${named(vif.id, vif.name)} is down${since(downSince[vif.id])}${redundancy}`,
    });
  }
  for (const gateway of topology.dxGateways) {
    const associations = snapshot.directConnect.associations.filter(
      (association) => association.directConnectGatewayId === gateway.id,
    );
    const associated = associations.some((association) => association.state === 'associated');
    const vifsUp = up.filter((vif) => vif.directConnectGatewayId === gateway.id).length;
    const vifCount = topology.dxVifs.filter((vif) => vif.directConnectGatewayId === gateway.id).length;
    const health: Health = !associated || vifsUp === 0 ? 'down' : vifsUp < vifCount ? 'degraded' : 'healthy';
    out.components.push({
      id: gateway.id,
      kind: 'dx-gateway',
      name: gateway.name,
      health,
      detail: `${associated ? 'associated' : 'not associated'}, BGP up on ${vifsUp} of ${vifCount} VIFs`,
    });
    if (!associated && associations.length > 0) {
      out.findings.push({
        code: FINDING.DX_ASSOCIATION,
        severity: 'critical',
        subject: gateway.id,
        text: `Direct Connect gateway ${named(gateway.id, gateway.name)} is ${associations[0]?.state ?? 'not associated'} with the transit gateway`,
      });
    }
  }
  if (topology.transitGateways.length > 0 && topology.dxAttachments.length === 0) {
    out.findings.push({
      code: FINDING.NO_DIRECT_CONNECT,
      severity: 'info',
      subject: topology.transitGateways[0]?.id ?? '',
      text: 'no Direct Connect gateway is attached to the transit gateway: on-premises traffic has only the VPN',
    });
  }
  out.dx = { configured: topology.dxVifs, up, down, downSince };
}

function assessVpn(topology: HybridTopology, out: ComponentAssessment): void {
  const { snapshot } = topology;
  for (const gateway of snapshot.vpn.customerGateways) {
    out.components.push({
      id: gateway.id,
      kind: 'customer-gateway',
      name: gateway.name ?? gateway.id,
      health: gateway.state === 'available' ? 'healthy' : 'down',
      detail: [gateway.ipAddress, gateway.bgpAsn && `AS ${gateway.bgpAsn}`].filter(Boolean).join(', '),
    });
  }
  const reasons: string[] = [];
  const ready: string[] = [];
  for (const vpn of snapshot.vpn.connections) {
    const upCount = tunnelsUp(vpn);
    const routes = vpnAcceptedRoutes(vpn);
    const onPath = topology.vpns.includes(vpn);
    const health: Health =
      upCount === 0
        ? 'down'
        : upCount < vpn.tunnels.length || (!vpn.staticRoutesOnly && routes === 0)
          ? 'degraded'
          : 'healthy';
    const routing = vpn.staticRoutesOnly ? 'static routing' : `${routes} BGP route${routes === 1 ? '' : 's'}`;
    out.components.push({
      id: vpn.id,
      kind: 'vpn',
      name: vpn.name ?? vpn.id,
      health,
      detail: `${upCount} of ${vpn.tunnels.length} tunnels UP, ${routing}${onPath ? '' : `, on ${vpn.vpnGatewayId ?? 'no transit gateway'}`}`,
    });
    vpn.tunnels.forEach((tunnel, index) => {
      out.components.push({
        id: `${vpn.id}#${index + 1}`,
        kind: 'vpn-tunnel',
        name: `tunnel ${index + 1} ${tunnel.outsideIp}`,
        health: tunnel.status === 'UP' ? 'healthy' : 'down',
        detail: `${tunnel.status}${tunnel.statusMessage ? ` (${tunnel.statusMessage})` : ''}`,
        parentId: vpn.id,
      });
    });
    if (!onPath) continue;
    const label = named(vpn.id, vpn.name);
    if (upCount === 0) {
      const changed = vpn.tunnels
        .map((tunnel) => tunnel.lastStatusChange)
        .filter(Boolean)
        .sort()
        .at(-1);
      out.findings.push({
        code: FINDING.VPN_DOWN,
        severity: 'warning',
        subject: vpn.id,
        text: `VPN ${label} is down (no tunnel UP${since(changed)}): there is no backup path`,
        fix: 'check the customer gateway: IKE/IPsec with both tunnel endpoints, then BGP (the VPN tunnel logs in CloudWatch Logs say which failed)',
      });
      reasons.push(`VPN ${label} has no tunnel UP`);
      continue;
    }
    vpn.tunnels.forEach((tunnel, index) => {
      if (tunnel.status === 'UP') return;
      out.findings.push({
        code: FINDING.VPN_TUNNEL_DOWN,
        severity: 'warning',
        subject: `${vpn.id}#${index + 1}`,
        text: `VPN tunnel ${index + 1} (${tunnel.outsideIp}) of ${label} is down${since(tunnel.lastStatusChange)}: the backup has no redundancy`,
      });
    });
    if (!vpn.staticRoutesOnly && routes === 0) {
      out.findings.push({
        code: FINDING.VPN_NO_ROUTES,
        severity: 'warning',
        subject: vpn.id,
        text: `VPN ${label} is up but has learned no routes from the customer gateway: it cannot carry traffic`,
      });
      reasons.push(`VPN ${label} has learned no routes over BGP`);
      continue;
    }
    const attachment = topology.vpnAttachments.find((candidate) => candidate.resourceId === vpn.id);
    const missing = topology.routeTables.filter((table) => !attachment || !table.propagations.includes(attachment.id));
    for (const table of missing) {
      out.findings.push({
        code: FINDING.VPN_NOT_PROPAGATED,
        severity: 'warning',
        subject: vpn.id,
        text: `VPN ${label} does not propagate its routes into ${named(table.id, table.name)}: the VPCs using that table would not fail over to it`,
      });
    }
    if (missing.length > 0) {
      reasons.push(`VPN ${label} does not propagate into ${missing.map((table) => table.id).join(', ')}`);
      continue;
    }
    ready.push(vpn.id);
  }
  if (topology.vpns.length === 0) reasons.push('no VPN connection is attached to the transit gateway');
  if (topology.transitGateways.length > 0 && topology.dxAttachments.length > 0 && topology.vpns.length === 0) {
    out.findings.push({
      code: FINDING.NO_VPN,
      severity: 'info',
      subject: topology.transitGateways[0]?.id ?? '',
      text: 'no VPN is attached to the transit gateway as a backup for Direct Connect',
    });
  }
  out.backup = { ready: ready.length > 0, vpnIds: ready, reasons: ready.length > 0 ? [] : reasons };
}

function assessTransit(topology: HybridTopology, out: ComponentAssessment): void {
  for (const tgw of topology.transitGateways) {
    out.components.push({
      id: tgw.id,
      kind: 'transit-gateway',
      name: tgw.name ?? tgw.id,
      health: tgw.state === 'available' ? 'healthy' : 'down',
      detail: `${tgw.state}${tgw.vpnEcmpSupport ? ', VPN ECMP on' : ''}`,
    });
  }
  const vpcCidr = (attachmentId: string) =>
    topology.snapshot.routeTables
      .flatMap((table) => table.routes)
      .find(
        (route) =>
          route.type === 'propagated' &&
          route.attachments.some((attachment) => attachment.attachmentId === attachmentId),
      )?.cidr;
  for (const attachment of topology.vpcAttachments) {
    out.components.push({
      id: attachment.resourceId,
      kind: 'vpc',
      name: attachment.name ?? attachment.resourceId,
      health: attachment.state === 'available' ? 'healthy' : 'down',
      detail: [vpcCidr(attachment.id), attachment.resourceOwnerId && `account ${attachment.resourceOwnerId}`]
        .filter(Boolean)
        .join(', '),
      parentId: attachment.transitGatewayId,
    });
  }
}

/** Health of every Direct Connect, VPN and transit gateway component, with findings and the backup's readiness. */
export function assessComponents(
  topology: HybridTopology,
  observedDownSince: Record<string, string> = {},
): ComponentAssessment {
  const out: ComponentAssessment = {
    components: [],
    findings: [],
    dx: { configured: [], up: [], down: [], downSince: {} },
    backup: { ready: false, vpnIds: [], reasons: [] },
  };
  assessDirectConnect(topology, observedDownSince, out);
  assessVpn(topology, out);
  assessTransit(topology, out);
  return out;
}
