import { beforeAll, describe, expect, it } from 'vitest';
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

describe('awsarch hybrid, the binary against the seeded sandbox', () => {
  let stateDir: string;
  const status = (...extra: string[]) =>
    runAwsarch(['--sandbox', '--output', 'json', 'hybrid', 'status', '--detailed-exitcode', ...extra], stateDir);
  const fault = async (...args: string[]) =>
    expect((await runAwsarch(['sandbox', 'fault', ...args], stateDir)).code).toBe(0);

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
    expect(data.snapshot.collection).toMatchObject({ rounds: 2, calls: 17 });

    await fault('dx-down');
    const backup = await runAwsarch(['--sandbox', 'hybrid', 'status', '--detailed-exitcode'], stateDir);
    expect(backup.code).toBe(4);
    expect(backup.stdout).toMatch(/^Degraded: all 2 on-premises prefixes route over the VPN backup$/m);
    expect(backup.stdout).toMatch(/On-premises ──▶ Direct Connect \/ VPN ──▶ Transit gateway ──▶ VPCs/);
    expect(backup.stdout).toMatch(
      /warning  10\.0\.0\.0\/8 routes over the backup, VPN vpn-\w+ \(corp-vpn-backup\): BGP is down on every Direct Connect interface/,
    );

    await fault('vpn-down');
    const none = await status('--prefix', '10.0.0.0/8');
    expect(none.code).toBe(5);
    expect(JSON.parse(none.stdout).assessment.findings[0]).toMatchObject({ code: 'path-none', severity: 'critical' });
    await fault('restore');
  });

  it('runs the failover test: dx -> vpn -> dx with both times, and refuses when the VPN is down', async () => {
    const run = await runAwsarch(
      ['--sandbox', '--output', 'json', 'hybrid', 'failover-test', ...VIFS, '--interval', '100ms', '--yes'],
      stateDir,
    );
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.slice(0, -1).map((frame) => frame.path)).toEqual(['dx', 'vpn', 'dx']);
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

    const noYes = await runAwsarch(['--sandbox', 'hybrid', 'failover-test', ...VIFS], stateDir);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/needs confirmation/);

    await fault('vpn-down');
    const refused = await runAwsarch(
      ['--sandbox', '--output', 'json', 'hybrid', 'failover-test', ...VIFS, '--yes'],
      stateDir,
    );
    expect(refused.code).toBe(4);
    expect(lastJson(refused.stdout).error).toMatchObject({ code: 'backup-unhealthy' });
    await fault('restore');
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
    expect(frames.some((frame) => frame.changes.prefixes.includes('10.0.0.0/8'))).toBe(true);
    expect(lines[lines.length - 1].watch).toMatchObject({ last: { path: 'vpn' } });
    expect(done.code).toBe(4);
  });
});
