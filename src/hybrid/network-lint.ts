import { cidrContains, cidrsOverlap, parseCidr } from '../core/cidr.js';
import type { Finding, PrefixPath } from './assessment.js';
import { attachmentLabel, named, tunnelsUp, type HybridTopology } from './topology.js';
import { FINDING } from './finding-codes.js';

/** What every lint rule sees: the topology, the on-premises prefixes and the paths found for them. */
export interface LintInput {
  topology: HybridTopology;
  /** The on-premises prefixes (announced over Direct Connect or the VPN, or given with --prefix). */
  prefixes: readonly string[];
  paths: readonly PrefixPath[];
}

export type LintRule = (input: LintInput) => Finding[];

interface KnownVpc {
  id: string;
  name?: string;
  cidr: string;
  /** "account 1111 (Dev)" when it is not the network account's. */
  where?: string;
}

/** Every VPC CIDR known: the network account's VPCs, the VPCs on the transit gateway, the baselined VPCs of every account. */
function knownVpcs(topology: HybridTopology): KnownVpc[] {
  const { snapshot } = topology;
  const byKey = new Map<string, KnownVpc>();
  const add = (vpc: KnownVpc) => {
    const key = `${vpc.id}|${vpc.cidr}`;
    const existing = byKey.get(key);
    byKey.set(key, { ...vpc, name: vpc.name ?? existing?.name, where: vpc.where ?? existing?.where });
  };
  for (const vpc of snapshot.vpcs) for (const cidr of vpc.cidrs) add({ id: vpc.id, name: vpc.name, cidr });
  for (const table of topology.routeTables)
    for (const route of table.routes.filter((candidate) => candidate.type === 'propagated'))
      for (const ref of route.attachments.filter((attachment) => attachment.resourceType === 'vpc')) {
        const attachment = topology.attachments.get(ref.attachmentId);
        const owner = attachment?.resourceOwnerId;
        add({
          id: ref.resourceId,
          name: attachment?.name,
          cidr: route.cidr,
          where: owner && owner !== snapshot.accountId ? `account ${owner}` : undefined,
        });
      }
  for (const account of snapshot.accountDns?.accounts ?? [])
    for (const vpc of account.vpcs)
      for (const cidr of vpc.cidrs)
        add({
          id: vpc.id,
          name: vpc.name,
          cidr,
          where: `account ${account.id}${account.name ? ` (${account.name})` : ''}`,
        });
  return [...byKey.values()];
}

/** How on-premises announces a prefix: "over Direct Connect", "over the VPN", or "(checked with --prefix)". */
function announcedBy(topology: HybridTopology, prefix: string): string {
  const types = new Set(
    topology.routeTables.flatMap((table) =>
      table.routes
        .filter((route) => route.cidr === prefix)
        .flatMap((route) => route.attachments.map((attachment) => attachment.resourceType)),
    ),
  );
  if (types.has('direct-connect-gateway')) return 'which on-premises announces over Direct Connect';
  if (types.has('vpn')) return 'which on-premises announces over the VPN';
  return 'an on-premises prefix';
}

/** A VPC whose CIDR lies inside (or overlaps) an on-premises prefix: the two networks cannot reach each other's hosts there. */
export const vpcOverlapsOnPremises: LintRule = ({ topology, prefixes }) => {
  const findings: Finding[] = [];
  const onPremises = prefixes.flatMap((prefix) => {
    const cidr = parseCidr(prefix);
    return cidr ? [{ prefix, cidr }] : [];
  });
  for (const vpc of knownVpcs(topology)) {
    const cidr = parseCidr(vpc.cidr);
    if (!cidr) continue;
    const clash = onPremises.find((entry) => cidrsOverlap(entry.cidr, cidr));
    if (!clash) continue;
    const inside = cidrContains(clash.cidr, cidr);
    findings.push({
      code: FINDING.LINT_VPC_OVERLAPS_ON_PREMISES,
      severity: 'warning',
      subject: vpc.id,
      text: `VPC ${named(vpc.id, vpc.name)}${vpc.where ? ` in ${vpc.where}` : ''} uses ${vpc.cidr}, ${inside ? 'inside' : 'overlapping'} ${clash.prefix}, ${announcedBy(topology, clash.prefix)}: hosts on-premises in ${vpc.cidr} are unreachable from AWS, and on-premises may not route to the VPC`,
      fix: `give the VPC a CIDR outside the on-premises prefixes (the baseline allocates from its cidrPool), or have on-premises stop announcing ${vpc.cidr}`,
    });
  }
  return findings;
};

/**
 * A static route (other than to the Direct Connect gateway) as specific as, or more specific than, a
 * prefix Direct Connect propagates: static routes win over propagated ones, so it takes that range
 * off Direct Connect even while it is up. Routes the path findings already explain are left out.
 */
