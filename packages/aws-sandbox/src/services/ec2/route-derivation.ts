import type { SandboxState } from '../../state.js';
import { directConnectGatewayPrefixes } from '../directconnect/model.js';
import { canonicalCidr, cidrOrderKey, parseCidr } from './cidr-blocks.js';
import {
  regionStateOf,
  type Ec2RegionState,
  type TransitGateway,
  type TransitGatewayAttachment,
  type TransitGatewayRouteTable,
} from './model.js';
import { DEFAULT_MED, preferredRoute, type CandidateRoute, type InstalledRoute } from './route-preference.js';
import { customerGatewaysOf, vpnConnectionsOf, vpnLearnedPrefixes } from './vpn-model.js';

export type { CandidateRoute, InstalledRoute } from './route-preference.js';

/**
 * The routes an attachment propagates right now: a VPC its CIDR; a VPN what the customer gateway
 * announces over BGP while a tunnel is UP; a Direct Connect gateway what on-premises announces over
 * the virtual interfaces whose BGP is up.
 */
export function propagatedRoutes(
  state: SandboxState,
  region: string,
  attachment: TransitGatewayAttachment,
  now: number,
): CandidateRoute[] {
  if (attachment.state !== 'available') return [];
  const base = { type: 'propagated' as const, attachment };
  switch (attachment.resourceType) {
    case 'vpc': {
      const vpc = regionStateOf(state, attachment.resourceOwnerId, region).vpcs[attachment.resourceId];
      return vpc ? [{ ...base, cidr: canonicalCidr(vpc.cidrBlock), asPathLength: 0, med: 0 }] : [];
    }
    case 'vpn': {
      const owner = regionStateOf(state, attachment.resourceOwnerId, region);
      const vpn = vpnConnectionsOf(owner)[attachment.resourceId];
      if (!vpn) return [];
      const neighborAsn = customerGatewaysOf(owner)[vpn.customerGatewayId]?.bgpAsn;
      return vpnLearnedPrefixes(vpn).map((prefix) => ({
        ...base,
        cidr: canonicalCidr(prefix.cidr),
        asPathLength: prefix.asPathLength,
        med: prefix.med ?? DEFAULT_MED.vpn ?? 100,
        neighborAsn,
      }));
    }
    case 'direct-connect-gateway':
      return directConnectGatewayPrefixes(state, attachment.resourceId, now).map((prefix) => ({
        ...base,
        cidr: canonicalCidr(prefix.cidr),
        asPathLength: prefix.asPathLength,
        med: DEFAULT_MED['direct-connect-gateway'] ?? 0,
      }));
    default:
      return [];
  }
}

/** Every route offered to a table: its static routes and what each propagating attachment brings. */
export function candidateRoutes(
  state: SandboxState,
  owner: Ec2RegionState,
  table: TransitGatewayRouteTable,
  region: string,
  now: number,
): CandidateRoute[] {
  const statics: CandidateRoute[] = table.staticRoutes.map((route) => ({
    cidr: canonicalCidr(route.destinationCidrBlock),
    type: 'static',
    attachment:
      route.blackhole || !route.transitGatewayAttachmentId
        ? undefined
        : owner.transitGatewayAttachments[route.transitGatewayAttachmentId],
    asPathLength: 0,
    med: 0,
  }));
  const propagated = table.propagations.flatMap((attachmentId) => {
    const attachment = owner.transitGatewayAttachments[attachmentId];
    return attachment ? propagatedRoutes(state, region, attachment, now) : [];
  });
  return [...statics, ...propagated];
}

/** The route table as AWS shows it: one preferred route per CIDR, sorted by address. */
export function installedRoutes(
  state: SandboxState,
  owner: Ec2RegionState,
  table: TransitGatewayRouteTable,
  transitGateway: TransitGateway,
  region: string,
  now: number,
): InstalledRoute[] {
  const byCidr = new Map<string, CandidateRoute[]>();
  for (const candidate of candidateRoutes(state, owner, table, region, now)) {
    byCidr.set(candidate.cidr, [...(byCidr.get(candidate.cidr) ?? []), candidate]);
  }
  return [...byCidr.values()]
    .flatMap((candidates) => preferredRoute(candidates, transitGateway) ?? [])
    .sort((a, b) => routeSortKey(a).localeCompare(routeSortKey(b)));
}

export function routeSortKey(route: Pick<InstalledRoute, 'cidr'>): string {
  const parsed = parseCidr(route.cidr);
  return parsed ? cidrOrderKey(parsed) : `9:${route.cidr}`;
}
