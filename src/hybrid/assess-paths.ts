import { cidrSortKey, formatCidr, parseCidr } from '../core/cidr.js';
import type { DxSummary } from './assess-components.js';
import { clockTime, type Finding, type PathKind, type PrefixPath, type TablePath } from './assessment.js';
import { pathOf, selectRoute, worsePath, type RouteChoice } from './route-selection.js';
import type { TgwRouteTableInfo } from './snapshot.js';
import { attachmentLabel, named, tunnelsUp, type HybridTopology } from './topology.js';
import { FINDING } from './finding-codes.js';

/**
 * The on-premises prefixes to check: those given (--prefix), else every CIDR the route tables learn
 * from a Direct Connect gateway or a VPN, plus prefixes seen before (--watch keeps a prefix that has
 * lost all its routes, so it shows as "none" instead of vanishing).
 */
export function onPremisesPrefixes(
  topology: HybridTopology,
  given: readonly string[] = [],
  known: readonly string[] = [],
): string[] {
  const source =
    given.length > 0
      ? given
      : [
          ...topology.routeTables.flatMap((table) =>
            table.routes
              .filter((route) =>
                route.attachments.some(
                  (attachment) =>
                    attachment.resourceType === 'direct-connect-gateway' || attachment.resourceType === 'vpn',
                ),
              )
              .map((route) => route.cidr),
          ),
          ...known,
        ];
  const parsed = new Map<string, ReturnType<typeof parseCidr>>();
  for (const text of source) {
    const cidr = parseCidr(text);
    if (cidr) parsed.set(formatCidr(cidr), cidr);
  }
  return [...parsed.entries()]
    .sort(([, a], [, b]) => cidrSortKey(a!).localeCompare(cidrSortKey(b!)))
    .map(([text]) => text);
}

function vpnIdsOf(topology: HybridTopology, choice: RouteChoice): string[] {
  return choice.attachments.flatMap((attachment) => (attachment.resourceType === 'vpn' ? [attachment.resourceId] : []));
}

/** The path in one table, where a static route to VPNs whose tunnels are all down counts as none (traffic is dropped). */
function tablePath(
  topology: HybridTopology,
  table: TgwRouteTableInfo,
  prefix: string,
): { table: TablePath; choice?: RouteChoice } {
  const cidr = parseCidr(prefix);
  const tgw = topology.snapshot.transitGateways.find((candidate) => candidate.id === table.transitGatewayId);
  const choice = cidr ? selectRoute(table.routes, cidr, { vpnEcmp: tgw?.vpnEcmpSupport ?? false }) : undefined;
  let path = pathOf(choice);
  if (path === 'vpn' && choice) {
    const vpns = vpnIdsOf(topology, choice).map((id) => topology.snapshot.vpn.connections.find((vpn) => vpn.id === id));
    if (vpns.every((vpn) => vpn && tunnelsUp(vpn) === 0)) path = 'none';
  }
  const attachmentIds = choice?.attachments.map((attachment) => attachment.attachmentId) ?? [];
  const via =
    choice?.route.state === 'blackhole'
      ? 'blackhole'
      : attachmentIds.length > 0
        ? attachmentIds.map((id) => attachmentLabel(topology, id)).join(' + ')
        : 'no route';
  return {
    table: {
      routeTableId: table.id,
      path,
      routeCidr: choice?.route.cidr,
      routeType: choice?.route.type,
      attachmentIds,
      via,
    },
    choice,
  };
}

function dxDownText(dx: DxSummary): string {
  const names = dx.down.map((vif) => {
    const at = clockTime(dx.downSince[vif.id]);
    return `${named(vif.id, vif.name)}${at ? ` since ${at}` : ''}`;
  });
  return names.length > 0
    ? `BGP is down on every Direct Connect interface (${names.join(', ')})`
    : 'no Direct Connect interface reaches the transit gateway';
}

