import { SANDBOX_MANAGEMENT_ACCOUNT_ID } from './management-account.js';
import { networkAccountId } from './seeds/shared-transit-gateway.js';
import { directConnectAccount, type DxConnection, type DxVirtualInterface } from './services/directconnect/model.js';
import { regionStateOf } from './services/ec2/model.js';
import { vpnConnectionsOf, type VpnConnection } from './services/ec2/vpn-model.js';
import { directoryRegionOf, type Directory } from './services/directoryservice/model.js';
import { resolverRegionOf, type ResolverEndpoint } from './services/route53resolver/model.js';
import { storageGatewayRegionOf, type Gateway } from './services/storagegateway/model.js';
import { StateStore, type SandboxState } from './state.js';

/**
 * Physical events of the hybrid topology that no API call can cause, for `awsarch sandbox fault`
 * (described in its --help, src/commands/sandbox.ts).
 */
export const HYBRID_FAULT_NAMES = [
  'dx-down',
  'dx-restore',
  'bgp-down',
  'bgp-restore',
  'vpn-tunnel-down',
  'vpn-down',
  'vpn-restore',
  'resolver-az-down',
  'resolver-restore',
  'storage-gateway-offline',
  'storage-gateway-restore',
  'ad-connector-impaired',
  'ad-connector-restore',
  'restore',
] as const;

export class UnknownFaultError extends Error {}

export interface FaultRequest {
  name: string;
  target?: string;
  region: string;
  now: number;
}

/** What a fault changed, one line per resource. */
export interface FaultOutcome {
  accountId: string;
  changed: string[];
}

function pick<T>(
  items: T[],
  target: string | undefined,
  matches: (item: T, target: string) => boolean,
  noun: string,
): T[] {
  if (target === undefined) return items;
  const chosen = items.filter((item) => matches(item, target));
  if (chosen.length === 0) throw new UnknownFaultError(`no ${noun} named "${target}" in the sandbox's network account`);
  return chosen;
}

function setTunnels(
  vpn: VpnConnection,
  status: 'UP' | 'DOWN',
  which: (index: number) => boolean,
  now: number,
  changed: string[],
): void {
  vpn.tunnels.forEach((tunnel, index) => {
    if (!which(index) || tunnel.status === status) return;
    tunnel.status = status;
    tunnel.lastStatusChange = now;
    changed.push(`VPN ${vpn.vpnConnectionId} tunnel ${index + 1} (${tunnel.outsideIpAddress}) ${status}`);
  });
}

function setConnection(
  connection: DxConnection,
  vifs: DxVirtualInterface[],
  up: boolean,
  now: number,
  changed: string[],
): void {
  const state = up ? 'available' : 'down';
  if (connection.connectionState !== state) {
    connection.connectionState = state;
    connection.stateChangedAt = now;
    changed.push(`connection ${connection.connectionId} (${connection.connectionName}) ${state}`);
  }
  if (up)
    for (const vif of vifs.filter((candidate) => candidate.connectionId === connection.connectionId))
      setBgp(vif, 'up', now, changed);
}

function setBgp(vif: DxVirtualInterface, status: 'up' | 'down', now: number, changed: string[]): void {
  for (const peer of vif.bgpPeers) {
    if (peer.bgpStatus === status) continue;
    peer.bgpStatus = status;
    peer.statusChangedAt = now;
    changed.push(`BGP ${peer.bgpPeerId} on ${vif.virtualInterfaceId} (${vif.virtualInterfaceName}) ${status}`);
  }
}

