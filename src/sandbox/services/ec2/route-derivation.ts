import { cidrSortKey, normalizeCidr, parseCidr } from '../../../core/cidr.js';
import type { SandboxState } from '../../state.js';
import { directConnectGatewayPrefixes } from '../directconnect/model.js';
import {
  regionStateOf,
  type Ec2RegionState,
  type TransitGateway,
  type TransitGatewayAttachment,
  type TransitGatewayRouteTable,
} from './model.js';
import { vpnConnectionsOf, vpnLearnedPrefixes } from './vpn-model.js';

/** One route offered to a route table, before the transit gateway picks the preferred one per CIDR. */
export interface CandidateRoute {
  cidr: string;
  type: 'static' | 'propagated';
  /** Undefined for a blackhole static route. */
  attachment?: TransitGatewayAttachment;
  asPathLength: number;
  med: number;
}

/** A route as the route table shows it: the preferred one per CIDR, with all its ECMP attachments. */
export interface InstalledRoute {
  cidr: string;
  type: 'static' | 'propagated';
  state: 'active' | 'blackhole';
  attachments: TransitGatewayAttachment[];
}

/** MED a transit gateway assigns to routes received without one (AWS Transit Gateway guide, route evaluation order). */
const DEFAULT_MED = { 'direct-connect-gateway': 0, vpn: 100, connect: 100 } as Record<string, number>;

/** Attachment types in the order AWS prefers their propagated routes for the same CIDR. */
const PROPAGATED_PRIORITY = ['vpc', 'direct-connect-gateway', 'connect', 'vpn', 'peering', 'tgw-peering'];

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
      return vpc ? [{ ...base, cidr: normalizeCidr(vpc.cidrBlock), asPathLength: 0, med: 0 }] : [];
    }
    case 'vpn': {
      const vpn = vpnConnectionsOf(regionStateOf(state, attachment.resourceOwnerId, region))[attachment.resourceId];
      if (!vpn) return [];
      return vpnLearnedPrefixes(vpn).map((prefix) => ({
        ...base,
        cidr: normalizeCidr(prefix.cidr),
        asPathLength: prefix.asPathLength,
        med: prefix.med ?? DEFAULT_MED.vpn ?? 100,
      }));
    }
    case 'direct-connect-gateway':
      return directConnectGatewayPrefixes(state, attachment.resourceId, now).map((prefix) => ({
        ...base,
        cidr: normalizeCidr(prefix.cidr),
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
    cidr: normalizeCidr(route.destinationCidrBlock),
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

function priorityOf(route: CandidateRoute): number {
  if (route.type === 'static') return -1;
  const index = PROPAGATED_PRIORITY.indexOf(route.attachment?.resourceType ?? '');
  return index < 0 ? PROPAGATED_PRIORITY.length : index;
}

function ecmpAllowed(resourceType: string | undefined, transitGateway: TransitGateway): boolean {
  if (resourceType === 'vpn') return transitGateway.vpnEcmpSupport === 'enable';
  return resourceType === 'direct-connect-gateway' || resourceType === 'connect';
}

/**
 * AWS's route evaluation for routes of the same CIDR: a static route beats every propagated one;
 * then VPC, Direct Connect gateway, Connect, VPN, peering; within one attachment type the shorter
 * AS_PATH, then the lower MED; what is still tied is ECMP where the type supports it (VPN only with
 * VPN ECMP support enabled), otherwise one attachment (here: the lowest id).
 */
export function preferredRoute(
  candidates: readonly CandidateRoute[],
  transitGateway: TransitGateway,
): InstalledRoute | undefined {
  const [first] = candidates;
  if (!first) return undefined;
  const ranked = [...candidates].sort(
    (a, b) =>
      priorityOf(a) - priorityOf(b) ||
      a.asPathLength - b.asPathLength ||
      a.med - b.med ||
      (a.attachment?.transitGatewayAttachmentId ?? '').localeCompare(b.attachment?.transitGatewayAttachmentId ?? ''),
  );
  const best = ranked[0] as CandidateRoute;
  if (best.type === 'static') {
    const usable = best.attachment !== undefined && best.attachment.state === 'available';
    return {
      cidr: best.cidr,
      type: 'static',
      state: usable ? 'active' : 'blackhole',
      attachments: best.attachment ? [best.attachment] : [],
    };
  }
  const tied = ranked.filter(
    (route) =>
      priorityOf(route) === priorityOf(best) && route.asPathLength === best.asPathLength && route.med === best.med,
  );
  const chosen = ecmpAllowed(best.attachment?.resourceType, transitGateway) ? tied : [best];
  const attachments = [
    ...new Map(
      chosen.flatMap((route) =>
        route.attachment ? [[route.attachment.transitGatewayAttachmentId, route.attachment] as const] : [],
      ),
    ).values(),
  ];
  return { cidr: best.cidr, type: 'propagated', state: 'active', attachments };
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
  return parsed ? cidrSortKey(parsed) : `9:${route.cidr}`;
}
