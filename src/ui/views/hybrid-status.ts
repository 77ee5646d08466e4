import type { ComponentHealth, Health, HybridAssessment, PathKind } from '../../hybrid/assessment.js';
import { findingKey, type StatusChanges } from '../../hybrid/changes.js';
import type { HybridSnapshot } from '../../hybrid/snapshot.js';
import type { HybridStatusData, WatchSummary } from '../../hybrid/status.js';
import type { DiagramColumn, DiagramNode, HumanBlock, Tone } from '../io-host.js';
import { formatDuration } from '../render-text.js';

const TONES: Record<Health, Tone> = { healthy: 'ok', degraded: 'warn', down: 'bad' };
const HEALTH_WORDS: Record<Health, string> = { healthy: 'resolves', degraded: 'partly', down: 'fails' };
const PATH_TONES: Record<PathKind, Tone> = { dx: 'ok', vpn: 'warn', none: 'bad', other: 'warn' };
const PATH_WORDS: Record<PathKind, string> = {
  dx: 'Direct Connect',
  vpn: 'VPN (backup)',
  none: 'no path',
  other: 'elsewhere',
};

/** Direct Connect gateway ids are UUIDs: the diagram shows their first group (the JSON has them whole). */
const shortId = (component: ComponentHealth) =>
  component.kind === 'dx-gateway' ? `${component.id.slice(0, 8)}…` : component.id;

function node(component: ComponentHealth, changes: StatusChanges | undefined, depth = 0, tone?: Tone): DiagramNode {
  return {
    label: component.name,
    detail:
      component.name === component.id || component.kind === 'vpn-tunnel' || component.kind === 'dns-server'
        ? component.detail
        : `${shortId(component)} · ${component.detail}`,
    tone: tone ?? TONES[component.health],
    depth,
    active: component.active,
    changed: changes?.components.includes(component.id),
  };
}

/** on-premises -> Direct Connect / VPN -> transit gateway -> VPCs, each node coloured by its health. */
export function topologyDiagram(
  snapshot: HybridSnapshot,
  assessment: HybridAssessment,
  changes?: StatusChanges,
): DiagramColumn[] {
  const byKind = (kind: ComponentHealth['kind']) =>
    assessment.components.filter((component) => component.kind === kind);
  const children = (parentId: string, kind: ComponentHealth['kind']) =>
    assessment.components.filter((component) => component.kind === kind && component.parentId === parentId);
  const inAws = (gatewayId: string) =>
    snapshot.storageGateway.gateways.find((gateway) => gateway.id === gatewayId)?.hostEnvironment === 'EC2';
  const storage = (where: 'on-premises' | 'aws') =>
    byKind('storage-gateway')
      .filter((gateway) => inAws(gateway.id) === (where === 'aws'))
      .flatMap((gateway) => [
        node(gateway, changes),
        ...children(gateway.id, 'file-share').map((share) => node(share, changes, 1)),
      ]);
  const onPremises: DiagramNode[] = [
    ...byKind('customer-gateway').map((component) => node(component, changes)),
    ...storage('on-premises'),
    ...assessment.prefixes.map((prefix) => ({
      label: prefix.prefix,
      detail: `via ${PATH_WORDS[prefix.path]}`,
      tone: PATH_TONES[prefix.path],
      changed: changes?.prefixes.includes(prefix.prefix),
    })),
  ];
  const edge: DiagramNode[] = [];
  for (const connection of byKind('dx-connection')) {
    edge.push(node(connection, changes));
    for (const vif of children(connection.id, 'dx-vif')) edge.push(node(vif, changes, 1));
  }
  for (const gateway of byKind('dx-gateway')) edge.push(node(gateway, changes));
  for (const vpn of byKind('vpn')) {
    const idle = vpn.health === 'healthy' && !vpn.active;
    edge.push({ ...node(vpn, changes), detail: `${vpn.detail}${idle ? ', standby' : ''}` });
    for (const tunnel of children(vpn.id, 'vpn-tunnel')) edge.push(node(tunnel, changes, 1));
  }
  const transit: DiagramNode[] = [];
  for (const tgw of byKind('transit-gateway')) {
    transit.push(node(tgw, changes));
    for (const table of snapshot.routeTables.filter((candidate) => candidate.transitGatewayId === tgw.id)) {
      const paths = assessment.prefixes.flatMap((prefix) =>
        prefix.tables.filter((entry) => entry.routeTableId === table.id).map((entry) => entry.path),
      );
      const tone: Tone = paths.includes('none')
        ? 'bad'
        : paths.some((path) => path !== 'dx')
          ? 'warn'
          : paths.length > 0
            ? 'ok'
            : 'muted';
      transit.push({
        label: table.name ? `${table.name} ${table.id}` : table.id,
        detail: `${table.routes.length} routes`,
        tone,
        depth: 1,
      });
    }
  }
  const vpcs: DiagramNode[] = [];
  const directoriesIn = (vpcId: string | undefined) =>
    byKind('directory').filter(
      (directory) => snapshot.directories.find((candidate) => candidate.id === directory.id)?.vpcId === vpcId,
    );
  const directoryNodes = (directory: ComponentHealth, depth: number) => [
    node(directory, changes, depth),
    ...children(directory.id, 'dns-server').map((server) => node(server, changes, depth + 1)),
  ];
  const placed = new Set<string>();
  for (const vpc of byKind('vpc')) {
    vpcs.push(node(vpc, changes));
    for (const directory of directoriesIn(vpc.id)) {
      placed.add(directory.id);
      vpcs.push(...directoryNodes(directory, 1));
    }
    const endpoints = assessment.components.filter(
      (component) =>
        component.kind === 'resolver-endpoint' &&
        snapshot.dns.endpoints.find((endpoint) => endpoint.id === component.id)?.vpcId === vpc.id,
    );
    for (const endpoint of endpoints) {
      vpcs.push(node(endpoint, changes, 1));
      for (const rule of children(endpoint.id, 'resolver-rule')) vpcs.push(node(rule, changes, 2));
    }
  }
  for (const directory of byKind('directory').filter((candidate) => !placed.has(candidate.id)))
    vpcs.push(...directoryNodes(directory, 0));
  vpcs.push(...storage('aws'));
  return [
    { title: 'On-premises', nodes: onPremises },
    { title: 'Direct Connect / VPN', nodes: edge },
    { title: 'Transit gateway', nodes: transit },
    { title: 'VPCs', nodes: vpcs },
  ];
}

