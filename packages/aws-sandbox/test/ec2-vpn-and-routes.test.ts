import {
  DescribeCustomerGatewaysCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeVpnConnectionsCommand,
  DescribeVpnGatewaysCommand,
  GetTransitGatewayRouteTableAssociationsCommand,
  GetTransitGatewayRouteTablePropagationsCommand,
  SearchTransitGatewayRoutesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { regionStateOf, type TransitGatewayRouteTable } from '../src/services/ec2/model.js';
import { vpnConnectionsOf } from '../src/services/ec2/vpn-model.js';
import { cloneState, type SandboxState } from '../src/state.js';
import { seededHybridSandbox } from './fixtures/hybrid-sandbox.js';
import { failureOf } from './helpers.js';

const MANAGEMENT = '123456789012';
const ALL = [{ Name: 'state', Values: ['active', 'blackhole'] }];

async function routeTableId(ec2: EC2Client): Promise<string> {
  const { TransitGatewayRouteTables: tables = [] } = await ec2.send(new DescribeTransitGatewayRouteTablesCommand({}));
  return tables[0]?.TransitGatewayRouteTableId ?? '';
}

/** destination -> "type:state:resourceType+resourceType" for compact assertions. */
async function routes(ec2: EC2Client, tableId: string, filters = ALL): Promise<Record<string, string>> {
  const { Routes = [] } = await ec2.send(
    new SearchTransitGatewayRoutesCommand({ TransitGatewayRouteTableId: tableId, Filters: filters }),
  );
  return Object.fromEntries(
    Routes.map((route) => [
      route.DestinationCidrBlock,
      `${route.Type}:${route.State}:${(route.TransitGatewayAttachments ?? []).map((attachment) => attachment.ResourceType).join('+')}`,
    ]),
  );
}

function table(state: SandboxState): TransitGatewayRouteTable {
  return Object.values(
    regionStateOf(state, MANAGEMENT, 'us-east-1').transitGatewayRouteTables,
  )[0] as TransitGatewayRouteTable;
}

describe('sandbox EC2: VPN connections', () => {
  it('reports tunnel telemetry from the tunnels state, customer gateways, and AWS errors for unknown ids', async () => {
    const { ec2, fault } = await seededHybridSandbox();
    const [vpn] = (await ec2.send(new DescribeVpnConnectionsCommand({}))).VpnConnections ?? [];
    expect(vpn).toMatchObject({
      State: 'available',
      Type: 'ipsec.1',
      Category: 'VPN',
      Options: { StaticRoutesOnly: false },
    });
    expect(vpn?.TransitGatewayId).toMatch(/^tgw-/);
    expect(
      vpn?.VgwTelemetry?.map((tunnel) => [tunnel.Status, tunnel.AcceptedRouteCount, tunnel.StatusMessage]),
    ).toEqual([
      ['UP', 2, '2 BGP ROUTES'],
      ['UP', 2, '2 BGP ROUTES'],
    ]);
    await fault('vpn-tunnel-down', '2');
    const after = (
      await ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: [vpn?.VpnConnectionId ?? ''] }))
    ).VpnConnections?.[0];
    expect(after?.VgwTelemetry?.map((tunnel) => [tunnel.Status, tunnel.AcceptedRouteCount])).toEqual([
      ['UP', 2],
      ['DOWN', 0],
    ]);
    expect(after?.VgwTelemetry?.[1]?.LastStatusChange).toBeInstanceOf(Date);
    const byState = await ec2.send(
      new DescribeVpnConnectionsCommand({ Filters: [{ Name: 'state', Values: ['pending'] }] }),
    );
    expect(byState.VpnConnections).toEqual([]);
    const { CustomerGateways = [] } = await ec2.send(new DescribeCustomerGatewaysCommand({}));
    expect(CustomerGateways.map((gateway) => [gateway.BgpAsn, gateway.IpAddress, gateway.State])).toEqual([
      ['65010', '203.0.113.10', 'available'],
    ]);
    expect((await ec2.send(new DescribeVpnGatewaysCommand({}))).VpnGateways).toEqual([]);
    expect(
      (await failureOf(ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: ['vpn-0123456789abcdef0'] }))))
        .name,
    ).toBe('InvalidVpnConnectionID.NotFound');
    expect(
      (await failureOf(ec2.send(new DescribeVpnGatewaysCommand({ VpnGatewayIds: ['vgw-0123456789abcdef0'] })))).name,
    ).toBe('InvalidVpnGatewayID.NotFound');
  });
});

