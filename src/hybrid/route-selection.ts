import { cidrContains, parseCidr, type Cidr } from '../core/cidr.js';
import type { PathKind } from './assessment.js';
import type {
  AttachmentResourceType,
  TgwRouteAttachmentRef,
  TgwRouteInfo,
  TgwRouteTableInfo,
  TransitGatewayInfo,
} from './snapshot.js';

/**
 * For routes of the same CIDR from different attachment types, AWS prefers (after static routes)
 * VPC, then Direct Connect gateway, Connect, VPN over private Direct Connect, VPN, VPN Concentrator,
 * peering (AWS Transit Gateway guide, "Route evaluation order").
 */
const TYPE_PRIORITY: AttachmentResourceType[] = [
  'vpc',
  'direct-connect-gateway',
  'connect',
  'vpn',
  'peering',
  'tgw-peering',
];

/** MED the transit gateway assigns when none was received: 0 on Direct Connect, 100 on VPN and Connect. */
function medOf(route: TgwRouteInfo): number {
  if (route.med !== undefined) return route.med;
  return typeOf(route) === 'direct-connect-gateway' ? 0 : 100;
}

function typeOf(route: TgwRouteInfo): AttachmentResourceType {
  return route.attachments[0]?.resourceType ?? 'unknown';
}

function typeRank(route: TgwRouteInfo): number {
  if (route.type === 'static') return -1;
  const index = TYPE_PRIORITY.indexOf(typeOf(route));
  return index < 0 ? TYPE_PRIORITY.length : index;
}

export interface RouteChoice {
  route: TgwRouteInfo;
  /** All attachments traffic is spread over (several only with ECMP). */
  attachments: TgwRouteAttachmentRef[];
  /** Routes of the same prefix that lost, and routes of shorter prefixes that also matched. */
  outranked: TgwRouteInfo[];
  shorter: TgwRouteInfo[];
}

/**
 * The route a transit gateway uses for a destination, applying AWS's route evaluation order:
 * 1. the most specific route (longest prefix) that contains the destination;
 * 2. for the same CIDR, a static route (blackhole included) before any propagated route;
 * 3. then by attachment type: VPC, Direct Connect gateway, Connect, VPN, peering;
 * 4. within one type, BGP attributes: shorter AS_PATH, then lower MED (0 for DX, 100 for VPN when unset);
 * 5. what is still tied is ECMP for VPN (only with VPN ECMP support), Direct Connect gateways and
 *    Connect; otherwise one of them (AWS does not guarantee which; here the lowest attachment id).
 * AWS's route tables show only the preferred route per CIDR, so steps 2-5 usually see one candidate;
 * they matter for snapshots that list several.
 */
export function selectRoute(
  routes: readonly TgwRouteInfo[],
  destination: Cidr,
  options: { vpnEcmp: boolean },
): RouteChoice | undefined {
  const matching = routes.flatMap((route) => {
    const cidr = parseCidr(route.cidr);
    return cidr && (route.state === 'active' || route.state === 'blackhole') && cidrContains(cidr, destination)
      ? [{ route, cidr }]
      : [];
  });
  if (matching.length === 0) return undefined;
  const longest = Math.max(...matching.map((candidate) => candidate.cidr.prefixLength));
  const samePrefix = matching
    .filter((candidate) => candidate.cidr.prefixLength === longest)
    .map((candidate) => candidate.route);
  const shorter = matching
    .filter((candidate) => candidate.cidr.prefixLength < longest)
    .map((candidate) => candidate.route);
  const ranked = [...samePrefix].sort(
    (a, b) =>
      typeRank(a) - typeRank(b) ||
      (a.asPathLength ?? 0) - (b.asPathLength ?? 0) ||
      medOf(a) - medOf(b) ||
      (a.attachments[0]?.attachmentId ?? '').localeCompare(b.attachments[0]?.attachmentId ?? ''),
  );
  const best = ranked[0] as TgwRouteInfo;
  const tied =
    best.type === 'static'
      ? [best]
      : ranked.filter(
          (route) =>
            route.type === 'propagated' &&
            typeRank(route) === typeRank(best) &&
            (route.asPathLength ?? 0) === (best.asPathLength ?? 0) &&
            medOf(route) === medOf(best),
        );
  const ecmp =
    typeOf(best) === 'vpn' ? options.vpnEcmp : typeOf(best) === 'direct-connect-gateway' || typeOf(best) === 'connect';
  const chosen = ecmp ? tied : [best];
  const attachments = [
    ...new Map(
      chosen.flatMap((route) => route.attachments).map((attachment) => [attachment.attachmentId, attachment]),
    ).values(),
  ];
  return { route: best, attachments, outranked: ranked.filter((route) => !chosen.includes(route)), shorter };
}

/** What kind of path a chosen route is: Direct Connect, VPN, nowhere (blackhole or no route), or something else. */
export function pathOf(choice: RouteChoice | undefined): PathKind {
  if (!choice || choice.route.state === 'blackhole' || choice.attachments.length === 0) return 'none';
  const types = new Set(choice.attachments.map((attachment) => attachment.resourceType));
  if (types.size === 1 && types.has('direct-connect-gateway')) return 'dx';
  if (types.size === 1 && types.has('vpn')) return 'vpn';
  return 'other';
}

const PATH_SEVERITY: Record<PathKind, number> = { dx: 0, vpn: 1, other: 2, none: 3 };

/** The worse of two paths: none, then other, then vpn, then dx. */
export function worsePath(a: PathKind, b: PathKind): PathKind {
  return PATH_SEVERITY[a] >= PATH_SEVERITY[b] ? a : b;
}

/**
 * The path traffic to one address takes from the given route tables: the worst over the tables
 * (none for an address that is not an address, or when there is no table).
 */
export function pathToAddress(
  tables: readonly TgwRouteTableInfo[],
  transitGateways: readonly TransitGatewayInfo[],
  address: string,
): PathKind {
  const destination = parseCidr(address);
  if (!destination || tables.length === 0) return 'none';
  return tables
    .map((table) => {
      const tgw = transitGateways.find((candidate) => candidate.id === table.transitGatewayId);
      return pathOf(selectRoute(table.routes, destination, { vpnEcmp: tgw?.vpnEcmpSupport ?? false }));
    })
    .reduce<PathKind>((worst, path) => worsePath(worst, path), 'dx');
}
