import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLED_LANDING_ZONE,
  newStateDir,
  runAwsarch,
  runSandboxSteps,
  startAwsarch,
  waitForOutput,
} from './run-binary.js';

interface Report {
  counts: Record<string, number>;
  accounts: Array<{ name: string; cells: Array<{ step: string; state: string; differences: string[] }> }>;
}

describe('one awsarch run at a time changes an organization (the run lease)', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = newStateDir();
    await runSandboxSteps(stateDir, [
      ['org', 'init', '--from', BUNDLED_LANDING_ZONE],
      ['account', 'create', '--from', BUNDLED_LANDING_ZONE, '--concurrency', '6'],
      ['sandbox', 'seed', 'network'],
    ]);
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

  // The holder answers every call after 1 s (so it is still before its CreateAccount when the apply plans, were the
  // apply to plan before taking the lease): about 15 s of holder, then the apply; 90 s leaves room under load.
  it(
    'awsarch apply takes the lease before reading AWS: with --lease-wait 0 it refuses having read nothing, and when it waits it plans from what the holder made',
    { timeout: 90_000 },
    async () => {
      const file = join(stateDir, 'late-account.yaml');
      writeFileSync(
        file,
        [
          'version: 1',
          'organizationalUnits: [Security, Workloads/NonProd]',
          'accounts:',
          '  - { name: Security, email: aws+security@example.com, ou: Security }',
          '  - { name: Research, email: aws+research@example.com, ou: Workloads/NonProd }',
          '',
        ].join('\n'),
      );
      // The holder vends the account the file also declares, slowly.
      const holder = startAwsarch(
        [
          '--sandbox',
          '--verbose',
          '--output',
          'json',
          'account',
          'create',
          '--name',
          'Research',
          '--email',
          'aws+research@example.com',
          '--ou',
          'Workloads/NonProd',
        ],
        stateDir,
        { AWSARCH_SANDBOX_FAULTS: 'latency=1s' },
      );
      await waitForOutput(holder, /"code":"aws-call"[^\n]*"operation":"PutParameter"/);

      // Started while the holder runs: it waits for the lease, then plans.
      const waiting = startAwsarch(['--sandbox', '--output', 'json', '--yes', 'apply', '-f', file], stateDir);
      const refused = await runAwsarch(
        ['--sandbox', '--verbose', '--output', 'json', '--yes', 'apply', '-f', file, '--lease-wait', '0'],
        stateDir,
      );
      expect(refused.code, refused.stderr).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'run-lease-held' } });
      const calls = refused.stderr.split('\n').filter((line) => line.includes('"code":"aws-call"'));
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.filter((line) => !/"service":"SSM"/.test(line))).toEqual([]);

      const waited = await waiting.done;
      const held = await holder.done;
      expect([held.code, waited.code], held.stderr + waited.stderr).toEqual([0, 0]);
      // Planned after the holder ended: the account it vended is there, so this run does not create it again.
      const applied = JSON.parse(waited.stdout) as { plan: { changes: Array<{ kind: string; key: string }> } };
      expect(applied.plan.changes.map((change) => change.key)).not.toContain('account:Research');
      const accounts = await runAwsarch(['--sandbox', '--output', 'json', 'account', 'list'], stateDir);
      expect(accounts.stdout.match(/"name": ?"Research"/g)).toHaveLength(1);
    },
  );
});
