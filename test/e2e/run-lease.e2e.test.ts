import { beforeAll, describe, expect, it } from 'vitest';
import { newStateDir, runAwsarch, startAwsarch, waitForOutput } from './run-binary.js';

const LANDING_ZONE = 'templates/landing-zone.yaml';

interface Report {
  counts: Record<string, number>;
  accounts: Array<{ name: string; cells: Array<{ step: string; state: string; differences: string[] }> }>;
}

describe('one awsarch run at a time changes an organization (the run lease)', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = newStateDir();
    for (const args of [
      ['org', 'init', '--from', LANDING_ZONE],
      ['account', 'create', '--from', LANDING_ZONE, '--concurrency', '6'],
      ['sandbox', 'seed', 'network'],
    ]) {
      const run = await runAwsarch(['--sandbox', ...args], stateDir);
      expect(run.code, run.stderr).toBe(0);
    }
  }, 60_000);

  it('a second baseline apply started while the first holds the lease plans from what the first made: one VPC per account', async () => {
    const apply = ['--sandbox', '--output', 'json', 'baseline', 'apply', '--all', '--only', 'network'];
    // Slow answers keep the first run busy; the second starts once the first holds the lease.
    const first = startAwsarch(['--verbose', ...apply], stateDir, { AWSARCH_SANDBOX_FAULTS: 'latency=100ms' });
    await waitForOutput(first, /"code":"aws-call"[^\n]*"operation":"PutParameter"/);
    const second = await runAwsarch(apply, stateDir);
    const firstRun = await first.done;
    expect([firstRun.code, second.code], firstRun.stderr + second.stderr).toEqual([0, 0]);
    // Every account's network made by the first run (the organization row may be applied too: the RAM share).
    const firstCells = (JSON.parse(firstRun.stdout) as Report).accounts.flatMap((account) => account.cells);
    expect(firstCells.filter((cell) => cell.state === 'applied')).toHaveLength(6);
    // It waited for the first run (or started after it ended): either way it found every VPC in place.
    expect((JSON.parse(second.stdout) as Report).counts).toMatchObject({ applied: 0, ok: 7, error: 0 });
    const status = await runAwsarch(
      ['--sandbox', '--output', 'json', 'baseline', 'status', '--all', '--only', 'network', '--detailed-exitcode'],
      stateDir,
    );
    expect(status.code, status.stdout).toBe(0);
  });

  it('--lease-wait 0 refuses while another run holds it, naming that run; after kill -9 of the holder the next run goes ahead at once', async () => {
    // A slow apply holds the lease for a while.
    const holder = startAwsarch(['--sandbox', 'baseline', 'apply', '--all'], stateDir, {
      AWSARCH_SANDBOX_FAULTS: 'latency=200ms',
    });
    await waitForOutput(holder, /Read the organization/);
    const refused = await runAwsarch(
      [
        '--sandbox',
        'account',
        'create',
        '--name',
        'Late',
        '--email',
        'aws+late@example.com',
        '--ou',
        'Security',
        '--lease-wait',
        '0',
      ],
      stateDir,
    );
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^error: another awsarch run is changing this organization: baseline apply \\(pid ${holder.pid} on `,
        'm',
      ),
    );
    expect(refused.stderr).toMatch(/--lease-wait/);

    holder.kill('SIGKILL');
    await holder.done;
    const next = await runAwsarch(['--sandbox', 'baseline', 'apply', '--all', '--lease-wait', '0'], stateDir);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toMatch(/Wait for the run lease/);
  });
});
