import type { HybridSnapshot } from '../snapshot.js';
import { hybridTopology } from '../topology.js';

/** Every alarm, the topic and the dashboard awsarch manages for the hybrid estate start with this. */
export const ALARM_PREFIX = 'awsarch-hybrid-';
export const TOPIC_NAME = 'awsarch-hybrid-alarms';
export const DASHBOARD_NAME = 'awsarch-hybrid';
/** Seconds per evaluation period: Direct Connect, VPN and Resolver publish these metrics every 5 minutes. */
export const ALARM_PERIOD = 300;

export interface MetricDimension {
  name: string;
  value: string;
}

/** A metric stream CloudWatch has (ListMetrics): the exact dimension set an alarm must use to see data. */
export interface PublishedMetric {
  namespace: string;
  metricName: string;
  dimensions: MetricDimension[];
}

export type AlarmSubjectKind = 'dx-connection' | 'dx-vif' | 'vpn-tunnel' | 'resolver-endpoint' | 'storage-gateway';

/** One alarm as awsarch wants it. */
export interface AlarmSpec {
  name: string;
  description: string;
  subject: { kind: AlarmSubjectKind; id: string; name: string };
  namespace: string;
  metricName: string;
  dimensions: MetricDimension[];
  /** "published": matched a metric CloudWatch lists; "documented": AWS's documented dimensions (no data seen yet). */
  dimensionsFrom: 'published' | 'documented';
  statistic: 'Minimum' | 'Maximum';
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparisonOperator: 'LessThanThreshold' | 'GreaterThanOrEqualToThreshold';
  /** A resource that stops reporting (a tunnel or gateway that went away) counts as breaching. */
  treatMissingData: 'breaching';
}

interface Candidate {
  spec: Omit<
    AlarmSpec,
    'dimensions' | 'dimensionsFrom' | 'period' | 'evaluationPeriods' | 'datapointsToAlarm' | 'treatMissingData'
  >;
  /** AWS's documented dimensions, used until CloudWatch lists the metric. */
  documented: MetricDimension[];
  /** Which published stream is this resource's: the dimension that must match, and preferences among several. */
  key: MetricDimension;
  prefer?: (dimensions: MetricDimension[]) => number;
}

const dims = (entries: Record<string, string>): MetricDimension[] =>
  Object.entries(entries).map(([name, value]) => ({ name, value }));
const has = (dimensions: MetricDimension[], name: string, value?: string) =>
  dimensions.some((dimension) => dimension.name === name && (value === undefined || dimension.value === value));

/** The stream of the resource among the published ones (the best by `prefer`), else the documented dimensions. */
function withDimensions(candidate: Candidate, published: readonly PublishedMetric[]): AlarmSpec {
  const streams = published
    .filter(
      (metric) =>
        metric.namespace === candidate.spec.namespace &&
        metric.metricName === candidate.spec.metricName &&
        has(metric.dimensions, candidate.key.name, candidate.key.value),
    )
    .map((metric) => metric.dimensions)
    .sort((a, b) => (candidate.prefer?.(b) ?? 0) - (candidate.prefer?.(a) ?? 0) || a.length - b.length);
  const chosen = streams[0];
  return {
    ...candidate.spec,
    dimensions: [...(chosen ?? candidate.documented)].sort((a, b) => a.name.localeCompare(b.name)),
    dimensionsFrom: chosen ? 'published' : 'documented',
    period: ALARM_PERIOD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: 'breaching',
  };
}

/** A tag-safe id for alarm names (IPv6 colons and the like become dashes). */
const slug = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-');

/**
 * Pure: the alarms of the hybrid estate, on AWS's own metrics:
 * Direct Connect ConnectionState per connection and VirtualInterfaceBgpStatus per interface (AWS/DX),
 * VPN TunnelState per tunnel (AWS/VPN), Resolver EndpointHealthyENICount per endpoint
 * (AWS/Route53Resolver) and FileSharesUnavailable per Storage Gateway (AWS/StorageGateway, the
 * alarm AWS recommends for every gateway; an offline gateway stops reporting, which breaches).
 */
