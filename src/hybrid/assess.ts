import { assessAccountDns } from './assess-account-dns.js';
import { assessComponents } from './assess-components.js';
import { assessDirectories } from './assess-directories.js';
import { assessDns } from './assess-dns.js';
import { assessPaths, onPremisesPrefixes } from './assess-paths.js';
import { assessStorageGateway } from './assess-storage-gateway.js';
import {
  healthOutcome,
  SEVERITY_ORDER,
  type Finding,
  type HybridAssessment,
  type PathKind,
  type PrefixPath,
} from './assessment.js';
import { lintNetwork } from './network-lint.js';
import type { HybridSnapshot } from './snapshot.js';
import { hybridTopology } from './topology.js';
import { FINDING } from './finding-codes.js';
import { exitCodeOf } from '../core/exit-code.js';

export interface AssessOptions {
  /** Prefixes to check (--prefix); default: what Direct Connect and the VPN propagate. */
  prefixes?: readonly string[];
  /** Prefixes seen in earlier snapshots (--watch), still checked when their routes are gone. */
  knownPrefixes?: readonly string[];
  /** When each virtual interface was first observed down (--watch), by id. */
  downSince?: Record<string, string>;
}

function summaryPath(prefixes: readonly PrefixPath[]): PathKind | 'mixed' {
  const kinds = new Set(prefixes.map((prefix) => prefix.path));
  if (kinds.size === 0) return 'none';
  return kinds.size === 1 ? ([...kinds][0] as PathKind) : 'mixed';
}

/** What a finding is about, by its code, for the headline ("but Storage Gateway needs attention"). */
const AREAS: ReadonlyArray<[RegExp, string]> = [
  [/^(dx|vpn|path|static|more|no)-/, 'redundancy'],
  [/^dns-/, 'hybrid DNS'],
  [/^sgw-/, 'Storage Gateway'],
  [/^dir-/, 'the AD Connector'],
  [/^lint-/, 'the network lint'],
];

/** Why a path on Direct Connect is still degraded, in a few words. */
function degradedReason(findings: readonly Finding[]): string {
  const areas = [
    ...new Set(
      findings
        .filter((finding) => finding.severity !== 'info')
        .flatMap((finding) => AREAS.find(([pattern]) => pattern.test(finding.code))?.[1] ?? []),
    ),
  ];
  const others = areas.filter((area) => area !== 'redundancy');
  const parts = [
    ...(areas.includes('redundancy') || others.length === 0 ? ['redundancy is lost'] : []),
    ...(others.length > 0
      ? [`${others.join(others.length > 2 ? ', ' : ' and ')} need${others.length === 1 ? 's' : ''} attention`]
      : []),
  ];
  return parts.join('; ');
}

function headline(
  path: PathKind | 'mixed',
  prefixes: readonly PrefixPath[],
  status: HybridAssessment['status'],
  findings: readonly Finding[],
): string {
  const count = (kind: PathKind) => prefixes.filter((prefix) => prefix.path === kind).length;
  const of = `${prefixes.length} on-premises prefix${prefixes.length === 1 ? '' : 'es'}`;
  if (prefixes.length === 0) return 'Down: no route to on-premises';
  if (path === 'dx')
    return status === 'healthy'
      ? `Primary healthy: all ${of} route over Direct Connect`
      : `Degraded: all ${of} route over Direct Connect, but ${degradedReason(findings)}`;
  if (path === 'vpn') return `Degraded: all ${of} route over the VPN backup`;
  if (path === 'none') return `Down: no path for any of the ${of}`;
  const parts = [
    ['Direct Connect', count('dx')],
    ['the VPN', count('vpn')],
    ['nowhere', count('none')],
    ['elsewhere', count('other')],
  ] as const;
  return `${count('none') > 0 ? 'Down' : 'Degraded'}: of ${of}, ${parts
    .filter(([, n]) => n > 0)
    .map(([where, n]) => `${n} route${n === 1 ? 's' : ''} ${where === 'nowhere' ? 'nowhere' : `over ${where}`}`)
    .join(', ')}`;
}

