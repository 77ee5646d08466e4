import type { AlarmSpec, AlarmSubjectKind } from './alarm-catalog.js';

/** The metric graphs of the dashboard, one per kind of alarm, in this order. */
const GRAPHS: ReadonlyArray<{ kind: AlarmSubjectKind; title: string }> = [
  { kind: 'dx-connection', title: 'Direct Connect connections (ConnectionState, 1 = up)' },
  { kind: 'dx-vif', title: 'Direct Connect BGP (VirtualInterfaceBgpStatus, 1 = up)' },
  { kind: 'vpn-tunnel', title: 'VPN tunnels (TunnelState, 1 = up)' },
  { kind: 'resolver-endpoint', title: 'Resolver endpoints (EndpointHealthyENICount)' },
  { kind: 'storage-gateway', title: 'Storage Gateway (FileSharesUnavailable)' },
];

const WIDTH = 24;
const HALF = 12;

export function alarmArn(region: string, accountId: string, name: string): string {
  return `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`;
}

/**
 * Pure: the CloudWatch dashboard of the hybrid estate (DashboardBody JSON): every alarm's state on
 * top, then one graph per kind of component with a line per resource. The same alarms give the same
 * text, so a second apply sees nothing to change.
 */
export function dashboardBody(alarms: readonly AlarmSpec[], region: string, accountId: string): string {
  const widgets: unknown[] = [
    {
      type: 'text',
      x: 0,
      y: 0,
      width: WIDTH,
      height: 2,
      properties: {
        markdown:
          '# Hybrid connectivity\nDirect Connect (primary), VPN (backup), Route 53 Resolver and Storage Gateway. Managed by `awsarch hybrid alarms apply`; `awsarch hybrid status` explains the state.',
      },
    },
  ];
  let y = 2;
  if (alarms.length > 0) {
    const rows = Math.ceil(alarms.length / 4);
    widgets.push({
      type: 'alarm',
      x: 0,
      y,
      width: WIDTH,
      height: 2 + rows * 2,
      properties: {
        title: 'Hybrid alarms',
        alarms: alarms.map((alarm) => alarmArn(region, accountId, alarm.name)),
        sortBy: 'stateUpdatedTimestamp',
        states: [],
      },
    });
    y += 2 + rows * 2;
  }
  const graphs = GRAPHS.map((graph) => ({
    ...graph,
    alarms: alarms.filter((alarm) => alarm.subject.kind === graph.kind),
  })).filter((graph) => graph.alarms.length > 0);
  graphs.forEach((graph, index) => {
    widgets.push({
      type: 'metric',
      x: index % 2 === 0 ? 0 : HALF,
      y: y + Math.floor(index / 2) * 6,
      width: HALF,
      height: 6,
      properties: {
        title: graph.title,
        region,
        view: 'timeSeries',
        stacked: false,
        period: graph.alarms[0]?.period ?? 300,
        stat: graph.alarms[0]?.statistic ?? 'Minimum',
        metrics: graph.alarms.map((alarm) => [
          alarm.namespace,
          alarm.metricName,
          ...alarm.dimensions.flatMap((dimension) => [dimension.name, dimension.value]),
          { label: alarm.subject.name },
        ]),
      },
    });
  });
  return JSON.stringify({ widgets });
}
