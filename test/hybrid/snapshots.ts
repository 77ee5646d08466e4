import type { HybridSnapshot, TgwRouteInfo } from '../../src/hybrid/snapshot.js';

/** Ids of the hand-written reference snapshot (the seeded topology, as collect would read it). */
export const IDS = {
  tgw: 'tgw-0a1b2c3d4e5f60001',
  table: 'tgw-rtb-0a1b2c3d4e5f60001',
  dxgw: '11111111-2222-3333-4444-555555555555',
  dxAttachment: 'tgw-attach-0000000000000dx01',
  vpn: 'vpn-0a1b2c3d4e5f60001',
  vpnAttachment: 'tgw-attach-000000000000vpn01',
  vpc: 'vpc-0a1b2c3d4e5f60001',
  vpcAttachment: 'tgw-attach-000000000000vpc01',
  vifA: 'dxvif-aaaaaaaa',
  vifB: 'dxvif-bbbbbbbb',
  conA: 'dxcon-aaaaaaaa',
  conB: 'dxcon-bbbbbbbb',
  inbound: 'rslvr-in-0a1b2c3d4e5f60001',
  outbound: 'rslvr-out-0a1b2c3d4e5f6001',
  rule: 'rslvr-rr-0a1b2c3d4e5f60001',
  subnetA: 'subnet-0000000000000000a',
  subnetB: 'subnet-0000000000000000b',
};

export const ON_PREMISES = ['10.0.0.0/9', '172.16.0.0/12'];

export const dxRoute = (cidr: string, extra: Partial<TgwRouteInfo> = {}): TgwRouteInfo => ({
  cidr,
  type: 'propagated',
  state: 'active',
  attachments: [{ attachmentId: IDS.dxAttachment, resourceType: 'direct-connect-gateway', resourceId: IDS.dxgw }],
  ...extra,
});

export const vpnRoute = (cidr: string, extra: Partial<TgwRouteInfo> = {}): TgwRouteInfo => ({
  cidr,
  type: 'propagated',
  state: 'active',
  attachments: [{ attachmentId: IDS.vpnAttachment, resourceType: 'vpn', resourceId: IDS.vpn }],
  ...extra,
});

export const vpcRoute: TgwRouteInfo = {
  cidr: '10.255.0.0/16',
  type: 'propagated',
  state: 'active',
  attachments: [{ attachmentId: IDS.vpcAttachment, resourceType: 'vpc', resourceId: IDS.vpc }],
};

