import { describe, expect, it } from 'vitest';
import { desiredAlarms, type AlarmSpec, type PublishedMetric } from '../../src/hybrid/alarms/alarm-catalog.js';
import { planAlarms, topicArnFor, type AlarmsCurrent, type ExistingAlarm } from '../../src/hybrid/alarms/alarm-plan.js';
import { dashboardBody } from '../../src/hybrid/alarms/dashboard.js';
import { healthySnapshot, IDS, snapshotWith } from './snapshots.js';

const REGION = 'us-east-1';
const ACCOUNT = '111122223333';
const TOPIC = topicArnFor(REGION, ACCOUNT);

/** An alarm as CloudWatch would describe it after PutMetricAlarm with the spec. */
function described(alarm: AlarmSpec, state: ExistingAlarm['state'] = 'OK'): ExistingAlarm {
  return {
    name: alarm.name,
    description: alarm.description,
    namespace: alarm.namespace,
    metricName: alarm.metricName,
    dimensions: alarm.dimensions,
    statistic: alarm.statistic,
    period: alarm.period,
    evaluationPeriods: alarm.evaluationPeriods,
    datapointsToAlarm: alarm.datapointsToAlarm,
    threshold: alarm.threshold,
    comparisonOperator: alarm.comparisonOperator,
    treatMissingData: alarm.treatMissingData,
    actionsEnabled: true,
    alarmActions: [TOPIC],
    okActions: [TOPIC],
    state,
  };
}

const estate = () =>
  snapshotWith((snapshot) => {
    snapshot.storageGateway.gateways.push({
      arn: 'arn:aws:storagegateway:us-east-1:111122223333:gateway/sgw-12A3456B',
      id: 'sgw-12A3456B',
      name: 'corp-file-gateway',
      type: 'FILE_S3',
      connected: true,
      state: 'RUNNING',
    });
  });

