import { cidrContains, parseCidr } from '../core/cidr.js';
import type { ComponentHealth, Finding, Health } from './assessment.js';
import { pathToAddress, selectRoute } from './route-selection.js';
import type { ResolverEndpointInfo } from './snapshot.js';
import { named, type HybridTopology } from './topology.js';
import { FINDING } from './finding-codes.js';

const OPERATIONAL = 'OPERATIONAL';

/** Where an endpoint's attached IP addresses are: availability zones when the subnets could be read, else subnets. */
function placement(
  endpoint: ResolverEndpointInfo,
  subnetZones: Record<string, string> | undefined,
): { unit: 'availability zone' | 'subnet'; places: string[]; attached: number } {
  const attached = endpoint.ipAddresses.filter((ip) => ip.status === 'ATTACHED');
  if (subnetZones) {
    const zones = new Set(
      attached.map((ip) => subnetZones[ip.subnetId]).filter((zone): zone is string => Boolean(zone)),
    );
    if (zones.size > 0 || attached.length === 0)
      return { unit: 'availability zone', places: [...zones].sort(), attached: attached.length };
  }
  return { unit: 'subnet', places: [...new Set(attached.map((ip) => ip.subnetId))].sort(), attached: attached.length };
}

/**
 * Whether on-premises can reach an inbound endpoint's address: over Direct Connect the DX gateway must
 * advertise a prefix covering it (allowed prefixes), over the VPN the route table associated with the
 * VPN attachment must route it to a VPC.
 */
function inboundReachability(topology: HybridTopology, endpoint: ResolverEndpointInfo): Finding[] {
  const findings: Finding[] = [];
  const label = `Resolver inbound endpoint ${named(endpoint.id, endpoint.name)}`;
  const addresses = endpoint.ipAddresses
    .filter((ip) => ip.status === 'ATTACHED')
    .flatMap((ip) => parseCidr(ip.ip) ?? []);
  if (addresses.length === 0) return findings;
  const tgwIds = new Set(topology.transitGateways.map((tgw) => tgw.id));
  for (const association of topology.snapshot.directConnect.associations.filter(
    (candidate) => candidate.state === 'associated' && tgwIds.has(candidate.associatedGatewayId),
  )) {
    const allowed = association.allowedPrefixes.flatMap((prefix) => parseCidr(prefix) ?? []);
    if (addresses.some((address) => allowed.some((prefix) => cidrContains(prefix, address)))) continue;
    const gateway = topology.dxGateways.find((candidate) => candidate.id === association.directConnectGatewayId);
    findings.push({
      code: FINDING.DNS_INBOUND_NOT_ADVERTISED,
      severity: 'warning',
      subject: endpoint.id,
      text: `on-premises cannot reach ${label} over Direct Connect: ${gateway?.name ?? association.directConnectGatewayId} does not advertise a prefix that covers it (allowed prefixes: ${association.allowedPrefixes.join(', ') || 'none'})`,
    });
  }
  for (const attachment of topology.vpnAttachments) {
    const table = topology.snapshot.routeTables.find((candidate) => candidate.id === attachment.routeTableId);
    if (!table) continue;
    const tgw = topology.snapshot.transitGateways.find((candidate) => candidate.id === table.transitGatewayId);
    const reachable = addresses.some((address) =>
      selectRoute(table.routes, address, { vpnEcmp: tgw?.vpnEcmpSupport ?? false })?.attachments.some(
        (ref) => ref.resourceType === 'vpc',
      ),
    );
    if (reachable) continue;
    findings.push({
      code: FINDING.DNS_INBOUND_NO_ROUTE_FROM_VPN,
      severity: 'warning',
      subject: endpoint.id,
      text: `on-premises cannot reach ${label} over the VPN: ${named(table.id, table.name)}, the route table of the VPN attachment, has no route to it`,
    });
  }
  return findings;
}

