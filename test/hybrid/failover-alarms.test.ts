import { CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { FailoverAlarmWatch } from '../../src/hybrid/failover-alarms.js';
import { testContext } from '../helpers/context.js';

const cloudwatch = mockClient(CloudWatchClient);
afterEach(() => cloudwatch.reset());

const bgpAlarm = (vif: string, state: string, updated: string): MetricAlarm => ({
  AlarmName: `awsarch-hybrid-dx-bgp-${vif}`,
  Namespace: 'AWS/DX',
  MetricName: 'VirtualInterfaceBgpStatus',
  Dimensions: [
    { Name: 'ConnectionId', Value: 'dxcon-1' },
    { Name: 'VirtualInterfaceId', Value: vif },
    { Name: 'IpAddressFamily', Value: 'ipv4' },
  ],
  StateValue: state as MetricAlarm['StateValue'],
  StateUpdatedTimestamp: new Date(updated),
});
const vpnAlarm = (state: string, updated: string): MetricAlarm => ({
  AlarmName: 'awsarch-hybrid-vpn-tunnel-vpn-1-52.0.0.1',
  Namespace: 'AWS/VPN',
  MetricName: 'TunnelState',
  Dimensions: [{ Name: 'VpnId', Value: 'vpn-1' }],
  StateValue: state as MetricAlarm['StateValue'],
  StateUpdatedTimestamp: new Date(updated),
});
const reads = (...pages: MetricAlarm[][]) =>
  pages.reduce((mock, alarms) => mock.resolvesOnce({ MetricAlarms: alarms }), cloudwatch.on(DescribeAlarmsCommand));

describe('following the hybrid alarms through a failover test', () => {
  it("times each interface's alarm from its own test, in AWS's times, and knows which have not cleared", async () => {
    const { ctx } = testContext();
    reads(
      [bgpAlarm('dxvif-a', 'OK', '2026-01-01T10:00:00Z'), bgpAlarm('dxvif-b', 'OK', '2026-01-01T10:00:00Z')],
      [bgpAlarm('dxvif-a', 'ALARM', '2026-01-01T10:05:00Z'), bgpAlarm('dxvif-b', 'OK', '2026-01-01T10:00:00Z')],
      [bgpAlarm('dxvif-a', 'ALARM', '2026-01-01T10:05:00Z'), bgpAlarm('dxvif-b', 'ALARM', '2026-01-01T10:06:00Z')],
      [bgpAlarm('dxvif-a', 'OK', '2026-01-01T10:11:00Z'), bgpAlarm('dxvif-b', 'ALARM', '2026-01-01T10:06:00Z')],
    );
    const watch = await FailoverAlarmWatch.start(ctx.aws);
    expect(watch.active).toBe(true);
    watch.testStarted(Date.parse('2026-01-01T10:00:00Z'));
    expect(await watch.read()).toEqual(['awsarch-hybrid-dx-bgp-dxvif-a']);
    expect(await watch.read()).toEqual(['awsarch-hybrid-dx-bgp-dxvif-a', 'awsarch-hybrid-dx-bgp-dxvif-b']);
    watch.testEnded(Date.parse('2026-01-01T10:10:00Z'));
    expect(await watch.read()).toEqual(['awsarch-hybrid-dx-bgp-dxvif-b']);
    expect(watch.uncleared()).toEqual(['awsarch-hybrid-dx-bgp-dxvif-b']);

    const summary = watch.summary([
      { virtualInterfaceId: 'dxvif-a', startTime: '2026-01-01T10:00:00.000Z', endTime: '2026-01-01T10:10:00.000Z' },
      { virtualInterfaceId: 'dxvif-b', startTime: '2026-01-01T10:01:00.000Z', endTime: '2026-01-01T10:10:30.000Z' },
    ]);
    expect(summary).toEqual([
      expect.objectContaining({
        name: 'awsarch-hybrid-dx-bgp-dxvif-a',
        before: 'OK',
        during: 'ALARM',
        after: 'OK',
        firedAfterMs: 5 * 60_000,
        clearedAfterMs: 60_000,
      }),
      expect.objectContaining({
        name: 'awsarch-hybrid-dx-bgp-dxvif-b',
        during: 'ALARM',
        after: 'ALARM',
        firedAfterMs: 5 * 60_000,
        clearedAfterMs: undefined,
      }),
    ]);
  });

  it('times an alarm of no interface from the first start and the last end', async () => {
    const { ctx } = testContext();
    reads(
      [vpnAlarm('OK', '2026-01-01T09:00:00Z')],
      [vpnAlarm('ALARM', '2026-01-01T10:02:00Z')],
      [vpnAlarm('OK', '2026-01-01T10:12:00Z')],
    );
    const watch = await FailoverAlarmWatch.start(ctx.aws);
    watch.testStarted(Date.parse('2026-01-01T10:00:00Z'));
    await watch.read();
    watch.testEnded(Date.parse('2026-01-01T10:10:00Z'));
    await watch.read();
    expect(
      watch.summary([
        { virtualInterfaceId: 'dxvif-a', startTime: '2026-01-01T10:00:00.000Z', endTime: '2026-01-01T10:09:00.000Z' },
        { virtualInterfaceId: 'dxvif-b', startTime: '2026-01-01T10:01:00.000Z', endTime: '2026-01-01T10:10:00.000Z' },
      ]),
    ).toEqual([expect.objectContaining({ firedAfterMs: 2 * 60_000, clearedAfterMs: 2 * 60_000 })]);
  });

  it('is inactive, with a note, when there are no hybrid alarms', async () => {
    const { ctx } = testContext();
    reads([]);
    const watch = await FailoverAlarmWatch.start(ctx.aws);
    expect(watch.active).toBe(false);
    expect(watch.note).toMatch(/awsarch hybrid alarms apply/);
    expect(await watch.read()).toEqual([]);
  });
});
