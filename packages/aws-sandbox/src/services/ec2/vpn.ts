import { SandboxServiceError } from '../../errors.js';
import type { OperationHandler, OperationInput } from '../../types.js';
import { filtersFrom, matchesFilters, stringList } from './filters.js';
import { regionState } from './model.js';
import { tagSet } from './tags.js';
import {
  customerGatewaysOf,
  tunnelTelemetry,
  vpnConnectionsOf,
  vpnGatewaysOf,
  type CustomerGateway,
  type VpnConnection,
  type VpnGateway,
} from './vpn-model.js';

function vpnConnectionWire(vpn: VpnConnection) {
  return {
    vpnConnectionId: vpn.vpnConnectionId,
    customerGatewayId: vpn.customerGatewayId,
    category: 'VPN',
    state: vpn.state,
    type: vpn.type,
    transitGatewayId: vpn.transitGatewayId,
    vpnGatewayId: vpn.vpnGatewayId,
    options: {
      enableAcceleration: false,
      staticRoutesOnly: vpn.staticRoutesOnly,
      localIpv4NetworkCidr: '0.0.0.0/0',
      remoteIpv4NetworkCidr: '0.0.0.0/0',
      outsideIpAddressType: 'PublicIpv4',
      tunnelInsideIpVersion: 'ipv4',
      tunnelOptionSet: vpn.tunnels.map((tunnel) => ({ outsideIpAddress: tunnel.outsideIpAddress })),
    },
    routes: vpn.staticRoutes.map((cidr) => ({ destinationCidrBlock: cidr, source: 'Static', state: 'available' })),
    vgwTelemetry: vpn.tunnels.map((tunnel) => tunnelTelemetry(vpn, tunnel)),
    tagSet: tagSet(vpn.tags),
  };
}

function customerGatewayWire(gateway: CustomerGateway) {
  return {
    customerGatewayId: gateway.customerGatewayId,
    bgpAsn: String(gateway.bgpAsn),
    ipAddress: gateway.ipAddress,
    type: gateway.type,
    state: gateway.state,
    deviceName: gateway.deviceName,
    tagSet: tagSet(gateway.tags),
  };
}

function vpnGatewayWire(gateway: VpnGateway) {
  return {
    vpnGatewayId: gateway.vpnGatewayId,
    state: gateway.state,
    type: gateway.type,
    amazonSideAsn: gateway.amazonSideAsn,
    attachments: gateway.attachments.map((attachment) => ({ vpcId: attachment.vpcId, state: attachment.state })),
    tagSet: tagSet(gateway.tags),
  };
}

/** Ids asked for by name that do not exist are an error, as on EC2 (the whole call fails). */
function requireIds(
  input: OperationInput,
  member: string,
  existing: Record<string, unknown>,
  code: string,
  noun: string,
): string[] {
  const ids = stringList(input, member);
  const missing = ids.find((id) => !(id in existing));
  if (missing) throw new SandboxServiceError(code, `The ${noun} ID '${missing}' does not exist`);
  return ids;
}

const describeVpnConnections: OperationHandler = (input, ctx) => {
  const connections = vpnConnectionsOf(regionState(ctx));
  const ids = requireIds(input, 'VpnConnectionId', connections, 'InvalidVpnConnectionID.NotFound', 'vpnConnection');
  const filters = filtersFrom(input);
  const matching = Object.values(connections).filter(
    (vpn) =>
      (ids.length === 0 || ids.includes(vpn.vpnConnectionId)) &&
      (ids.length > 0 || vpn.state !== 'deleted') &&
      matchesFilters(
        filters,
        {
          'vpn-connection-id': vpn.vpnConnectionId,
          'customer-gateway-id': vpn.customerGatewayId,
          state: vpn.state,
          type: vpn.type,
          'option.static-routes-only': String(vpn.staticRoutesOnly),
          'route.destination-cidr-block': vpn.staticRoutes,
          'transit-gateway-id': vpn.transitGatewayId,
          'vpn-gateway-id': vpn.vpnGatewayId,
        },
        vpn.tags,
      ),
  );
  return {
    vpnConnectionSet: matching
      .sort((a, b) => a.vpnConnectionId.localeCompare(b.vpnConnectionId))
      .map(vpnConnectionWire),
  };
};

const describeCustomerGateways: OperationHandler = (input, ctx) => {
  const gateways = customerGatewaysOf(regionState(ctx));
  const ids = requireIds(input, 'CustomerGatewayId', gateways, 'InvalidCustomerGatewayID.NotFound', 'customerGateway');
  const filters = filtersFrom(input);
  const matching = Object.values(gateways).filter(
    (gateway) =>
      (ids.length === 0 || ids.includes(gateway.customerGatewayId)) &&
      matchesFilters(
        filters,
        {
          'customer-gateway-id': gateway.customerGatewayId,
          'bgp-asn': String(gateway.bgpAsn),
          'ip-address': gateway.ipAddress,
          state: gateway.state,
          type: gateway.type,
        },
        gateway.tags,
      ),
  );
  return {
    customerGatewaySet: matching
      .sort((a, b) => a.customerGatewayId.localeCompare(b.customerGatewayId))
      .map(customerGatewayWire),
  };
};

const describeVpnGateways: OperationHandler = (input, ctx) => {
  const gateways = vpnGatewaysOf(regionState(ctx));
  const ids = requireIds(input, 'VpnGatewayId', gateways, 'InvalidVpnGatewayID.NotFound', 'vpnGateway');
  const filters = filtersFrom(input);
  const matching = Object.values(gateways).filter(
    (gateway) =>
      (ids.length === 0 || ids.includes(gateway.vpnGatewayId)) &&
      matchesFilters(
        filters,
        {
          'vpn-gateway-id': gateway.vpnGatewayId,
          'amazon-side-asn': String(gateway.amazonSideAsn),
          'attachment.state': gateway.attachments.map((attachment) => attachment.state),
          'attachment.vpc-id': gateway.attachments.map((attachment) => attachment.vpcId),
          state: gateway.state,
          type: gateway.type,
        },
        gateway.tags,
      ),
  );
  return { vpnGatewaySet: matching.sort((a, b) => a.vpnGatewayId.localeCompare(b.vpnGatewayId)).map(vpnGatewayWire) };
};

/** Site-to-Site VPN: connections with their tunnel telemetry, customer gateways and virtual private gateways. */
export const vpnOperations: Record<string, OperationHandler> = {
  DescribeVpnConnections: describeVpnConnections,
  DescribeCustomerGateways: describeCustomerGateways,
  DescribeVpnGateways: describeVpnGateways,
};