/** The healthy reference topology: two DX VIFs with BGP up, a VPN with two tunnels UP, hybrid DNS in two AZs. */
export function healthySnapshot(): HybridSnapshot {
  return {
    collectedAt: '2026-11-24T10:45:00.000Z',
    region: 'us-east-1',
    directConnect: {
      connections: [
        { id: IDS.conA, name: 'corp-dx-eqdc2', state: 'available', bandwidth: '10Gbps', location: 'EqDC2' },
        { id: IDS.conB, name: 'corp-dx-csva1', state: 'available', bandwidth: '10Gbps', location: 'CSVA1' },
      ],
      virtualInterfaces: [
        {
          id: IDS.vifA,
          name: 'corp-transit-eqdc2',
          type: 'transit',
          state: 'available',
          connectionId: IDS.conA,
          directConnectGatewayId: IDS.dxgw,
          bgpPeers: [{ id: 'dxpeer-aaaaaaaa', status: 'up' }],
        },
        {
          id: IDS.vifB,
          name: 'corp-transit-csva1',
          type: 'transit',
          state: 'available',
          connectionId: IDS.conB,
          directConnectGatewayId: IDS.dxgw,
          bgpPeers: [{ id: 'dxpeer-bbbbbbbb', status: 'up' }],
        },
      ],
      gateways: [{ id: IDS.dxgw, name: 'corp-dxgw', state: 'available', amazonSideAsn: 64513 }],
      associations: [
        {
          id: 'assoc-1',
          directConnectGatewayId: IDS.dxgw,
          associatedGatewayId: IDS.tgw,
          associatedGatewayType: 'transitGateway',
          state: 'associated',
          allowedPrefixes: ['10.255.0.0/16'],
        },
      ],
      tests: [],
    },
    vpn: {
      connections: [
        {
          id: IDS.vpn,
          name: 'corp-vpn-backup',
          state: 'available',
          transitGatewayId: IDS.tgw,
          customerGatewayId: 'cgw-0a1b2c3d4e5f60001',
          staticRoutesOnly: false,
          tunnels: [
            {
              outsideIp: '52.1.1.1',
              status: 'UP',
              statusMessage: '2 BGP ROUTES',
              lastStatusChange: '2026-11-24T08:00:00.000Z',
              acceptedRoutes: 2,
            },
            {
              outsideIp: '52.1.1.2',
              status: 'UP',
              statusMessage: '2 BGP ROUTES',
              lastStatusChange: '2026-11-24T08:00:00.000Z',
              acceptedRoutes: 2,
            },
          ],
        },
      ],
      customerGateways: [
        {
          id: 'cgw-0a1b2c3d4e5f60001',
          name: 'corp-edge',
          ipAddress: '203.0.113.10',
          bgpAsn: '65010',
          state: 'available',
        },
      ],
    },
    transitGateways: [{ id: IDS.tgw, name: 'awsarch-shared-tgw', state: 'available', vpnEcmpSupport: true }],
    attachments: [
      {
        id: IDS.dxAttachment,
        transitGatewayId: IDS.tgw,
        resourceType: 'direct-connect-gateway',
        resourceId: IDS.dxgw,
        state: 'available',
        name: 'corp-dxgw',
        routeTableId: IDS.table,
      },
      {
        id: IDS.vpnAttachment,
        transitGatewayId: IDS.tgw,
        resourceType: 'vpn',
        resourceId: IDS.vpn,
        state: 'available',
        name: 'corp-vpn-backup',
        routeTableId: IDS.table,
      },
      {
        id: IDS.vpcAttachment,
        transitGatewayId: IDS.tgw,
        resourceType: 'vpc',
        resourceId: IDS.vpc,
        state: 'available',
        name: 'awsarch-network-hub',
        routeTableId: IDS.table,
      },
    ],
    routeTables: [
      {
        id: IDS.table,
        transitGatewayId: IDS.tgw,
        propagations: [IDS.dxAttachment, IDS.vpnAttachment, IDS.vpcAttachment],
        routes: [dxRoute('10.0.0.0/9'), vpcRoute, dxRoute('172.16.0.0/12')],
      },
    ],
    dns: {
      endpoints: [
        {
          id: IDS.inbound,
          name: 'corp-dns-inbound',
          direction: 'INBOUND',
          status: 'OPERATIONAL',
          vpcId: IDS.vpc,
          ipAddresses: [
            { ip: '10.255.0.10', subnetId: IDS.subnetA, status: 'ATTACHED' },
            { ip: '10.255.1.10', subnetId: IDS.subnetB, status: 'ATTACHED' },
          ],
        },
        {
          id: IDS.outbound,
          name: 'corp-dns-outbound',
          direction: 'OUTBOUND',
          status: 'OPERATIONAL',
          vpcId: IDS.vpc,
          ipAddresses: [
            { ip: '10.255.0.11', subnetId: IDS.subnetA, status: 'ATTACHED' },
            { ip: '10.255.1.11', subnetId: IDS.subnetB, status: 'ATTACHED' },
          ],
        },
      ],
      rules: [
        {
          id: 'rslvr-autodefined-rr-internet-resolver',
          name: 'Internet Resolver',
          domainName: '.',
          ruleType: 'RECURSIVE',
          status: 'COMPLETE',
          targets: [],
        },
        {
          id: IDS.rule,
          name: 'corp-example-com',
          domainName: 'corp.example.com',
          ruleType: 'FORWARD',
          status: 'COMPLETE',
          endpointId: IDS.outbound,
          targets: [
            { ip: '10.10.0.2', port: 53 },
            { ip: '10.20.0.2', port: 53 },
          ],
        },
      ],
      ruleAssociations: [{ id: 'rslvr-rrassoc-1', ruleId: IDS.rule, vpcId: IDS.vpc, status: 'COMPLETE' }],
      subnetZones: { [IDS.subnetA]: 'us-east-1a', [IDS.subnetB]: 'us-east-1b' },
    },
    vpcs: [{ id: IDS.vpc, name: 'awsarch-network-hub', cidrs: ['10.255.0.0/16'] }],
    storageGateway: { gateways: [], fileShares: [] },
    directories: [],
    unavailableServices: [],
    collection: { rounds: 2, calls: 17, durationMs: 120, warnings: [] },
  };
}

/** A copy of the healthy snapshot with changes applied. */
export function snapshotWith(change: (snapshot: HybridSnapshot) => void): HybridSnapshot {
  const snapshot = healthySnapshot();
  change(snapshot);
  return snapshot;
}

export function setBgp(snapshot: HybridSnapshot, vifId: string, status: 'up' | 'down'): void {
  for (const vif of snapshot.directConnect.virtualInterfaces)
    if (vif.id === vifId) vif.bgpPeers = vif.bgpPeers.map((peer) => ({ ...peer, status }));
}

export function setTunnel(snapshot: HybridSnapshot, index: number, status: 'UP' | 'DOWN'): void {
  const tunnel = snapshot.vpn.connections[0]?.tunnels[index];
  if (tunnel)
    Object.assign(tunnel, {
      status,
      acceptedRoutes: status === 'UP' ? 2 : 0,
      lastStatusChange: '2026-11-24T10:40:00.000Z',
    });
}

export function setRoutes(snapshot: HybridSnapshot, routes: TgwRouteInfo[]): void {
  const table = snapshot.routeTables[0];
  if (table) table.routes = routes;
}