export const staticRouteShadowsDirectConnect: LintRule = ({ topology, paths }) => {
  const findings: Finding[] = [];
  const explained = new Set(
    paths.flatMap((prefix) =>
      prefix.tables
        .filter((table) => table.routeType === 'static' && table.path !== 'dx')
        .map((table) => `${table.routeTableId}|${table.routeCidr}`),
    ),
  );
  for (const table of topology.routeTables) {
    const dxRoutes = table.routes.filter(
      (route) =>
        route.type === 'propagated' &&
        route.attachments.some((attachment) => attachment.resourceType === 'direct-connect-gateway'),
    );
    for (const route of table.routes.filter((candidate) => candidate.type === 'static')) {
      if (route.attachments.some((attachment) => attachment.resourceType === 'direct-connect-gateway')) continue;
      if (explained.has(`${table.id}|${route.cidr}`)) continue;
      const cidr = parseCidr(route.cidr);
      const shadowed =
        cidr &&
        dxRoutes.find((dx) => {
          const dxCidr = parseCidr(dx.cidr);
          return dxCidr !== undefined && cidrContains(dxCidr, cidr);
        });
      if (!shadowed) continue;
      const target =
        route.state === 'blackhole'
          ? 'a blackhole'
          : route.attachments.map((attachment) => attachmentLabel(topology, attachment.attachmentId)).join(' + ');
      findings.push({
        code: FINDING.LINT_STATIC_ROUTE_SHADOWS_DX,
        severity: 'warning',
        subject: `${table.id}|${route.cidr}`,
        text: `a static route for ${route.cidr} to ${target} in ${named(table.id, table.name)} shadows Direct Connect's ${shadowed.cidr}: static routes beat propagated ones, so ${route.cidr} never uses Direct Connect`,
        fix: `delete the static route for ${route.cidr} from ${table.id} (or point it at the Direct Connect gateway attachment)`,
      });
    }
  }
  return findings;
};

/** Every Direct Connect interface to the transit gateway at one location: the location is a single point of failure. */
export const directConnectSingleLocation: LintRule = ({ topology }) => {
  const { snapshot } = topology;
  const locations = new Set(
    topology.dxVifs.flatMap(
      (vif) =>
        snapshot.directConnect.connections.find((connection) => connection.id === vif.connectionId)?.location ?? [],
    ),
  );
  if (topology.dxVifs.length === 0 || locations.size !== 1) return [];
  const location = [...locations][0] ?? '';
  return [
    {
      code: FINDING.DX_SINGLE_LOCATION,
      severity: 'warning',
      subject: location,
      text: `every Direct Connect interface to the transit gateway terminates at ${location}: one location is a single point of failure`,
      fix: 'add a Direct Connect connection at a second location (AWS recommends two for high resiliency, two at each of two locations for maximum resiliency)',
    },
  ];
};

/** A BGP VPN whose UP tunnels learned different numbers of routes: the customer gateway announces different prefixes on each. */
export const vpnTunnelsAnnounceDifferently: LintRule = ({ topology }) =>
  topology.vpns.flatMap((vpn) => {
    if (vpn.staticRoutesOnly || tunnelsUp(vpn) < 2) return [];
    const up = vpn.tunnels.filter((tunnel) => tunnel.status === 'UP');
    const counts = new Set(up.map((tunnel) => tunnel.acceptedRoutes));
    if (counts.size < 2) return [];
    return [
      {
        code: FINDING.LINT_VPN_TUNNELS_DIFFER,
        severity: 'warning',
        subject: vpn.id,
        text: `the tunnels of VPN ${named(vpn.id, vpn.name)} learned different routes (${up.map((tunnel) => `${tunnel.outsideIp}: ${tunnel.acceptedRoutes}`).join(', ')}): when one tunnel fails, the prefixes only the other announced lose the backup path`,
        fix: 'announce the same prefixes over both tunnels from the customer gateway',
      },
    ];
  });

/** A transit gateway with several VPNs but VPN ECMP off: only one VPN carries traffic, the others idle. */
export const vpnEcmpDisabled: LintRule = ({ topology }) =>
  topology.transitGateways.flatMap((tgw) => {
    const vpns = topology.vpnAttachments.filter((attachment) => attachment.transitGatewayId === tgw.id);
    if (vpns.length < 2 || tgw.vpnEcmpSupport) return [];
    return [
      {
        code: FINDING.LINT_TGW_VPN_ECMP_OFF,
        severity: 'warning',
        subject: tgw.id,
        text: `transit gateway ${named(tgw.id, tgw.name)} has ${vpns.length} VPN attachments but VPN ECMP support is off: only one VPN carries traffic at a time`,
        fix: `turn on VPN ECMP support (ModifyTransitGateway --options VpnEcmpSupport=enable on ${tgw.id}) so traffic spreads over the VPNs with equal routes`,
      },
    ];
  });

/** The rules of the network lint (the Resolver single-AZ rule lives with the DNS assessment, the VPN-down one with the VPN's). */
export const NETWORK_LINT_RULES: readonly LintRule[] = [
  vpcOverlapsOnPremises,
  staticRouteShadowsDirectConnect,
  directConnectSingleLocation,
  vpnTunnelsAnnounceDifferently,
  vpnEcmpDisabled,
];

/** Pure: the network lint's findings, each saying what to change. */
export function lintNetwork(input: LintInput): Finding[] {
  return NETWORK_LINT_RULES.flatMap((rule) => rule(input));
}
