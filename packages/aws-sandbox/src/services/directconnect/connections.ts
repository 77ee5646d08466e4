import type { HandlerContext, OperationHandler } from '../../types.js';
import {
  callerDirectConnect,
  clientException,
  directConnectPage,
  effectiveVirtualInterface,
  optionalString,
  type DxConnection,
  type DxVirtualInterface,
  type Tag,
} from './model.js';

const tagsWire = (tags: readonly Tag[]) => tags.map(({ key, value }) => ({ key, value }));

function connectionWire(connection: DxConnection) {
  return {
    ownerAccount: connection.ownerAccount,
    connectionId: connection.connectionId,
    connectionName: connection.connectionName,
    connectionState: connection.connectionState,
    region: connection.region,
    location: connection.location,
    bandwidth: connection.bandwidth,
    vlan: connection.vlan,
    awsDevice: connection.awsDeviceV2,
    awsDeviceV2: connection.awsDeviceV2,
    awsLogicalDeviceId: `${connection.awsDeviceV2}-logical`,
    jumboFrameCapable: true,
    hasLogicalRedundancy: 'unknown',
    macSecCapable: false,
    encryptionMode: 'no_encrypt',
    portEncryptionStatus: 'Encryption Down',
    tags: tagsWire(connection.tags),
  };
}

/** A virtual interface as DescribeVirtualInterfaces returns it (state and BGP status derived at `now`). */
export function virtualInterfaceWire(vif: DxVirtualInterface) {
  return {
    ownerAccount: vif.ownerAccount,
    virtualInterfaceId: vif.virtualInterfaceId,
    location: vif.location,
    connectionId: vif.connectionId,
    virtualInterfaceType: vif.virtualInterfaceType,
    virtualInterfaceName: vif.virtualInterfaceName,
    vlan: vif.vlan,
    asn: vif.asn,
    asnLong: vif.asn,
    amazonSideAsn: vif.amazonSideAsn,
    amazonAddress: vif.bgpPeers[0]?.amazonAddress,
    customerAddress: vif.bgpPeers[0]?.customerAddress,
    addressFamily: vif.bgpPeers[0]?.addressFamily ?? 'ipv4',
    virtualInterfaceState: vif.virtualInterfaceState,
    mtu: vif.mtu,
    jumboFrameCapable: true,
    virtualGatewayId: vif.virtualGatewayId ?? '',
    directConnectGatewayId: vif.directConnectGatewayId,
    routeFilterPrefixes: [],
    bgpPeers: vif.bgpPeers.map((peer) => ({
      bgpPeerId: peer.bgpPeerId,
      asn: peer.asn,
      asnLong: peer.asn,
      addressFamily: peer.addressFamily,
      amazonAddress: peer.amazonAddress,
      customerAddress: peer.customerAddress,
      bgpPeerState: peer.bgpPeerState,
      bgpStatus: peer.bgpStatus,
    })),
    region: vif.region,
    siteLinkEnabled: false,
    tags: tagsWire(vif.tags),
  };
}

/** The caller's virtual interfaces in the request's region, as AWS reports them now. */
export function visibleVirtualInterfaces(ctx: HandlerContext): DxVirtualInterface[] {
  const account = callerDirectConnect(ctx);
  const now = ctx.now();
  return Object.values(account.virtualInterfaces)
    .filter((vif) => vif.region === ctx.region && vif.virtualInterfaceState !== 'deleted')
    .map((vif) => effectiveVirtualInterface(account, vif, now));
}

const describeConnections: OperationHandler = (input, ctx) => {
  const connectionId = optionalString(input, 'connectionId');
  const all = Object.values(callerDirectConnect(ctx).connections).filter(
    (connection) => connection.region === ctx.region,
  );
  if (connectionId !== undefined && !all.some((connection) => connection.connectionId === connectionId)) {
    throw clientException(`Connection ${connectionId} has been deleted or does not exist.`);
  }
  const matching = all.filter((connection) => connectionId === undefined || connection.connectionId === connectionId);
  const page = directConnectPage(input, matching, (connection) => connection.connectionId, 'DescribeConnections');
  return { connections: page.items.map(connectionWire), nextToken: page.nextToken };
};

const describeVirtualInterfaces: OperationHandler = (input, ctx) => {
  const connectionId = optionalString(input, 'connectionId');
  const virtualInterfaceId = optionalString(input, 'virtualInterfaceId');
  const all = visibleVirtualInterfaces(ctx);
  if (virtualInterfaceId !== undefined && !all.some((vif) => vif.virtualInterfaceId === virtualInterfaceId)) {
    throw clientException(`Virtual interface ${virtualInterfaceId} has been deleted or does not exist.`);
  }
  const matching = all.filter(
    (vif) =>
      (connectionId === undefined || vif.connectionId === connectionId) &&
      (virtualInterfaceId === undefined || vif.virtualInterfaceId === virtualInterfaceId),
  );
  const page = directConnectPage(input, matching, (vif) => vif.virtualInterfaceId, 'DescribeVirtualInterfaces');
  return { virtualInterfaces: page.items.map(virtualInterfaceWire), nextToken: page.nextToken };
};

/** Dedicated connections and virtual interfaces (read-only: the `hybrid` seed and `sandbox fault` create and change them). */
export const connectionOperations: Record<string, OperationHandler> = {
  DescribeConnections: describeConnections,
  DescribeVirtualInterfaces: describeVirtualInterfaces,
};