function setResolverIps(
  endpoints: ResolverEndpoint[],
  zoneOfSubnet: (subnetId: string) => string | undefined,
  zone: string | undefined,
  now: number,
  changed: string[],
): void {
  for (const endpoint of endpoints) {
    for (const ip of endpoint.ipAddresses) {
      const failing = zone !== undefined && zoneOfSubnet(ip.subnetId) === zone;
      const status = failing ? 'FAILED_RESOURCE_GONE' : 'ATTACHED';
      if (ip.status === status) continue;
      ip.status = status;
      ip.statusMessage = failing
        ? 'The subnet or network interface of this IP address is no longer available.'
        : 'This IP address is operational.';
      ip.modifiedAt = now;
      changed.push(`Resolver ${endpoint.id} (${endpoint.name}) IP ${ip.ip} ${status}`);
    }
    const attached = endpoint.ipAddresses.filter((ip) => ip.status === 'ATTACHED').length;
    const status = attached >= 2 ? 'OPERATIONAL' : attached === 1 ? 'AUTO_RECOVERING' : 'ACTION_NEEDED';
    if (endpoint.status !== status) {
      endpoint.status = status;
      endpoint.statusMessage =
        status === 'OPERATIONAL'
          ? 'This Resolver Endpoint is operational.'
          : `This Resolver Endpoint has ${attached} of ${endpoint.ipAddresses.length} IP addresses attached.`;
      endpoint.modifiedAt = now;
      changed.push(`Resolver endpoint ${endpoint.id} (${endpoint.name}) ${status}`);
    }
  }
}

/** The gateway loses its connection to AWS (its VM stops, or the path to the service endpoints breaks). */
function setGatewayConnected(gateway: Gateway, connected: boolean, now: number, changed: string[]): void {
  if (gateway.connected === connected) return;
  gateway.connected = connected;
  gateway.connectedChangedAt = now;
  changed.push(`Storage Gateway ${gateway.gatewayId} (${gateway.name}) ${connected ? 'connected' : 'offline'}`);
}

/** AD Connector impaired: it cannot reach the on-premises DNS servers and domain controllers. */
function setDirectoryImpaired(directory: Directory, impaired: boolean, now: number, changed: string[]): void {
  const stage = impaired ? 'Impaired' : 'Active';
  if (directory.stage === stage) return;
  directory.stage = stage;
  directory.stageReason = impaired
    ? 'The AD Connector cannot reach the DNS servers or domain controllers of the on-premises directory.'
    : undefined;
  directory.stageLastUpdated = now;
  changed.push(`AD Connector ${directory.directoryId} (${directory.name}) ${stage}`);
}