/**
 * Pure: which path traffic to each on-premises prefix takes (dx | vpn | none), the health of every
 * component (Direct Connect, VPN, transit gateway, Resolver, Storage Gateway, directories, DNS in
 * every account), the network lint, and findings with a severity and a plain-English reason. Exit
 * code 5 when a prefix has no path, 4 when traffic is on the backup or any warning or critical
 * finding stands (redundancy lost, DNS impaired, a gateway offline, a directory impaired), else 0.
 */
export function assessHybridPath(snapshot: HybridSnapshot, options: AssessOptions = {}): HybridAssessment {
  const topology = hybridTopology(snapshot);
  const components = assessComponents(topology, options.downSince);
  const prefixList = onPremisesPrefixes(topology, options.prefixes, options.knownPrefixes);
  const paths = assessPaths(topology, prefixList, components.dx);
  const dns = assessDns(topology);
  const storage = assessStorageGateway(snapshot.storageGateway, snapshot.collectedAt);
  const directories = assessDirectories(topology);
  const accountDns = assessAccountDns(snapshot);
  const lint = lintNetwork({ topology, prefixes: prefixList, paths: paths.prefixes });
  const findings: Finding[] = [
    ...paths.findings,
    ...components.findings,
    ...dns.findings,
    ...storage.findings,
    ...directories.findings,
    ...accountDns.findings,
    ...lint,
  ];
  const hasHybrid = topology.dxAttachments.length > 0 || topology.vpnAttachments.length > 0;
  if (!hasHybrid) {
    findings.unshift({
      code: FINDING.NO_HYBRID,
      severity: 'critical',
      subject: snapshot.accountId ?? snapshot.region,
      text: `no Direct Connect gateway or VPN is attached to a transit gateway in ${snapshot.accountId ? `account ${snapshot.accountId}` : 'this account'} (${snapshot.region})${snapshot.accountId ? '' : '; if the network lives in another account, pass --account'}`,
    });
  } else if (prefixList.length === 0) {
    findings.unshift({
      code: FINDING.NO_ROUTES,
      severity: 'critical',
      subject: topology.transitGateways[0]?.id ?? '',
      text: 'the transit gateway has no route to on-premises: neither Direct Connect nor the VPN propagates any prefix',
    });
  }
  for (const service of snapshot.unavailableServices)
    findings.push({
      code: FINDING.SERVICE_UNAVAILABLE,
      severity: 'info',
      subject: service,
      text: `${service} is not available in ${snapshot.region}: nothing of it to check here`,
    });
  for (const warning of snapshot.collection.warnings)
    findings.push({ code: FINDING.COLLECTION_WARNING, severity: 'info', subject: 'collection', text: warning });
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const noPath = prefixList.length === 0 || paths.prefixes.some((prefix) => prefix.path === 'none');
  const degraded =
    paths.prefixes.some((prefix) => prefix.path !== 'dx') || findings.some((finding) => finding.severity !== 'info');
  const status = noPath ? 'down' : degraded ? 'degraded' : 'healthy';
  const path = summaryPath(paths.prefixes);
  const activeAttachments = new Set(
    paths.prefixes.flatMap((prefix) => prefix.tables.flatMap((table) => table.attachmentIds)),
  );
  const activeResources = new Set(
    snapshot.attachments
      .filter((attachment) => activeAttachments.has(attachment.id))
      .map((attachment) => attachment.resourceId),
  );
  return {
    status,
    exitCode: exitCodeOf(healthOutcome(status)),
    path,
    headline: headline(path, paths.prefixes, status, findings),
    prefixes: paths.prefixes,
    components: [
      ...components.components,
      ...dns.components,
      ...storage.components,
      ...directories.components,
      ...accountDns.components,
    ].map((component) => (activeResources.has(component.id) ? { ...component, active: true } : component)),
    findings,
    backup: components.backup,
  };
}
