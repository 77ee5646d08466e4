import type { ComponentHealth, Finding, Health, PathKind } from './assessment.js';
import { pathToAddress } from './route-selection.js';
import type { DirectoryInfo } from './snapshot.js';
import { named, type HybridTopology } from './topology.js';
import { FINDING } from './finding-codes.js';

/** Directory Service stages that mean the directory works. */
const WORKING = new Set(['Active']);
/** Stages on the way to working (or away from it, on purpose): worth knowing, not an alarm. */
const PASSING = new Set(['Requested', 'Creating', 'Created', 'Updating', 'Restoring', 'Deleting']);

const PATH_WORDS: Record<PathKind, string> = {
  dx: 'over Direct Connect',
  vpn: 'over the VPN',
  none: 'nowhere',
  other: 'not to on-premises',
};

/** The route tables the directory's VPC uses on the transit gateway (none when its VPC is not attached). */
function tablesOf(topology: HybridTopology, directory: DirectoryInfo) {
  const attachments = topology.vpcAttachments.filter((attachment) => attachment.resourceId === directory.vpcId);
  const ids = new Set(attachments.flatMap((attachment) => attachment.routeTableId ?? []));
  return topology.snapshot.routeTables.filter((table) => ids.has(table.id));
}

function stageFinding(directory: DirectoryInfo, label: string): { health: Health; finding?: Finding } {
  if (WORKING.has(directory.stage)) return { health: 'healthy' };
  const reason = directory.stageReason ? `: ${directory.stageReason}` : '';
  if (PASSING.has(directory.stage))
    return {
      health: 'degraded',
      finding: {
        code: FINDING.DIR_STAGE,
        severity: 'info',
        subject: directory.id,
        text: `${label} is ${directory.stage}${reason}`,
      },
    };
  return {
    health: directory.stage === 'Impaired' ? 'degraded' : 'down',
    finding: {
      code: FINDING.DIR_IMPAIRED,
      severity: 'warning',
      subject: directory.id,
      text: `${label} is ${directory.stage}${reason}: sign-in with on-premises accounts fails or is unreliable`,
      fix:
        directory.type === 'ADConnector'
          ? 'check that the on-premises DNS servers and domain controllers answer from the AD Connector subnets (DNS 53, Kerberos 88, LDAP 389 over the hybrid path) and that the service account is valid'
          : 'see the directory in the Directory Service console for the cause',
    },
  };
}

/**
 * Directory Service: each directory's stage and, for an AD Connector, whether each on-premises DNS
 * server it uses is covered by a prefix that routes over Direct Connect or the VPN from its VPC.
 */
export function assessDirectories(topology: HybridTopology): { components: ComponentHealth[]; findings: Finding[] } {
  const components: ComponentHealth[] = [];
  const findings: Finding[] = [];
  for (const directory of topology.snapshot.directories) {
    const kind = directory.type === 'ADConnector' ? 'AD Connector' : `${directory.type} directory`;
    const label = `${kind} ${named(directory.id, directory.name)}`;
    const stage = stageFinding(directory, label);
    let health = stage.health;
    if (stage.finding) findings.push(stage.finding);
    const servers: ComponentHealth[] = [];
    if (directory.type === 'ADConnector') {
      const tables = tablesOf(topology, directory);
      const paths = directory.dnsIps.map((ip) => ({
        ip,
        path: pathToAddress(tables, topology.snapshot.transitGateways, ip),
      }));
      const unreachable = paths.filter((entry) => entry.path !== 'dx' && entry.path !== 'vpn');
      for (const entry of paths)
        servers.push({
          id: `${directory.id}#${entry.ip}`,
          kind: 'dns-server',
          name: entry.ip,
          health: entry.path === 'dx' ? 'healthy' : entry.path === 'vpn' ? 'degraded' : 'down',
          detail: `on-premises DNS, routes ${PATH_WORDS[entry.path]}`,
          parentId: directory.id,
        });
      if (unreachable.length > 0) {
        const all = unreachable.length === paths.length;
        if (health === 'healthy' || all) health = all ? 'down' : 'degraded';
        const where =
          tables.length === 0
            ? `its VPC ${directory.vpcId ?? '(unknown)'} is not attached to a transit gateway that reaches on-premises`
            : `no route over Direct Connect or the VPN covers ${unreachable.map((entry) => entry.ip).join(', ')}`;
        findings.push({
          code: FINDING.DIR_DNS_UNREACHABLE,
          severity: 'warning',
          subject: directory.id,
          text: `${label} uses on-premises DNS servers ${directory.dnsIps.join(', ')}, but ${where}${all ? ': it cannot find the domain controllers' : ': it has lost DNS redundancy'}`,
          fix:
            tables.length === 0
              ? `attach VPC ${directory.vpcId ?? ''} to the transit gateway (or point the AD Connector at DNS servers it can reach)`
              : `have on-premises announce a prefix covering ${unreachable.map((entry) => entry.ip).join(', ')} over Direct Connect and the VPN, or point the AD Connector at DNS servers inside the announced prefixes`,
        });
      }
    }
    const reachable = servers.filter((server) => server.health !== 'down').length;
    components.push({
      id: directory.id,
      kind: 'directory',
      name: directory.name,
      health,
      detail: [
        kind,
        directory.stage,
        directory.type === 'ADConnector' ? `DNS ${reachable} of ${directory.dnsIps.length} reachable` : undefined,
      ]
        .filter(Boolean)
        .join(', '),
    });
    components.push(...servers);
  }
  return { components, findings };
}