/** Applies a named fault to the network account's hybrid resources in the region. */
export function applyHybridFault(state: SandboxState, request: FaultRequest): FaultOutcome {
  if (!(HYBRID_FAULT_NAMES as readonly string[]).includes(request.name)) {
    throw new UnknownFaultError(`unknown fault "${request.name}"; known faults: ${HYBRID_FAULT_NAMES.join(', ')}`);
  }
  const accountId = networkAccountId(state);
  const dx = directConnectAccount(state, accountId);
  const ec2 = regionStateOf(state, accountId, request.region);
  const connections = Object.values(dx.connections).filter((connection) => connection.region === request.region);
  const vifs = Object.values(dx.virtualInterfaces).filter((vif) => vif.region === request.region);
  const vpns = Object.values(vpnConnectionsOf(ec2)).filter((vpn) => vpn.state === 'available');
  const endpoints = Object.values(resolverRegionOf(state, accountId, request.region).endpoints);
  const zoneOfSubnet = (subnetId: string) => ec2.subnets[subnetId]?.availabilityZone;
  const gateways = Object.values(storageGatewayRegionOf(state, accountId, request.region).gateways);
  const directories = Object.values(directoryRegionOf(state, accountId, request.region).directories);
  const byGateway = (gateway: Gateway, target: string) => gateway.gatewayId === target || gateway.name === target;
  const byDirectory = (directory: Directory, target: string) =>
    directory.directoryId === target || directory.name === target;
  const byConnection = (connection: DxConnection, target: string) =>
    connection.connectionId === target || connection.connectionName === target;
  const byVif = (vif: DxVirtualInterface, target: string) =>
    vif.virtualInterfaceId === target || vif.virtualInterfaceName === target;
  const byVpn = (vpn: VpnConnection, target: string) =>
    vpn.vpnConnectionId === target || vpn.tags.some((tag) => tag.key === 'Name' && tag.value === target);
  const changed: string[] = [];
  const { name, target, now } = request;
  switch (name) {
    case 'dx-down':
      for (const connection of pick(connections, target, byConnection, 'Direct Connect connection'))
        setConnection(connection, vifs, false, now, changed);
      break;
    case 'dx-restore':
      for (const connection of pick(connections, target, byConnection, 'Direct Connect connection'))
        setConnection(connection, vifs, true, now, changed);
      break;
    case 'bgp-down':
      if (target === undefined)
        throw new UnknownFaultError('bgp-down needs the virtual interface: awsarch sandbox fault bgp-down NAME|ID');
      for (const vif of pick(vifs, target, byVif, 'virtual interface')) setBgp(vif, 'down', now, changed);
      break;
    case 'bgp-restore':
      for (const vif of pick(vifs, target, byVif, 'virtual interface')) setBgp(vif, 'up', now, changed);
      break;
    case 'vpn-tunnel-down': {
      const tunnel = target === undefined ? 1 : Number(target);
      if (tunnel !== 1 && tunnel !== 2)
        throw new UnknownFaultError(`vpn-tunnel-down takes the tunnel number 1 or 2, not "${target}"`);
      for (const vpn of vpns) setTunnels(vpn, 'DOWN', (index) => index === tunnel - 1, now, changed);
      break;
    }
    case 'vpn-down':
      for (const vpn of pick(vpns, target, byVpn, 'VPN connection')) setTunnels(vpn, 'DOWN', () => true, now, changed);
      break;
    case 'vpn-restore':
      for (const vpn of pick(vpns, target, byVpn, 'VPN connection')) setTunnels(vpn, 'UP', () => true, now, changed);
      break;
    case 'resolver-az-down': {
      const zone =
        target === undefined ? `${request.region}b` : /^[a-z]$/.test(target) ? `${request.region}${target}` : target;
      setResolverIps(endpoints, zoneOfSubnet, zone, now, changed);
      break;
    }
    case 'resolver-restore':
      setResolverIps(endpoints, zoneOfSubnet, undefined, now, changed);
      break;
    case 'storage-gateway-offline':
    case 'storage-gateway-restore':
      for (const gateway of pick(gateways, target, byGateway, 'Storage Gateway'))
        setGatewayConnected(gateway, name === 'storage-gateway-restore', now, changed);
      break;
    case 'ad-connector-impaired':
    case 'ad-connector-restore':
      for (const directory of pick(directories, target, byDirectory, 'AD Connector'))
        setDirectoryImpaired(directory, name === 'ad-connector-impaired', now, changed);
      break;
    case 'restore':
      for (const gateway of gateways) setGatewayConnected(gateway, true, now, changed);
      for (const directory of directories) setDirectoryImpaired(directory, false, now, changed);
      for (const connection of connections) setConnection(connection, vifs, true, now, changed);
      for (const vif of vifs) setBgp(vif, 'up', now, changed);
      for (const vpn of vpns) setTunnels(vpn, 'UP', () => true, now, changed);
      setResolverIps(endpoints, zoneOfSubnet, undefined, now, changed);
      break;
  }
  return { accountId, changed };
}

/** Applies a fault to the state in stateDir in one locked transaction (any running sandbox sees it on its next request). */
export async function applyHybridFaultToStateDir(stateDir: string, request: FaultRequest): Promise<FaultOutcome> {
  const store = new StateStore(stateDir, SANDBOX_MANAGEMENT_ACCOUNT_ID);
  await store.open();
  return store.transact(async (tx) => {
    const outcome = applyHybridFault(tx.state, request);
    if (outcome.changed.length > 0) await tx.persist();
    return outcome;
  });
}