describe('the hybrid alarms', () => {
  it("watch every connection, interface, tunnel, Resolver endpoint and gateway on AWS's own metrics", () => {
    const alarms = desiredAlarms(estate(), []);
    expect(
      alarms.map((alarm) => [alarm.name, alarm.namespace, alarm.metricName, alarm.comparisonOperator, alarm.threshold]),
    ).toEqual([
      ['awsarch-hybrid-dx-bgp-dxvif-aaaaaaaa', 'AWS/DX', 'VirtualInterfaceBgpStatus', 'LessThanThreshold', 1],
      ['awsarch-hybrid-dx-bgp-dxvif-bbbbbbbb', 'AWS/DX', 'VirtualInterfaceBgpStatus', 'LessThanThreshold', 1],
      ['awsarch-hybrid-dx-connection-dxcon-aaaaaaaa', 'AWS/DX', 'ConnectionState', 'LessThanThreshold', 1],
      ['awsarch-hybrid-dx-connection-dxcon-bbbbbbbb', 'AWS/DX', 'ConnectionState', 'LessThanThreshold', 1],
      [
        `awsarch-hybrid-resolver-${IDS.inbound}`,
        'AWS/Route53Resolver',
        'EndpointHealthyENICount',
        'LessThanThreshold',
        2,
      ],
      [
        `awsarch-hybrid-resolver-${IDS.outbound}`,
        'AWS/Route53Resolver',
        'EndpointHealthyENICount',
        'LessThanThreshold',
        2,
      ],
      [
        'awsarch-hybrid-storage-gateway-sgw-12A3456B',
        'AWS/StorageGateway',
        'FileSharesUnavailable',
        'GreaterThanOrEqualToThreshold',
        1,
      ],
      [`awsarch-hybrid-vpn-tunnel-${IDS.vpn}-52.1.1.1`, 'AWS/VPN', 'TunnelState', 'LessThanThreshold', 1],
      [`awsarch-hybrid-vpn-tunnel-${IDS.vpn}-52.1.1.2`, 'AWS/VPN', 'TunnelState', 'LessThanThreshold', 1],
    ]);
    expect(
      alarms.every((alarm) => alarm.dimensionsFrom === 'documented' && alarm.treatMissingData === 'breaching'),
    ).toBe(true);
    expect(alarms.find((alarm) => alarm.metricName === 'VirtualInterfaceBgpStatus')?.dimensions).toEqual([
      { name: 'ConnectionId', value: 'dxcon-aaaaaaaa' },
      { name: 'IpAddressFamily', value: 'ipv4' },
      { name: 'VirtualInterfaceId', value: 'dxvif-aaaaaaaa' },
    ]);
    expect(alarms.find((alarm) => alarm.metricName === 'TunnelState')?.dimensions).toEqual([
      { name: 'TunnelIpAddress', value: '52.1.1.1' },
      { name: 'VpnId', value: IDS.vpn },
    ]);
    expect(alarms.find((alarm) => alarm.metricName === 'FileSharesUnavailable')?.dimensions).toEqual([
      { name: 'GatewayId', value: 'sgw-12A3456B' },
      { name: 'GatewayName', value: 'corp-file-gateway' },
    ]);
  });

  it('use the exact dimensions of the streams CloudWatch publishes, preferring the interface family and the VPN id', () => {
    const published: PublishedMetric[] = [
      {
        namespace: 'AWS/DX',
        metricName: 'VirtualInterfaceBgpStatus',
        dimensions: [
          { name: 'VirtualInterfaceId', value: 'dxvif-aaaaaaaa' },
          { name: 'IpAddressFamily', value: 'ipv6' },
        ],
      },
      {
        namespace: 'AWS/DX',
        metricName: 'VirtualInterfaceBgpStatus',
        dimensions: [
          { name: 'VirtualInterfaceId', value: 'dxvif-aaaaaaaa' },
          { name: 'IpAddressFamily', value: 'ipv4' },
        ],
      },
      { namespace: 'AWS/VPN', metricName: 'TunnelState', dimensions: [{ name: 'TunnelIpAddress', value: '52.1.1.1' }] },
      // Another account's tunnel with the same address family of metrics is not ours.
      { namespace: 'AWS/VPN', metricName: 'TunnelState', dimensions: [{ name: 'TunnelIpAddress', value: '52.9.9.9' }] },
    ];
    const alarms = desiredAlarms(healthySnapshot(), published);
    const bgp = alarms.find((alarm) => alarm.name === 'awsarch-hybrid-dx-bgp-dxvif-aaaaaaaa');
    expect(bgp).toMatchObject({
      dimensionsFrom: 'published',
      dimensions: [
        { name: 'IpAddressFamily', value: 'ipv4' },
        { name: 'VirtualInterfaceId', value: 'dxvif-aaaaaaaa' },
      ],
    });
    expect(alarms.find((alarm) => alarm.name.endsWith('52.1.1.1'))).toMatchObject({
      dimensionsFrom: 'published',
      dimensions: [{ name: 'TunnelIpAddress', value: '52.1.1.1' }],
    });
    expect(alarms.find((alarm) => alarm.name.endsWith('52.1.1.2'))?.dimensionsFrom).toBe('documented');
  });

  it('plan everything on the first run, nothing on the second', () => {
    const desired = desiredAlarms(estate(), []);
    const body = dashboardBody(desired, REGION, ACCOUNT);
    const empty: AlarmsCurrent = { subscriptions: [], alarms: [] };
    const first = planAlarms(desired, empty, { topicArn: TOPIC, notify: ['oncall@example.com'], dashboardBody: body });
    expect(first.changes.map((change) => change.action)).toEqual([
      'create-topic',
      'subscribe',
      ...desired.map(() => 'create-alarm'),
      'put-dashboard',
    ]);
    const after: AlarmsCurrent = {
      topicArn: TOPIC,
      subscriptions: [{ protocol: 'email', endpoint: 'oncall@example.com', arn: 'PendingConfirmation' }],
      alarms: desired.map((alarm) => described(alarm)),
      dashboardBody: JSON.stringify(JSON.parse(body), null, 2),
    };
    const second = planAlarms(desired, after, { topicArn: TOPIC, notify: ['ONCALL@example.com'], dashboardBody: body });
    expect(second.changes).toEqual([]);
    expect(second.unchanged).toHaveLength(desired.length);
  });

  it('update what drifted, delete the alarms of components that are gone, keep foreign alarms', () => {
    const desired = desiredAlarms(estate(), []);
    const body = dashboardBody(desired, REGION, ACCOUNT);
    const drifted = { ...described(desired[0] as AlarmSpec), threshold: 0.5, alarmActions: [] };
    const current: AlarmsCurrent = {
      topicArn: TOPIC,
      subscriptions: [],
      alarms: [
        drifted,
        ...desired.slice(1).map((alarm) => described(alarm)),
        { ...described(desired[1] as AlarmSpec), name: 'awsarch-hybrid-dx-bgp-dxvif-gone0000' },
      ],
      dashboardBody: body,
    };
    const plan = planAlarms(desired, current, { topicArn: TOPIC, notify: [], dashboardBody: body });
    expect(plan.changes).toEqual([
      {
        action: 'update-alarm',
        alarm: desired[0],
        differences: ['threshold 0.5 -> 1', `alarm actions -> ${TOPIC}`],
      },
      { action: 'delete-alarms', names: ['awsarch-hybrid-dx-bgp-dxvif-gone0000'] },
    ]);
  });

  it('draw a dashboard with every alarm and a graph per kind of component', () => {
    const desired = desiredAlarms(estate(), []);
    const body = JSON.parse(dashboardBody(desired, REGION, ACCOUNT));
    expect(body.widgets.map((widget: { type: string }) => widget.type)).toEqual([
      'text',
      'alarm',
      'metric',
      'metric',
      'metric',
      'metric',
      'metric',
    ]);
    expect(body.widgets[1].properties.alarms).toContain(
      `arn:aws:cloudwatch:us-east-1:111122223333:alarm:awsarch-hybrid-dx-connection-dxcon-aaaaaaaa`,
    );
    expect(body.widgets[2].properties.metrics[0]).toEqual([
      'AWS/DX',
      'ConnectionState',
      'ConnectionId',
      'dxcon-aaaaaaaa',
      { label: 'corp-dx-eqdc2' },
    ]);
    expect(dashboardBody(desired, REGION, ACCOUNT)).toBe(dashboardBody([...desired], REGION, ACCOUNT));
  });
});
