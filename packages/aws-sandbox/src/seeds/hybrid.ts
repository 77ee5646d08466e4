import { regionStateOf } from '../services/ec2/model.js';
import {
  ensureConnection,
  ensureCustomerGateway,
  ensureDirectConnectGateway,
  ensureForwardingRule,
  ensureGatewayAssociation,
  ensureHubVpc,
  ensureResolverEndpoint,
  ensureTransitGatewayVpn,
  ensureTransitVif,
  type HybridSite,
} from './hybrid-resources.js';
import { ensureAdConnector, ensureFileGateway } from './hybrid-services.js';
import type { SandboxSeed, SeedSummary } from './seed.js';
import { ensureSharedTransitGateway, networkAccountId, SHARED_TRANSIT_GATEWAY_NAME } from './shared-transit-gateway.js';

/** Names of the reference topology, for `sandbox fault`, tests and the demo. */
export const HYBRID_TOPOLOGY = {
  hubVpc: 'awsarch-network-hub',
  connections: [
    {
      name: 'corp-dx-eqdc2',
      location: 'EqDC2',
      vif: 'corp-transit-eqdc2',
      vlan: 101,
      peers: ['169.254.10.1/30', '169.254.10.2/30'],
    },
    {
      name: 'corp-dx-csva1',
      location: 'CSVA1',
      vif: 'corp-transit-csva1',
      vlan: 102,
      peers: ['169.254.20.1/30', '169.254.20.2/30'],
    },
  ],
  directConnectGateway: 'corp-dxgw',
  customerGateway: 'corp-edge',
  vpn: 'corp-vpn-backup',
  inboundEndpoint: 'corp-dns-inbound',
  outboundEndpoint: 'corp-dns-outbound',
  forwardingRule: 'corp-example-com',
  corporateDomain: 'corp.example.com',
  onPremisesPrefixes: ['10.0.0.0/9', '172.16.0.0/12'],
  onPremisesDnsServers: ['10.10.0.2', '10.20.0.2'],
  customerAsn: 65010,
  fileGateway: 'corp-file-gateway',
  fileGatewayIp: '10.30.0.15',
  fileShares: [{ name: 'corp-archive', bucket: 'corp-archive-files', clients: ['10.0.0.0/9'] }],
  adConnector: { domain: 'corp.example.com', shortName: 'CORP', connectIps: ['10.255.0.20', '10.255.1.20'] },
} as const;

/**
 * The reference hybrid topology on the shared transit gateway, in the network account: two 10 Gbps
 * Direct Connect connections at different locations with transit VIFs (BGP up) on one Direct Connect
 * gateway associated with the transit gateway; a BGP VPN with two tunnels as backup (AS_PATH
 * prepended); both announcing the on-premises prefixes; a hub VPC with Resolver inbound and outbound
 * endpoints in two AZs and a forwarding rule for the corporate domain; an S3 File Gateway on-premises
 * with an NFS share; an AD Connector in the hub VPC using the on-premises DNS servers.
 */