/** Hybrid DNS: Resolver endpoints (status, IPs per AZ, reachable from on-premises), forwarding rules (associations, endpoint, reachable targets). */
export function assessDns(topology: HybridTopology): { components: ComponentHealth[]; findings: Finding[] } {
  const { dns } = topology.snapshot;
  const components: ComponentHealth[] = [];
  const findings: Finding[] = [];
  for (const endpoint of dns.endpoints) {
    const label = `Resolver ${endpoint.direction.toLowerCase()} endpoint ${named(endpoint.id, endpoint.name)}`;
    const { unit, places, attached } = placement(endpoint, dns.subnetZones);
    let health: Health = 'healthy';
    if (endpoint.status !== OPERATIONAL || attached === 0) {
      health = attached === 0 || endpoint.status === 'ACTION_NEEDED' ? 'down' : 'degraded';
      findings.push({
        code: FINDING.DNS_ENDPOINT_STATUS,
        severity: health === 'down' ? 'critical' : 'warning',
        subject: endpoint.id,
        text: `${label} is ${endpoint.status}: ${attached} of ${endpoint.ipAddresses.length} IP addresses attached`,
      });
    }
    if (attached > 0 && places.length < 2) {
      if (health === 'healthy') health = 'degraded';
      findings.push({
        code: FINDING.DNS_SINGLE_AZ,
        severity: 'warning',
        subject: endpoint.id,
        text: `${label} has its ${attached === 1 ? 'only attached IP address' : `${attached} attached IP addresses`} in one ${unit} (${places[0]}): no ${unit === 'subnet' ? 'availability zone' : unit} redundancy`,
        fix:
          attached < endpoint.ipAddresses.length
            ? `Resolver is recovering the other addresses of ${endpoint.id}; if they stay unattached, replace them with addresses in healthy subnets of other availability zones`
            : `add an IP address in a subnet of another availability zone (AssociateResolverEndpointIpAddress on ${endpoint.id})`,
      });
    }
    if (endpoint.direction === 'INBOUND') {
      const unreachable = inboundReachability(topology, endpoint);
      if (unreachable.length > 0 && health === 'healthy') health = 'degraded';
      findings.push(...unreachable);
    }
    components.push({
      id: endpoint.id,
      kind: 'resolver-endpoint',
      name: endpoint.name ?? endpoint.id,
      health,
      detail: `${endpoint.direction.toLowerCase()}, ${endpoint.status}, ${attached} IP${attached === 1 ? '' : 's'} in ${places.length} ${unit === 'subnet' ? 'subnet' : 'AZ'}${places.length === 1 ? '' : 's'}`,
    });
  }
  for (const rule of dns.rules.filter((candidate) => candidate.ruleType === 'FORWARD')) {
    const label = `forwarding rule for ${rule.domainName}`;
    const associations = dns.ruleAssociations.filter(
      (association) => association.ruleId === rule.id && association.status === 'COMPLETE',
    );
    const endpoint = dns.endpoints.find((candidate) => candidate.id === rule.endpointId);
    let health: Health = rule.status === 'COMPLETE' ? 'healthy' : 'down';
    if (rule.status !== 'COMPLETE')
      findings.push({
        code: FINDING.DNS_RULE_STATUS,
        severity: 'critical',
        subject: rule.id,
        text: `${label} (${rule.id}) is ${rule.status}`,
      });
    if (associations.length === 0) {
      health = 'down';
      findings.push({
        code: FINDING.DNS_RULE_UNASSOCIATED,
        severity: 'warning',
        subject: rule.id,
        text: `${label} (${rule.id}) is associated with no VPC: nothing uses it`,
      });
    }
    const endpointComponent = endpoint && components.find((component) => component.id === endpoint.id);
    if (!endpoint || endpointComponent?.health === 'down') {
      health = 'down';
      findings.push({
        code: FINDING.DNS_RULE_ENDPOINT_DOWN,
        severity: 'critical',
        subject: rule.id,
        text: `queries for ${rule.domainName} cannot leave AWS: outbound endpoint ${rule.endpointId ?? '(none)'} ${endpoint ? `is ${endpoint.status}` : 'does not exist'}`,
      });
    }
    const unreachable = rule.targets.filter(
      (target) => pathToAddress(topology.routeTables, topology.snapshot.transitGateways, target.ip) === 'none',
    );
    if (unreachable.length > 0 && topology.routeTables.length > 0) {
      const allDown = unreachable.length === rule.targets.length;
      if (allDown) health = 'down';
      else if (health === 'healthy') health = 'degraded';
      findings.push({
        code: FINDING.DNS_TARGET_UNREACHABLE,
        severity: allDown ? 'critical' : 'warning',
        subject: rule.id,
        text: `queries for ${rule.domainName} go to ${unreachable.map((target) => target.ip).join(', ')}, which the transit gateway has no route to${allDown ? ': on-premises names do not resolve' : ''}`,
      });
    }
    components.push({
      id: rule.id,
      kind: 'resolver-rule',
      name: rule.domainName,
      health,
      detail: `forward to ${rule.targets.map((target) => target.ip).join(', ') || '(no targets)'}, ${associations.length} VPC${associations.length === 1 ? '' : 's'}`,
      parentId: rule.endpointId,
    });
  }
  if (dns.endpoints.length === 0 && topology.transitGateways.length > 0) {
    findings.push({
      code: FINDING.DNS_NONE,
      severity: 'info',
      subject: 'route53resolver',
      text: 'no Route 53 Resolver endpoints in this account and region: hybrid DNS is not set up here',
    });
  }
  return { components, findings };
}