describe('sandbox EC2: transit gateway routes derived from what propagates them', () => {
  it('installs the Direct Connect routes over the VPN ones, moves to the VPN when BGP is down, and drops them when both are down', async () => {
    const { ec2, fault } = await seededHybridSandbox();
    const tableId = await routeTableId(ec2);
    expect(await routes(ec2, tableId)).toEqual({
      '10.0.0.0/9': 'propagated:active:direct-connect-gateway',
      '10.255.0.0/16': 'propagated:active:vpc',
      '172.16.0.0/12': 'propagated:active:direct-connect-gateway',
    });
    await fault('bgp-down', 'corp-transit-eqdc2');
    expect((await routes(ec2, tableId))['10.0.0.0/9']).toBe('propagated:active:direct-connect-gateway');
    await fault('dx-down');
    expect(await routes(ec2, tableId)).toMatchObject({
      '10.0.0.0/9': 'propagated:active:vpn',
      '172.16.0.0/12': 'propagated:active:vpn',
    });
    await fault('vpn-tunnel-down', '1');
    expect((await routes(ec2, tableId))['10.0.0.0/9']).toBe('propagated:active:vpn');
    await fault('vpn-down');
    expect(await routes(ec2, tableId)).toEqual({ '10.255.0.0/16': 'propagated:active:vpc' });
    await fault('restore');
    expect((await routes(ec2, tableId))['172.16.0.0/12']).toBe('propagated:active:direct-connect-gateway');
  });

  it('prefers a static route for the same prefix, shows blackholes, and spreads equal VPN routes over ECMP only when enabled', async () => {
    const { ec2, edit, fault } = await seededHybridSandbox();
    const tableId = await routeTableId(ec2);
    await edit((state) => {
      const region = regionStateOf(state, MANAGEMENT, 'us-east-1');
      const vpnAttachment = Object.values(region.transitGatewayAttachments).find(
        (attachment) => attachment.resourceType === 'vpn',
      );
      table(state).staticRoutes.push({
        destinationCidrBlock: '172.16.0.0/12',
        transitGatewayAttachmentId: vpnAttachment?.transitGatewayAttachmentId,
        blackhole: false,
      });
      table(state).staticRoutes.push({ destinationCidrBlock: '192.0.2.0/24', blackhole: true });
    });
    expect(await routes(ec2, tableId)).toMatchObject({
      '172.16.0.0/12': 'static:active:vpn',
      '192.0.2.0/24': 'static:blackhole:',
      '10.0.0.0/9': 'propagated:active:direct-connect-gateway',
    });

    // A second VPN with the same prefixes: ECMP with the first when the AS_PATHs are equal.
    await edit((state) => {
      const region = regionStateOf(state, MANAGEMENT, 'us-east-1');
      const vpns = vpnConnectionsOf(region);
      const first = Object.values(vpns)[0];
      const attachment = Object.values(region.transitGatewayAttachments).find(
        (candidate) => candidate.resourceType === 'vpn',
      );
      if (!first || !attachment) throw new Error('seed incomplete');
      vpns['vpn-0000000000000000b'] = { ...cloneState(first), vpnConnectionId: 'vpn-0000000000000000b' };
      region.transitGatewayAttachments['tgw-attach-0000000000000000b'] = {
        ...attachment,
        transitGatewayAttachmentId: 'tgw-attach-0000000000000000b',
        resourceId: 'vpn-0000000000000000b',
      };
      table(state).propagations.push('tgw-attach-0000000000000000b');
    });
    await fault('dx-down');
    expect((await routes(ec2, tableId))['10.0.0.0/9']).toBe('propagated:active:vpn+vpn');
    await edit((state) => {
      const vpn = vpnConnectionsOf(regionStateOf(state, MANAGEMENT, 'us-east-1'))['vpn-0000000000000000b'];
      if (vpn)
        vpn.announcedPrefixes = vpn.announcedPrefixes.map((prefix) => ({
          ...prefix,
          asPathLength: prefix.asPathLength + 2,
        }));
    });
    const { Routes = [] } = await ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: tableId,
        Filters: [{ Name: 'route-search.exact-match', Values: ['10.0.0.0/9'] }],
      }),
    );
    expect(Routes[0]?.TransitGatewayAttachments?.map((attachment) => attachment.ResourceId)).toEqual([
      expect.not.stringMatching(/0000000000000000b$/),
    ]);
    await edit((state) => {
      const region = regionStateOf(state, MANAGEMENT, 'us-east-1');
      for (const tgw of Object.values(region.transitGateways)) tgw.vpnEcmpSupport = 'disable';
      const vpn = vpnConnectionsOf(region)['vpn-0000000000000000b'];
      if (vpn) vpn.announcedPrefixes = vpn.announcedPrefixes.map((prefix) => ({ ...prefix, asPathLength: 3 }));
    });
    expect((await routes(ec2, tableId))['10.0.0.0/9']).toBe('propagated:active:vpn');
  });

  it('searches by exact, longest-prefix, subnet and supernet match, type and attachment type, with AWS errors', async () => {
    const { ec2 } = await seededHybridSandbox();
    const tableId = await routeTableId(ec2);
    const find = async (name: string, value: string) =>
      Object.keys(await routes(ec2, tableId, [{ Name: name, Values: [value] }]));
    expect(await find('route-search.exact-match', '10.0.0.0/9')).toEqual(['10.0.0.0/9']);
    expect(await find('route-search.longest-prefix-match', '10.255.4.0/24')).toEqual(['10.255.0.0/16']);
    expect(await find('route-search.subnet-of-match', '10.0.0.0/8')).toEqual(['10.0.0.0/9', '10.255.0.0/16']);
    expect(await find('route-search.supernet-of-match', '10.0.4.0/24')).toEqual(['10.0.0.0/9']);
    expect(await find('route-search.supernet-of-match', '10.255.4.0/24')).toEqual(['10.255.0.0/16']);
    expect(await find('attachment.resource-type', 'vpc')).toEqual(['10.255.0.0/16']);
    expect(await find('type', 'static')).toEqual([]);
    expect(
      (
        await failureOf(
          ec2.send(new SearchTransitGatewayRoutesCommand({ TransitGatewayRouteTableId: tableId, Filters: [] })),
        )
      ).name,
    ).toBe('MissingParameter');
    expect(
      (
        await failureOf(
          ec2.send(
            new SearchTransitGatewayRoutesCommand({
              TransitGatewayRouteTableId: tableId,
              Filters: [{ Name: 'color', Values: ['red'] }],
            }),
          ),
        )
      ).name,
    ).toBe('InvalidParameterValue');
    expect(
      (
        await failureOf(
          ec2.send(
            new SearchTransitGatewayRoutesCommand({
              TransitGatewayRouteTableId: 'tgw-rtb-0123456789abcdef0',
              Filters: ALL,
            }),
          ),
        )
      ).name,
    ).toBe('InvalidRouteTableID.NotFound');
  });

  it('pages routes, lists associations and propagations, and finds route tables by transit gateway', async () => {
    const { ec2, edit } = await seededHybridSandbox();
    const tableId = await routeTableId(ec2);
    await edit((state) => {
      for (let i = 0; i < 6; i++)
        table(state).staticRoutes.push({ destinationCidrBlock: `192.168.${i}.0/24`, blackhole: true });
    });
    const first = await ec2.send(
      new SearchTransitGatewayRoutesCommand({ TransitGatewayRouteTableId: tableId, Filters: ALL, MaxResults: 5 }),
    );
    expect(first.Routes).toHaveLength(5);
    expect(first.AdditionalRoutesAvailable).toBe(true);
    const second = await ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: tableId,
        Filters: ALL,
        MaxResults: 5,
        NextToken: first.NextToken,
      }),
    );
    expect(second.Routes).toHaveLength(4);
    expect(second.AdditionalRoutesAvailable).toBe(false);

    const propagations = await ec2.send(
      new GetTransitGatewayRouteTablePropagationsCommand({ TransitGatewayRouteTableId: tableId }),
    );
    expect(
      propagations.TransitGatewayRouteTablePropagations?.map(
        (propagation) => `${propagation.ResourceType}:${propagation.State}`,
      ).sort(),
    ).toEqual(['direct-connect-gateway:enabled', 'vpc:enabled', 'vpn:enabled']);
    const associations = await ec2.send(
      new GetTransitGatewayRouteTableAssociationsCommand({
        TransitGatewayRouteTableId: tableId,
        Filters: [{ Name: 'resource-type', Values: ['vpc'] }],
      }),
    );
    expect(associations.Associations?.map((association) => association.State)).toEqual(['associated']);
    const [described] =
      (await ec2.send(new DescribeTransitGatewayRouteTablesCommand({ TransitGatewayRouteTableIds: [tableId] })))
        .TransitGatewayRouteTables ?? [];
    expect(described).toMatchObject({
      DefaultAssociationRouteTable: true,
      DefaultPropagationRouteTable: true,
      State: 'available',
    });
    const byTgw = await ec2.send(
      new DescribeTransitGatewayRouteTablesCommand({
        Filters: [{ Name: 'transit-gateway-id', Values: [described?.TransitGatewayId ?? ''] }],
      }),
    );
    expect(byTgw.TransitGatewayRouteTables).toHaveLength(1);
    expect(
      (
        await failureOf(
          ec2.send(
            new DescribeTransitGatewayRouteTablesCommand({
              TransitGatewayRouteTableIds: ['tgw-rtb-0123456789abcdef0'],
            }),
          ),
        )
      ).name,
    ).toBe('InvalidRouteTableID.NotFound');
  });
});