export function desiredAlarms(snapshot: HybridSnapshot, published: readonly PublishedMetric[]): AlarmSpec[] {
  const topology = hybridTopology(snapshot);
  const candidates: Candidate[] = [];
  for (const connection of snapshot.directConnect.connections) {
    candidates.push({
      spec: {
        name: `${ALARM_PREFIX}dx-connection-${connection.id}`,
        description: `Direct Connect connection ${connection.name} (${connection.id}${connection.location ? ` at ${connection.location}` : ''}) is down. Managed by awsarch hybrid alarms.`,
        subject: { kind: 'dx-connection', id: connection.id, name: connection.name },
        namespace: 'AWS/DX',
        metricName: 'ConnectionState',
        statistic: 'Minimum',
        threshold: 1,
        comparisonOperator: 'LessThanThreshold',
      },
      documented: dims({ ConnectionId: connection.id }),
      key: { name: 'ConnectionId', value: connection.id },
      prefer: (dimensions) => (dimensions.length === 1 ? 1 : 0),
    });
  }
  for (const vif of snapshot.directConnect.virtualInterfaces) {
    const family = vif.addressFamily ?? 'ipv4';
    candidates.push({
      spec: {
        name: `${ALARM_PREFIX}dx-bgp-${vif.id}`,
        description: `BGP on Direct Connect virtual interface ${vif.name} (${vif.id}) is down. Managed by awsarch hybrid alarms.`,
        subject: { kind: 'dx-vif', id: vif.id, name: vif.name },
        namespace: 'AWS/DX',
        metricName: 'VirtualInterfaceBgpStatus',
        statistic: 'Minimum',
        threshold: 1,
        comparisonOperator: 'LessThanThreshold',
      },
      documented: dims({ ConnectionId: vif.connectionId, VirtualInterfaceId: vif.id, IpAddressFamily: family }),
      key: { name: 'VirtualInterfaceId', value: vif.id },
      // AWS can publish a stream per address family; the interface's own family carries its session state.
      prefer: (dimensions) => (has(dimensions, 'IpAddressFamily', family) ? 1 : 0),
    });
  }
  for (const vpn of topology.vpns) {
    vpn.tunnels.forEach((tunnel, index) => {
      candidates.push({
        spec: {
          name: `${ALARM_PREFIX}vpn-tunnel-${vpn.id}-${slug(tunnel.outsideIp)}`,
          description: `Tunnel ${index + 1} (${tunnel.outsideIp}) of VPN ${vpn.name ?? vpn.id} (${vpn.id}) is not up${vpn.staticRoutesOnly ? '' : ' (BGP not established)'}. Managed by awsarch hybrid alarms.`,
          subject: {
            kind: 'vpn-tunnel',
            id: `${vpn.id}#${index + 1}`,
            name: `${vpn.name ?? vpn.id} tunnel ${index + 1}`,
          },
          namespace: 'AWS/VPN',
          metricName: 'TunnelState',
          statistic: 'Minimum',
          threshold: 1,
          comparisonOperator: 'LessThanThreshold',
        },
        documented: dims({ VpnId: vpn.id, TunnelIpAddress: tunnel.outsideIp }),
        key: { name: 'TunnelIpAddress', value: tunnel.outsideIp },
        prefer: (dimensions) => (has(dimensions, 'VpnId', vpn.id) ? 1 : 0),
      });
    });
  }
  for (const endpoint of snapshot.dns.endpoints) {
    candidates.push({
      spec: {
        name: `${ALARM_PREFIX}resolver-${endpoint.id}`,
        description: `Route 53 Resolver ${endpoint.direction.toLowerCase()} endpoint ${endpoint.name ?? endpoint.id} (${endpoint.id}) has fewer than 2 healthy IP addresses. Managed by awsarch hybrid alarms.`,
        subject: { kind: 'resolver-endpoint', id: endpoint.id, name: endpoint.name ?? endpoint.id },
        namespace: 'AWS/Route53Resolver',
        metricName: 'EndpointHealthyENICount',
        statistic: 'Minimum',
        threshold: 2,
        comparisonOperator: 'LessThanThreshold',
      },
      documented: dims({ EndpointId: endpoint.id }),
      key: { name: 'EndpointId', value: endpoint.id },
    });
  }
  for (const gateway of snapshot.storageGateway.gateways) {
    candidates.push({
      spec: {
        name: `${ALARM_PREFIX}storage-gateway-${gateway.id}`,
        description: `Storage Gateway ${gateway.name} (${gateway.id}) has unavailable file shares or stopped reporting (offline). Managed by awsarch hybrid alarms.`,
        subject: { kind: 'storage-gateway', id: gateway.id, name: gateway.name },
        namespace: 'AWS/StorageGateway',
        metricName: 'FileSharesUnavailable',
        statistic: 'Maximum',
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
      },
      documented: dims({ GatewayId: gateway.id, GatewayName: gateway.name }),
      key: { name: 'GatewayId', value: gateway.id },
    });
  }
  return candidates
    .map((candidate) => withDimensions(candidate, published))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The metrics desiredAlarms can use, for ListMetrics. */
export const ALARM_METRICS: ReadonlyArray<{ namespace: string; metricName: string }> = [
  { namespace: 'AWS/DX', metricName: 'ConnectionState' },
  { namespace: 'AWS/DX', metricName: 'VirtualInterfaceBgpStatus' },
  { namespace: 'AWS/VPN', metricName: 'TunnelState' },
  { namespace: 'AWS/Route53Resolver', metricName: 'EndpointHealthyENICount' },
  { namespace: 'AWS/StorageGateway', metricName: 'FileSharesUnavailable' },
];
