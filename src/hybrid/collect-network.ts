import {
  DescribeCustomerGatewaysCommand,
  DescribeVpnConnectionsCommand,
  EC2Client,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGatewayRouteTables,
  paginateDescribeTransitGateways,
  paginateDescribeVpcs,
  paginateGetTransitGatewayRouteTablePropagations,
  paginateSearchTransitGatewayRoutes,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients.js';
import { vpcInfo } from './collect-account-dns.js';
import type { HybridSnapshot, TgwRouteTableInfo } from './snapshot.js';
import {
  pageSizeFor,
  trackedCall,
  trackedEach,
  trackedPages,
  type ReadOptions,
  type Tracked,
} from './tracked-reads.js';

type NetworkPart = Pick<HybridSnapshot, 'vpn' | 'transitGateways' | 'attachments' | 'routeTables' | 'vpcs'>;

const nameOf = (tags: Tag[] | undefined): string | undefined => tags?.find((tag) => tag.Key === 'Name')?.Value;

/** Every route of a table: AWS's SearchTransitGatewayRoutes needs a filter, and these two states cover all routes. */
const ALL_ROUTES = [{ Name: 'state', Values: ['active', 'blackhole'] }];

/**
 * Round 1: transit gateways, their attachments (all types) and route tables, VPN connections,
 * customer gateways and the account's VPCs (their CIDRs, for the network lint), at once. Round 2: the routes and propagations of each route table of a transit
 * gateway with a Direct Connect gateway or VPN attached.
 */
export async function collectNetwork(aws: AwsClients, options: ReadOptions): Promise<Tracked<NetworkPart>> {
  const ec2 = aws.client(EC2Client);
  const paging = { client: ec2, pageSize: pageSizeFor(options, 5, 1000) };
  const [transitGateways, attachments, tables, vpns, customerGateways, vpcs] = await Promise.all([
    trackedPages(
      0,
      'Reading transit gateways',
      paginateDescribeTransitGateways(paging, {}),
      (page) => page.TransitGateways,
    ),
    trackedPages(
      0,
      'Reading transit gateway attachments',
      paginateDescribeTransitGatewayAttachments(paging, {}),
      (page) => page.TransitGatewayAttachments,
    ),
    trackedPages(
      0,
      'Reading transit gateway route tables',
      paginateDescribeTransitGatewayRouteTables(paging, {}),
      (page) => page.TransitGatewayRouteTables,
    ),
    trackedCall(0, 'Reading VPN connections', () => ec2.send(new DescribeVpnConnectionsCommand({}))),
    trackedCall(0, 'Reading customer gateways', () => ec2.send(new DescribeCustomerGatewaysCommand({}))),
    trackedPages(0, 'Reading VPCs', paginateDescribeVpcs(paging, {}), (page) => page.Vpcs),
  ]);
  // Only the route tables of transit gateways that reach on-premises (a DX gateway or VPN attached) matter.
  const hybridTgwIds = new Set(
    attachments.value
      .filter((attachment) => attachment.ResourceType === 'direct-connect-gateway' || attachment.ResourceType === 'vpn')
      .map((attachment) => attachment.TransitGatewayId),
  );
  const routeTables = await trackedEach(
    tables.value.filter(
      (table) => table.State !== 'deleted' && table.State !== 'deleting' && hybridTgwIds.has(table.TransitGatewayId),
    ),
    async (table): Promise<Tracked<TgwRouteTableInfo>> => {
      const id = table.TransitGatewayRouteTableId ?? '';
      const [routes, propagations] = await Promise.all([
        trackedPages(
          Math.max(tables.depth, attachments.depth),
          `Reading the routes of ${id}`,
          paginateSearchTransitGatewayRoutes(paging, { TransitGatewayRouteTableId: id, Filters: ALL_ROUTES }),
          (page) => page.Routes,
        ),
        trackedPages(
          Math.max(tables.depth, attachments.depth),
          `Reading the propagations of ${id}`,
          paginateGetTransitGatewayRouteTablePropagations(paging, { TransitGatewayRouteTableId: id }),
          (page) => page.TransitGatewayRouteTablePropagations,
        ),
      ]);
      return {
        depth: Math.max(routes.depth, propagations.depth),
        value: {
          id,
          transitGatewayId: table.TransitGatewayId ?? '',
          name: nameOf(table.Tags),
          propagations: propagations.value
            .filter((propagation) => propagation.State === 'enabled')
            .flatMap((propagation) => propagation.TransitGatewayAttachmentId ?? []),
          routes: routes.value.map((route) => ({
            cidr: route.DestinationCidrBlock ?? route.PrefixListId ?? '',
            type: route.Type === 'static' ? 'static' : 'propagated',
            state: route.State ?? 'active',
            attachments: (route.TransitGatewayAttachments ?? []).map((attachment) => ({
              attachmentId: attachment.TransitGatewayAttachmentId ?? '',
              resourceType: attachment.ResourceType ?? 'unknown',
              resourceId: attachment.ResourceId ?? '',
            })),
          })),
        },
      };
    },
    Math.max(tables.depth, attachments.depth),
  );
  return {
    depth: Math.max(
      transitGateways.depth,
      attachments.depth,
      vpns.depth,
      customerGateways.depth,
      vpcs.depth,
      routeTables.depth,
    ),
    value: {
      vpcs: vpcs.value.map(vpcInfo),
      transitGateways: transitGateways.value.map((tgw) => ({
        id: tgw.TransitGatewayId ?? '',
        name: nameOf(tgw.Tags),
        state: tgw.State ?? 'unknown',
        ownerId: tgw.OwnerId,
        vpnEcmpSupport: tgw.Options?.VpnEcmpSupport === 'enable',
      })),
      attachments: attachments.value
        .filter((attachment) => attachment.State !== 'deleted')
        .map((attachment) => ({
          id: attachment.TransitGatewayAttachmentId ?? '',
          transitGatewayId: attachment.TransitGatewayId ?? '',
          resourceType: attachment.ResourceType ?? 'unknown',
          resourceId: attachment.ResourceId ?? '',
          resourceOwnerId: attachment.ResourceOwnerId,
          state: attachment.State ?? 'unknown',
          name: nameOf(attachment.Tags),
          routeTableId:
            attachment.Association?.State === 'associated'
              ? attachment.Association.TransitGatewayRouteTableId
              : undefined,
        })),
      routeTables: routeTables.value,
      vpn: {
        connections: (vpns.value.VpnConnections ?? [])
          .filter((vpn) => vpn.State !== 'deleted')
          .map((vpn) => ({
            id: vpn.VpnConnectionId ?? '',
            name: nameOf(vpn.Tags),
            state: vpn.State ?? 'unknown',
            transitGatewayId: vpn.TransitGatewayId || undefined,
            vpnGatewayId: vpn.VpnGatewayId || undefined,
            customerGatewayId: vpn.CustomerGatewayId,
            staticRoutesOnly: vpn.Options?.StaticRoutesOnly === true,
            tunnels: (vpn.VgwTelemetry ?? []).map((tunnel) => ({
              outsideIp: tunnel.OutsideIpAddress ?? '',
              status: tunnel.Status === 'UP' ? 'UP' : 'DOWN',
              statusMessage: tunnel.StatusMessage || undefined,
              lastStatusChange: tunnel.LastStatusChange?.toISOString(),
              acceptedRoutes: tunnel.AcceptedRouteCount ?? 0,
            })),
          })),
        customerGateways: (customerGateways.value.CustomerGateways ?? []).map((gateway) => ({
          id: gateway.CustomerGatewayId ?? '',
          name: nameOf(gateway.Tags) ?? gateway.DeviceName,
          ipAddress: gateway.IpAddress,
          bgpAsn: gateway.BgpAsnExtended ?? gateway.BgpAsn,
          state: gateway.State ?? 'unknown',
        })),
      },
    },
  };
}