export const hybridSeed: SandboxSeed = {
  name: 'hybrid',
  description:
    'Direct Connect (2 connections, transit VIFs, DX gateway) with a VPN backup and hybrid DNS on the shared transit gateway, a File Gateway and an AD Connector',
  apply(state, env) {
    const summary: SeedSummary = { created: [], existing: [] };
    const note = (created: boolean, line: string) => (created ? summary.created : summary.existing).push(line);
    const accountId = networkAccountId(state);
    const shared = ensureSharedTransitGateway(state, env);
    note(
      shared.created,
      `transit gateway ${shared.transitGateway.transitGatewayId} (${SHARED_TRANSIT_GATEWAY_NAME}) in account ${accountId}`,
    );
    const site: HybridSite = {
      state,
      accountId,
      region: env.region,
      ec2: regionStateOf(state, accountId, env.region),
      transitGateway: shared.transitGateway,
      now: env.now,
    };
    const T = HYBRID_TOPOLOGY;

    const hub = ensureHubVpc(site, T.hubVpc, '10.255.0.0/16', [
      { cidrBlock: '10.255.0.0/24', zone: 'a' },
      { cidrBlock: '10.255.1.0/24', zone: 'b' },
    ]);
    note(hub.created, `VPC ${hub.vpc.vpcId} (${T.hubVpc}, ${hub.vpc.cidrBlock}) attached to the transit gateway`);

    const dxgw = ensureDirectConnectGateway(site, T.directConnectGateway, 64513);
    note(dxgw.created, `Direct Connect gateway ${dxgw.gateway.directConnectGatewayId} (${T.directConnectGateway})`);
    for (const spec of T.connections) {
      const connection = ensureConnection(site, spec.name, spec.location, '10Gbps');
      note(
        connection.created,
        `connection ${connection.connection.connectionId} (${spec.name}, 10Gbps at ${spec.location})`,
      );
      const vif = ensureTransitVif(site, {
        name: spec.vif,
        connection: connection.connection,
        gateway: dxgw.gateway,
        vlan: spec.vlan,
        customerAsn: T.customerAsn,
        peerAddresses: [spec.peers[0], spec.peers[1]],
        announcedPrefixes: T.onPremisesPrefixes.map((cidr) => ({ cidr, asPathLength: 1 })),
      });
      note(vif.created, `transit VIF ${vif.vif.virtualInterfaceId} (${spec.vif}, BGP up)`);
    }
    const association = ensureGatewayAssociation(site, dxgw.gateway, [hub.vpc.cidrBlock]);
    note(
      association.created,
      `association of ${T.directConnectGateway} with ${shared.transitGateway.transitGatewayId}`,
    );

    const cgw = ensureCustomerGateway(site, T.customerGateway, T.customerAsn, '203.0.113.10');
    note(cgw.created, `customer gateway ${cgw.gateway.customerGatewayId} (${T.customerGateway}, AS ${T.customerAsn})`);
    const vpn = ensureTransitGatewayVpn(
      site,
      T.vpn,
      cgw.gateway,
      T.onPremisesPrefixes.map((cidr) => ({ cidr, asPathLength: 3 })),
    );
    note(vpn.created, `VPN ${vpn.vpn.vpnConnectionId} (${T.vpn}, 2 tunnels UP) attached to the transit gateway`);

    const [subnetA, subnetB] = hub.subnets;
    if (subnetA && subnetB) {
      const inbound = ensureResolverEndpoint(site, T.inboundEndpoint, 'INBOUND', hub.vpc, [
        { subnet: subnetA, ip: '10.255.0.10' },
        { subnet: subnetB, ip: '10.255.1.10' },
      ]);
      note(inbound.created, `Resolver inbound endpoint ${inbound.endpoint.id} (${T.inboundEndpoint}, 2 AZs)`);
      const outbound = ensureResolverEndpoint(site, T.outboundEndpoint, 'OUTBOUND', hub.vpc, [
        { subnet: subnetA, ip: '10.255.0.11' },
        { subnet: subnetB, ip: '10.255.1.11' },
      ]);
      note(outbound.created, `Resolver outbound endpoint ${outbound.endpoint.id} (${T.outboundEndpoint}, 2 AZs)`);
      const rule = ensureForwardingRule(
        site,
        T.forwardingRule,
        T.corporateDomain,
        outbound.endpoint,
        [...T.onPremisesDnsServers],
        hub.vpc,
      );
      note(
        rule.created,
        `forwarding rule ${rule.rule.id} (${T.corporateDomain} -> ${T.onPremisesDnsServers.join(', ')})`,
      );
      const connector = ensureAdConnector(site, {
        domain: T.adConnector.domain,
        shortName: T.adConnector.shortName,
        dnsIps: [...T.onPremisesDnsServers],
        vpc: hub.vpc,
        subnets: [subnetA, subnetB],
        connectIps: [...T.adConnector.connectIps],
      });
      note(
        connector.created,
        `AD Connector ${connector.directory.directoryId} (${T.adConnector.domain}, DNS ${T.onPremisesDnsServers.join(', ')})`,
      );
    }
    const gateway = ensureFileGateway(site, {
      name: T.fileGateway,
      ip: T.fileGatewayIp,
      shares: T.fileShares.map((share) => ({ ...share, clients: [...share.clients] })),
    });
    note(
      gateway.created,
      `File Gateway ${gateway.gateway.gatewayId} (${T.fileGateway}, on-premises) with NFS share ${gateway.shares.map((share) => share.name).join(', ')}`,
    );
    return summary;
  },
};