/** The human blocks of one status frame: headline, topology diagram, paths per prefix, findings. */
export function statusBlocks(data: HybridStatusData): HumanBlock[] {
  const { snapshot, assessment, changes } = data;
  const stats = snapshot.collection;
  const header = [
    assessment.headline,
    `${snapshot.accountId ? `account ${snapshot.accountId}, ` : ''}${snapshot.region}, read at ${snapshot.collectedAt.slice(11, 19)} UTC in ${formatDuration(stats.durationMs)} (${stats.rounds} rounds, ${stats.calls} API calls)`,
  ];
  if (changes && changes.lines.length > 0) header.push(`changed since the last refresh: ${changes.lines.join('; ')}`);
  const blocks: HumanBlock[] = [
    { kind: 'text', lines: header },
    { kind: 'diagram', columns: topologyDiagram(snapshot, assessment, changes) },
  ];
  const rows = assessment.prefixes.flatMap((prefix) =>
    prefix.tables.map((table) => [
      prefix.prefix,
      table.path,
      table.routeCidr ? `${table.routeCidr} (${table.routeType})` : '-',
      table.via,
      table.routeTableId,
    ]),
  );
  if (rows.length > 0)
    blocks.push({ kind: 'table', title: 'Paths', columns: ['PREFIX', 'PATH', 'ROUTE', 'VIA', 'ROUTE TABLE'], rows });
  const accounts = assessment.components.filter((component) => component.kind === 'account-dns');
  if (accounts.length > 0)
    blocks.push({
      kind: 'table',
      title: 'DNS in every account',
      columns: ['ACCOUNT', 'ID', 'DNS', 'DETAIL'],
      rows: accounts.map((account) => [account.name, account.id, HEALTH_WORDS[account.health], account.detail]),
    });
  blocks.push({
    kind: 'findings',
    title: 'Findings',
    items: assessment.findings.map((finding) => ({
      severity: finding.severity,
      text: finding.text,
      fix: finding.fix,
      changed: changes?.findings.includes(findingKey(finding)),
    })),
  });
  return blocks;
}

/** `hybrid status`: the topology, paths and findings; after --watch, how the watch ended. */
export function hybridStatusView(data: HybridStatusData | WatchSummary): HumanBlock[] {
  if (!('watch' in data)) return statusBlocks(data);
  const { refreshes, last } = data.watch;
  const summary = last ? `last status: ${last.headline}` : 'no status was read';
  return [
    {
      kind: 'text',
      lines: [`Stopped watching after ${refreshes} refresh${refreshes === 1 ? '' : 'es'}; ${summary}.`],
    },
  ];
}
