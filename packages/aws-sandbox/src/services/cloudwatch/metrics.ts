import type { SandboxState } from '../../state.js';
import { directConnectAccount, effectiveVirtualInterface, failoverTestEndTime } from '../directconnect/model.js';
import { regionStateOf } from '../ec2/model.js';
import { vpnConnectionsOf } from '../ec2/vpn-model.js';
import { resolverRegionOf } from '../route53resolver/model.js';
import { storageGatewayRegionOf } from '../storagegateway/model.js';
import type { Dimension } from './model.js';

/** One metric stream as AWS publishes it, with its latest value. */
export interface MetricStream {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  value: number;
  /** When the value last changed, when the physical state records it. */
  changedAt?: number;
}

const latest = (...times: Array<number | undefined>): number | undefined => {
  const known = times.filter((time): time is number => time !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
};

const dims = (entries: Record<string, string>): Dimension[] =>
  Object.entries(entries).map(([name, value]) => ({ name, value }));

/** AWS/DX: ConnectionState per connection; VirtualInterfaceBgpStatus per interface and address family (AWS's dimensions). */
function directConnectMetrics(state: SandboxState, accountId: string, region: string, now: number): MetricStream[] {
  const account = directConnectAccount(state, accountId);
  const streams: MetricStream[] = [];
  for (const connection of Object.values(account.connections)) {
    if (connection.region !== region || connection.connectionState === 'deleted') continue;
    streams.push({
      namespace: 'AWS/DX',
      metricName: 'ConnectionState',
      dimensions: dims({ ConnectionId: connection.connectionId }),
      value: connection.connectionState === 'available' ? 1 : 0,
      changedAt: connection.stateChangedAt,
    });
  }
  for (const stored of Object.values(account.virtualInterfaces)) {
    if (stored.region !== region || stored.virtualInterfaceState === 'deleted') continue;
    const vif = effectiveVirtualInterface(account, stored, now);
    // BGP changes with the routers (a fault), the connection, and failover tests starting and ending.
    const testTimes = Object.values(account.tests)
      .filter((test) => test.virtualInterfaceId === vif.virtualInterfaceId)
      .flatMap((test) => [test.startTime, failoverTestEndTime(test)])
      .filter((time) => time <= now);
    const connectionChange = account.connections[vif.connectionId]?.stateChangedAt;
    for (const family of new Set(vif.bgpPeers.map((peer) => peer.addressFamily))) {
      const up = vif.bgpPeers.some((peer) => peer.addressFamily === family && peer.bgpStatus === 'up');
      streams.push({
        namespace: 'AWS/DX',
        metricName: 'VirtualInterfaceBgpStatus',
        dimensions: dims({
          ConnectionId: vif.connectionId,
          VirtualInterfaceId: vif.virtualInterfaceId,
          IpAddressFamily: family,
        }),
        value: up ? 1 : 0,
        changedAt: latest(
          connectionChange,
          ...testTimes,
          ...stored.bgpPeers.filter((peer) => peer.addressFamily === family).map((peer) => peer.statusChangedAt),
        ),
      });
    }
  }
  return streams;
}

/** AWS/VPN TunnelState: per connection (the average of its tunnels) and per tunnel (VpnId and TunnelIpAddress). */
function vpnMetrics(state: SandboxState, accountId: string, region: string): MetricStream[] {
  const streams: MetricStream[] = [];
  for (const vpn of Object.values(vpnConnectionsOf(regionStateOf(state, accountId, region)))) {
    if (vpn.state !== 'available') continue;
    const up = (status: string) => (status === 'UP' ? 1 : 0);
    streams.push({
      namespace: 'AWS/VPN',
      metricName: 'TunnelState',
      dimensions: dims({ VpnId: vpn.vpnConnectionId }),
      value: vpn.tunnels.reduce((sum, tunnel) => sum + up(tunnel.status), 0) / Math.max(1, vpn.tunnels.length),
      changedAt: latest(...vpn.tunnels.map((tunnel) => tunnel.lastStatusChange)),
    });
    for (const tunnel of vpn.tunnels)
      streams.push({
        namespace: 'AWS/VPN',
        metricName: 'TunnelState',
        dimensions: dims({ VpnId: vpn.vpnConnectionId, TunnelIpAddress: tunnel.outsideIpAddress }),
        value: up(tunnel.status),
        changedAt: tunnel.lastStatusChange,
      });
  }
  return streams;
}

/** AWS/Route53Resolver EndpointHealthyENICount: the endpoint's attached (operational) IP addresses. */
function resolverMetrics(state: SandboxState, accountId: string, region: string): MetricStream[] {
  return Object.values(resolverRegionOf(state, accountId, region).endpoints).map((endpoint) => ({
    namespace: 'AWS/Route53Resolver',
    metricName: 'EndpointHealthyENICount',
    dimensions: dims({ EndpointId: endpoint.id }),
    value: endpoint.ipAddresses.filter((ip) => ip.status === 'ATTACHED').length,
    changedAt: latest(...endpoint.ipAddresses.map((ip) => ip.modifiedAt)),
  }));
}

/** AWS/StorageGateway FileSharesUnavailable, reported by the gateway itself: nothing while it is offline or shut down. */
function storageGatewayMetrics(state: SandboxState, accountId: string, region: string): MetricStream[] {
  const sgw = storageGatewayRegionOf(state, accountId, region);
  return Object.values(sgw.gateways)
    .filter((gateway) => gateway.connected && gateway.state === 'RUNNING')
    .map((gateway) => ({
      namespace: 'AWS/StorageGateway',
      metricName: 'FileSharesUnavailable',
      dimensions: dims({ GatewayId: gateway.gatewayId, GatewayName: gateway.name }),
      value: Object.values(sgw.fileShares).filter(
        (share) => share.gatewayId === gateway.gatewayId && share.status !== 'AVAILABLE',
      ).length,
      changedAt: gateway.connectedChangedAt,
    }));
}

/**
 * The metrics AWS publishes for the account's hybrid resources in a region, with their latest
 * values, derived from the sandbox's physical state (so `sandbox fault dx-down` moves them).
 */
export function publishedMetrics(state: SandboxState, accountId: string, region: string, now: number): MetricStream[] {
  return [
    ...directConnectMetrics(state, accountId, region, now),
    ...vpnMetrics(state, accountId, region),
    ...resolverMetrics(state, accountId, region),
    ...storageGatewayMetrics(state, accountId, region),
  ];
}
