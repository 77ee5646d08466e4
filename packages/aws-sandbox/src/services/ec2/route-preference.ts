import type { TransitGateway, TransitGatewayAttachment } from './model.js';

/**
 * How a transit gateway picks, among the routes offered for one CIDR, the one its route table shows.
 * Source: AWS Transit Gateway guide, "How transit gateways work": "Route evaluation order" and
 * "Equal Cost Multipath routing". (The most specific route for a destination is chosen at lookup,
 * e.g. by SearchTransitGatewayRoutes' longest-prefix-match filter; here every candidate has the same CIDR.)
 */

/** One route offered to a route table, before the transit gateway picks the preferred one per CIDR. */
export interface CandidateRoute {
  cidr: string;
  type: 'static' | 'propagated';
  /** Undefined for a blackhole static route. */
  attachment?: TransitGatewayAttachment;
  asPathLength: number;
  /** MED as received, or the default the transit gateway assigns (see DEFAULT_MED). */
  med: number;
  /** The BGP neighbour's ASN where the sandbox knows it (a VPN's customer gateway). */
  neighborAsn?: number;
}

/** A route as the route table shows it: the preferred one per CIDR, with all its ECMP attachments. */
export interface InstalledRoute {
  cidr: string;
  type: 'static' | 'propagated';
  state: 'active' | 'blackhole';
  attachments: TransitGatewayAttachment[];
}

/**
 * "For routes advertised to a transit gateway without MED, AWS Transit Gateway will assign the following
 * default values: 0 for inbound routes advertised on Direct Connect attachments; 100 for inbound routes
 * advertised on VPN and Connect attachments."
 */
export const DEFAULT_MED: Readonly<Record<string, number>> = { 'direct-connect-gateway': 0, vpn: 100, connect: 100 };

/**
 * "For routes with the same CIDR, but from different attachment types": after static routes and prefix
 * list referenced routes (neither propagated), VPC, Direct Connect gateway, Connect, Site-to-Site VPN over
 * private Direct Connect, Site-to-Site VPN, VPN Concentrator, transit gateway peering. The sandbox does not
 * model VPN over private Direct Connect, VPN Concentrators or prefix lists; their places are kept for order.
 */
const ATTACHMENT_TYPE_ORDER = [
  'vpc',
  'direct-connect-gateway',
  'connect',
  'vpn-over-private-direct-connect',
  'vpn',
  'vpn-concentrator',
  'peering',
  'tgw-peering',
];

function typeRank(route: CandidateRoute): number {
  if (route.type === 'static') return -1;
  const rank = ATTACHMENT_TYPE_ORDER.indexOf(route.attachment?.resourceType ?? '');
  return rank === -1 ? ATTACHMENT_TYPE_ORDER.length : rank;
}

/** Same CIDR and same attachment type: "Shorter AS Path length", then "Lower MED value". */
function compareRoutes(a: CandidateRoute, b: CandidateRoute): number {
  return typeRank(a) - typeRank(b) || a.asPathLength - b.asPathLength || a.med - b.med || byAttachmentId(a, b);
}

/**
 * Routes still equal after the BGP attributes: AWS "can't guarantee a consistent route prioritization
 * order"; the sandbox settles it the same way every time, by attachment id.
 */
function byAttachmentId(a: CandidateRoute, b: CandidateRoute): number {
  return (a.attachment?.transitGatewayAttachmentId ?? '').localeCompare(b.attachment?.transitGatewayAttachmentId ?? '');
}

/**
 * Whether traffic is spread over several equally preferred routes of this type. ECMP is never across
 * attachment types and never across ASNs ("BGP Multipath AS-Path Relax is not supported"). VPN: only with
 * the gateway's VpnEcmpSupport enabled; Connect: always; Direct Connect gateway: when prefix and AS_PATH are
 * the same (the sandbox knows AS_PATH lengths); VPC, peering and VPN Concentrator: never.
 */
function spreadsOverEqualRoutes(resourceType: string | undefined, transitGateway: TransitGateway): boolean {
  switch (resourceType) {
    case 'vpn':
      return transitGateway.vpnEcmpSupport === 'enable';
    case 'connect':
    case 'direct-connect-gateway':
      return true;
    default:
      return false;
  }
}

function equallyPreferred(route: CandidateRoute, best: CandidateRoute): boolean {
  return (
    route.type === 'propagated' &&
    typeRank(route) === typeRank(best) &&
    route.asPathLength === best.asPathLength &&
    route.med === best.med &&
    route.neighborAsn === best.neighborAsn
  );
}

/**
 * The route a table shows for one CIDR. A static route outranks every propagated one and is a blackhole
 * when it names no attachment or one that is not available; "AWS Transit Gateway only shows a preferred
 * route" (backups appear only once the preferred route is withdrawn).
 */
export function preferredRoute(
  candidates: readonly CandidateRoute[],
  transitGateway: TransitGateway,
): InstalledRoute | undefined {
  const ranked = [...candidates].sort(compareRoutes);
  const best = ranked[0];
  if (!best) return undefined;
  if (best.type === 'static') {
    const target = best.attachment;
    return {
      cidr: best.cidr,
      type: 'static',
      state: target?.state === 'available' ? 'active' : 'blackhole',
      attachments: target ? [target] : [],
    };
  }
  const used = spreadsOverEqualRoutes(best.attachment?.resourceType, transitGateway)
    ? ranked.filter((route) => equallyPreferred(route, best))
    : [best];
  const attachments = new Map<string, TransitGatewayAttachment>();
  for (const route of used) {
    if (route.attachment) attachments.set(route.attachment.transitGatewayAttachmentId, route.attachment);
  }
  return { cidr: best.cidr, type: 'propagated', state: 'active', attachments: [...attachments.values()] };
}