/** Why a prefix is not on Direct Connect, in one finding. */
function pathFinding(
  topology: HybridTopology,
  dx: DxSummary,
  prefix: string,
  table: TgwRouteTableInfo,
  result: { table: TablePath; choice?: RouteChoice },
): Finding | undefined {
  const { path, via, routeCidr } = result.table;
  const where = named(table.id, table.name);
  const choice = result.choice;
  if (path === 'dx') return undefined;
  if (path === 'none') {
    if (!choice)
      return {
        code: FINDING.PATH_NONE,
        severity: 'critical',
        subject: prefix,
        text: `${prefix} has no route in ${where}: traffic to it is dropped${dx.up.length === 0 && dx.configured.length > 0 ? ` (${dxDownText(dx)}, and the VPN has no route for it)` : ''}`,
      };
    if (choice.route.state === 'blackhole')
      return {
        code: FINDING.PATH_BLACKHOLE,
        severity: 'critical',
        subject: prefix,
        text: `${prefix} matches a blackhole route (${routeCidr}) in ${where}: traffic to it is dropped`,
      };
    return {
      code: FINDING.PATH_VPN_DOWN,
      severity: 'critical',
      subject: prefix,
      text: `${prefix} routes to ${via} by a ${choice.route.type} route, but every tunnel of that VPN is down: traffic to it is dropped`,
    };
  }
  if (path === 'other')
    return {
      code: FINDING.PATH_OTHER,
      severity: 'warning',
      subject: prefix,
      text: `${prefix} routes to ${via} in ${where}, not to on-premises`,
    };
  // path === 'vpn'
  const dxRouteShorter = choice?.shorter.find((route) =>
    route.attachments.some((attachment) => attachment.resourceType === 'direct-connect-gateway'),
  );
  if (choice?.route.type === 'static' && dx.up.length > 0) {
    return {
      code: FINDING.STATIC_ROUTE_TO_VPN,
      severity: 'warning',
      subject: prefix,
      text: `a static route for ${routeCidr} in ${where} sends ${prefix} over ${via} although Direct Connect is up: a static route beats propagated routes for the same prefix`,
    };
  }
  if (dx.up.length === 0)
    return {
      code: FINDING.PATH_BACKUP,
      severity: 'warning',
      subject: prefix,
      text: `${prefix} routes over the backup, ${via}: ${dxDownText(dx)}`,
    };
  if (dxRouteShorter) {
    return {
      code: FINDING.MORE_SPECIFIC_VIA_VPN,
      severity: 'warning',
      subject: prefix,
      text: `${prefix} routes over ${via} although Direct Connect is up: the VPN announces ${routeCidr}, more specific than Direct Connect's ${dxRouteShorter.cidr}, and the longest prefix wins`,
    };
  }
  return {
    code: FINDING.DX_MISSING_PREFIX,
    severity: 'warning',
    subject: prefix,
    text: `${prefix} routes over ${via}: Direct Connect is up but does not announce a route for it`,
  };
}

/** For each on-premises prefix: the route and path in every route table VPCs use, and why it is not Direct Connect. */
export function assessPaths(
  topology: HybridTopology,
  prefixes: readonly string[],
  dx: DxSummary,
): { prefixes: PrefixPath[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const result = prefixes.map((prefix): PrefixPath => {
    const perTable = topology.routeTables.map((table) => ({ table, result: tablePath(topology, table, prefix) }));
    const path = perTable.reduce<PathKind>(
      (worst, entry) => worsePath(worst, entry.result.table.path),
      perTable.length > 0 ? 'dx' : 'none',
    );
    const worst = perTable.find((entry) => entry.result.table.path === path);
    const finding = worst ? pathFinding(topology, dx, prefix, worst.table, worst.result) : undefined;
    if (finding) findings.push(finding);
    return { prefix, path, tables: perTable.map((entry) => entry.result.table) };
  });
  return { prefixes: result, findings };
}
