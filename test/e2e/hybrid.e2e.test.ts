import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID } from '@awsarch/aws-sandbox';
import { StateStore } from '../../packages/aws-sandbox/src/state.js';
import { newStateDir, runAwsarch, startAwsarch, waitForOutput } from './run-binary.js';

const VIFS = ['--vif', 'corp-transit-eqdc2', '--vif', 'corp-transit-csva1'];

/** The last line of NDJSON output (the whole output when it is one pretty document). */
function lastJson(stdout: string): Record<string, any> {
  const lines = stdout.trim().split('\n');
  try {
    return JSON.parse(lines[lines.length - 1] ?? '');
  } catch {
    return JSON.parse(stdout);
  }
}

// Each test spawns the binary up to a dozen times (a few seconds each on a busy machine).
describe('awsarch hybrid, the binary against the seeded sandbox', { timeout: 120_000 }, () => {
  let stateDir: string;
  /** A fault a test injected and has not restored yet (it failed first): restored before the next test. */
  let faulted = false;
  const status = (...extra: string[]) =>
    runAwsarch(['--sandbox', '--output', 'json', 'hybrid', 'status', '--detailed-exitcode', ...extra], stateDir);
  const fault = async (...args: string[]) => {
    faulted = args[0] !== 'restore';
    expect((await runAwsarch(['sandbox', 'fault', ...args], stateDir)).code).toBe(0);
  };

  afterEach(async () => {
    if (faulted) await fault('restore');
  });

  beforeAll(async () => {
    stateDir = newStateDir();
    const seed = await runAwsarch(['sandbox', 'seed', 'hybrid'], stateDir);
    expect(seed.code, seed.stderr).toBe(0);
  });

  it('gives the snapshot and the assessment as JSON, with exit 0 / 4 / 5 for healthy / backup / no path', async () => {
    const healthy = await status();
    expect(healthy.code, healthy.stderr).toBe(0);
    const data = JSON.parse(healthy.stdout);
    expect(Object.keys(data)).toEqual(['schemaVersion', 'kind', 'snapshot', 'assessment']);
    expect(data.assessment).toMatchObject({ path: 'dx', status: 'healthy' });
    // The exit code is the command's (with --detailed-exitcode), not a field of the assessment.
    expect(data.assessment).not.toHaveProperty('exitCode');
    expect(data.snapshot.dns.subnetZones).toBeUndefined();
    expect(data.snapshot.dns.endpoints[0].ipAddresses[0].availabilityZone).toMatch(/^us-east-1[a-f]$/);
    expect(data.snapshot.collection).toMatchObject({ rounds: 2, calls: 26 });

    await fault('dx-down');
    const backup = await runAwsarch(['--sandbox', 'hybrid', 'status', '--detailed-exitcode'], stateDir);
    expect(backup.code).toBe(4);
    expect(backup.stdout).toMatch(/^Degraded: all 2 on-premises prefixes route over the VPN backup$/m);
    expect(backup.stdout).toMatch(/On-premises ──▶ Direct Connect \/ VPN ──▶ Transit gateway ──▶ VPCs/);
    expect(backup.stdout).toMatch(
      /warning  10\.0\.0\.0\/9 routes over the backup, VPN vpn-\w+ \(corp-vpn-backup\): BGP is down on every Direct Connect interface/,
    );

    await fault('vpn-down');
    const none = await status('--prefix', '10.0.0.0/9');
    expect(none.code).toBe(5);
    expect(JSON.parse(none.stdout).assessment.findings[0]).toMatchObject({ code: 'path-none', severity: 'critical' });
    await fault('restore');
  });

  it('covers the Storage Gateway and the AD Connector: each fault is degraded (4), restored is healthy (0)', async () => {
    await fault('storage-gateway-offline');
    const offline = await runAwsarch(['--sandbox', 'hybrid', 'status', '--detailed-exitcode'], stateDir);
    expect(offline.code, offline.stderr).toBe(4);
    expect(offline.stdout).toMatch(
      /^Degraded: all 2 on-premises prefixes route over Direct Connect, but Storage Gateway needs attention$/m,
    );
    expect(offline.stdout).toMatch(
      /warning  Storage Gateway sgw-[0-9A-F]{8} \(corp-file-gateway\) is offline: AWS cannot reach it \(GatewayNotConnected\): its file share \(corp-archive\) cannot be used/,
    );
    expect(offline.stdout).toMatch(/fix: check the gateway VM on-premises/);
    await fault('storage-gateway-restore');

    await fault('ad-connector-impaired');
    const impaired = await status();
    expect(impaired.code).toBe(4);
    const assessment = JSON.parse(impaired.stdout).assessment;
    expect(assessment.findings.map((finding: { code: string }) => finding.code)).toContain('dir-impaired');
    expect(assessment.components.find((component: { kind: string }) => component.kind === 'directory')).toMatchObject({
      health: 'degraded',
      detail: 'AD Connector, Impaired, DNS 2 of 2 reachable',
    });
    await fault('restore');
    expect((await status()).code).toBe(0);
  });

  it('hybrid alarms apply: shows and refuses without --yes, creates with it, writes nothing the second time', async () => {
    const apply = (...extra: string[]) =>
      runAwsarch(['--sandbox', '--output', 'json', '--verbose', 'hybrid', 'alarms', 'apply', ...extra], stateDir);
    const bad = await apply('--notify', 'not-an-address', '--yes');
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'bad-notify' });

    const refused = await runAwsarch(
      ['--sandbox', 'hybrid', 'alarms', 'apply', '--notify', 'oncall@example.com'],
      stateDir,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/create alarm awsarch-hybrid-dx-bgp-dxvif-\w+ \(AWS\/DX VirtualInterfaceBgpStatus/);
    expect(refused.stderr).toMatch(/there is no terminal to answer/);

    const dryRun = await apply('--dry-run');
    expect(dryRun.code).toBe(0);
    expect(JSON.parse(dryRun.stdout)).toMatchObject({ dryRun: true, applied: false, writes: 0 });

    const first = await apply('--notify', 'oncall@example.com', '--yes');
    expect(first.code, first.stderr).toBe(0);
    const created = JSON.parse(first.stdout);
    expect(created).toMatchObject({ applied: true, writes: 12, dashboard: { action: 'created' } });
    expect(created.alarms.map((alarm: { metricName: string }) => alarm.metricName).sort()).toEqual([
      'ConnectionState',
      'ConnectionState',
      'EndpointHealthyENICount',
      'EndpointHealthyENICount',
      'FileSharesUnavailable',
      'TunnelState',
      'TunnelState',
      'VirtualInterfaceBgpStatus',
      'VirtualInterfaceBgpStatus',
    ]);
    expect(created.alarms.every((alarm: { dimensionsFrom: string }) => alarm.dimensionsFrom === 'published')).toBe(
      true,
    );
    expect(created.subscriptions).toEqual([
      { endpoint: 'oncall@example.com', protocol: 'email', status: 'pending confirmation' },
    ]);

    const second = await apply('--notify', 'oncall@example.com', '--yes');
    expect(JSON.parse(second.stdout)).toMatchObject({ applied: false, writes: 0, changes: [] });
    const counts = second.stderr
      .split('\n')
      .filter((line) => line.includes('"aws-call-counts"'))
      .map((line) => JSON.parse(line).data)[0];
    expect(counts).toMatchObject({ writes: 0 });
  });

  it('hybrid alarms status: OK, then ALARM (4) while BGP is down, then OK; 3 when apply has changes to make', async () => {
    const alarmStatus = () =>
      runAwsarch(['--sandbox', '--output', 'json', 'hybrid', 'alarms', 'status', '--detailed-exitcode'], stateDir);
    await runAwsarch(['--sandbox', 'hybrid', 'alarms', 'apply', '--yes'], stateDir);
    const ok = await alarmStatus();
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).counts).toMatchObject({ ok: 9, alarm: 0, missing: 0 });

    await fault('bgp-down', 'corp-transit-eqdc2');
    // An alarm needs its window (5 metric minutes of 50 ms in the sandbox) to move to ALARM.
    let firing = await alarmStatus();
    for (let tries = 0; firing.code !== 4 && tries < 50; tries++) firing = await alarmStatus();
    expect(firing.code).toBe(4);
    const alarm = JSON.parse(firing.stdout).alarms.find((entry: { state: string }) => entry.state === 'ALARM');
    expect(alarm).toMatchObject({
      metric: 'AWS/DX VirtualInterfaceBgpStatus',
      subject: { name: 'corp-transit-eqdc2' },
    });
    expect(alarm.reason).toMatch(/was less than the threshold \(1\.0\)/);
    await fault('restore');

    // Someone deletes an alarm outside awsarch: status says apply has a change to make.
    const store = new StateStore(stateDir, SANDBOX_MANAGEMENT_ACCOUNT_ID);
    await store.open();
    await store.transact(async (tx) => {
      const accounts = (tx.state.services.cloudwatch as { accounts: Record<string, any> }).accounts;
      const alarms = accounts[SANDBOX_MANAGEMENT_ACCOUNT_ID].regions['us-east-1'].alarms;
      delete alarms[Object.keys(alarms).find((name) => name.includes('-vpn-tunnel-')) as string];
      await tx.persist();
    });
    const drift = await alarmStatus();
    expect(drift.code).toBe(3);
    expect(JSON.parse(drift.stdout)).toMatchObject({
      counts: { ok: 8, missing: 1 },
      pending: [expect.stringMatching(/^create alarm awsarch-hybrid-vpn-tunnel-/)],
    });
  });

  it('runs the failover test: dx -> vpn -> dx with both times, and refuses when the VPN is down', async () => {
    expect((await runAwsarch(['--sandbox', 'hybrid', 'alarms', 'apply', '--yes'], stateDir)).code).toBe(0);
    const run = await runAwsarch(
      ['--sandbox', '--output', 'json', 'hybrid', 'failover-test', ...VIFS, '--interval', '100ms', '--yes'],
      stateDir,
    );
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // A new frame when the path, the health or the alarms in ALARM change: the path goes dx -> vpn -> dx.
    const paths = lines.slice(0, -1).map((frame) => frame.path);
    expect(paths.filter((path, index) => path !== paths[index - 1])).toEqual(['dx', 'vpn', 'dx']);
    const result = lines[lines.length - 1];
    expect(result).toMatchObject({
      outcome: 'failed-over',
      ended: 'stopped',
      during: { path: 'vpn' },
      after: { path: 'dx' },
    });
    expect(typeof result.failoverMs).toBe('number');
    expect(typeof result.failbackMs).toBe('number');
    expect(result.tests).toHaveLength(2);
    // The hybrid alarms are followed through the test, and all OK again at its end.
    expect(result.alarms).toHaveLength(9);
    expect(result.alarms.every((alarm: { after: string }) => alarm.after === 'OK')).toBe(true);

    const noYes = await runAwsarch(['--sandbox', 'hybrid', 'failover-test', ...VIFS], stateDir);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/there is no terminal to answer/);

    await fault('vpn-down');
    const refused = await runAwsarch(
      ['--sandbox', '--output', 'json', 'hybrid', 'failover-test', ...VIFS, '--yes'],
      stateDir,
    );
    expect(refused.code).toBe(4);
    expect(lastJson(refused.stdout).error).toMatchObject({ code: 'backup-unhealthy' });
    await fault('restore');
  });

  it('a failover test left to run its minute: the BGP alarms fire during it and clear after it', async () => {
    expect((await runAwsarch(['--sandbox', 'hybrid', 'alarms', 'apply', '--yes'], stateDir)).code).toBe(0);
    const run = await runAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        'hybrid',
        'failover-test',
        ...VIFS,
        '--duration',
        '1',
        '--wait',
        '--interval',
        '200ms',
      ],
      stateDir,
      // A test of 4 s, so that even a slow machine reads the path while the alarms are in ALARM.
      { AWSARCH_SANDBOX_FAILOVER_MINUTE_MS: '4000', AWSARCH_YES: '1' },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = lastJson(run.stdout);
    expect(result).toMatchObject({ outcome: 'failed-over', ended: 'expired' });
    const fired = result.alarms.filter((alarm: { during: string }) => alarm.during === 'ALARM');
    expect(fired.map((alarm: { name: string }) => alarm.name)).toEqual([
      expect.stringMatching(/^awsarch-hybrid-dx-bgp-dxvif-/),
      expect.stringMatching(/^awsarch-hybrid-dx-bgp-dxvif-/),
    ]);
    for (const alarm of fired) {
      expect(alarm).toMatchObject({ before: 'OK', after: 'OK' });
      // 5 sandbox metric minutes of 50 ms: the alarm's 300 s period, dated by CloudWatch when it closed.
      expect(alarm.firedAfterMs).toBe(250);
      expect(alarm.clearedAfterMs).toBe(250);
    }
  });

  it('--watch prints one JSON line per refresh until Ctrl-C, then a summary', async () => {
    const watch = startAwsarch(
      ['--sandbox', '--output', 'json', 'hybrid', 'status', '--watch', '1', '--detailed-exitcode'],
      stateDir,
    );
    await waitForOutput(watch, /"assessment"/);
    await fault('dx-down');
    await waitForOutput(watch, /"path":"vpn"/);
    watch.kill('SIGINT');
    const done = await watch.done;
    await fault('restore');
    const lines = done.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const frames = lines.slice(0, -1);
    expect(frames.every((frame) => frame.snapshot && frame.assessment && frame.changes)).toBe(true);
    expect(frames.some((frame) => frame.changes.prefixes.includes('10.0.0.0/9'))).toBe(true);
    expect(lines[lines.length - 1].watch).toMatchObject({ last: { path: 'vpn' } });
    expect(done.code).toBe(4);
  });
});
