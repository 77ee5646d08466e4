import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newStateDir, runAwsarch, startAwsarch, waitForOutput } from './run-binary.js';

const FILE = 'templates/landing-zone.yaml';
const FAST = { AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '100', AWSARCH_SANDBOX_ROLE_PROPAGATION_MS: '0' };

function awsarch(stateDir: string, args: string[], env: Record<string, string> = {}) {
  return runAwsarch(['--sandbox', ...args], stateDir, { ...FAST, AWSARCH_JOURNAL_DIR: join(stateDir, 'runs'), ...env });
}

const writesOf = (run: { stderr: string }): number => {
  const match = /debug \[aws-call-counts\] \d+ AWS calls \(\d+ reads, (\d+) writes[;)]/.exec(run.stderr);
  if (!match) throw new Error(`no call counts in:\n${run.stderr}`);
  return Number(match[1]);
};

async function accountsByEmail(stateDir: string): Promise<Record<string, number>> {
  const list = await awsarch(stateDir, ['--output', 'json', 'account', 'list']);
  const counts: Record<string, number> = {};
  for (const account of JSON.parse(list.stdout).accounts as Array<{ email: string }>)
    counts[account.email] = (counts[account.email] ?? 0) + 1;
  return counts;
}

describe('awsarch apply when things go wrong', { timeout: 240_000 }, () => {
  it('converges after kill -9 during apply: the re-run finishes the job, nothing is created twice', async () => {
    const stateDir = newStateDir();
    const slow = { AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '2500' };
    const first = startAwsarch(['--sandbox', '--yes', 'apply', '-f', FILE], stateDir, {
      ...FAST,
      ...slow,
      AWSARCH_JOURNAL_DIR: join(stateDir, 'runs'),
    });
    await waitForOutput(first, /› wait/, 60_000);
    first.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');

    const again = await awsarch(stateDir, ['--yes', 'apply', '-f', FILE], slow);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(
      /an apply of plan [0-9a-f]{16} started at .* was interrupted after \d+ change\(s\); this run finishes it/,
    );
    expect(Object.values(await accountsByEmail(stateDir)).every((count) => count === 1)).toBe(true);
    expect(Object.keys(await accountsByEmail(stateDir))).toHaveLength(7);
    const clean = await awsarch(stateDir, ['plan', '-f', FILE, '--detailed-exitcode']);
    expect(clean.code, clean.stdout).toBe(0);
    // The interrupted run is finished now: the next apply says nothing about it.
    const quiet = await awsarch(stateDir, ['--yes', 'apply', '-f', FILE]);
    expect(quiet.stderr).not.toMatch(/was interrupted/);
  });

  it('resumes a saved plan after kill -9 instead of calling it stale', async () => {
    const stateDir = newStateDir();
    const saved = join(stateDir, 'plan.json');
    const plan = await awsarch(stateDir, ['plan', '-f', FILE, '--out', saved]);
    expect(plan.code, plan.stderr).toBe(0);
    const slow = { AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '2500' };
    const first = startAwsarch(['--sandbox', '--yes', 'apply', saved], stateDir, {
      ...FAST,
      ...slow,
      AWSARCH_JOURNAL_DIR: join(stateDir, 'runs'),
    });
    await waitForOutput(first, /› wait/, 60_000);
    first.kill('SIGKILL');
    await first.done;

    const resumed = await awsarch(stateDir, ['--yes', '--output', 'json', 'apply', saved], slow);
    expect(resumed.code, resumed.stderr).toBe(0);
    const result = JSON.parse(resumed.stdout);
    expect(result.resumed).toMatchObject({ planId: JSON.parse(readFileSync(saved, 'utf8')).planId });
    expect(result.totals.failed).toBe(0);
    expect(Object.values(await accountsByEmail(stateDir)).every((count) => count === 1)).toBe(true);
    const clean = await awsarch(stateDir, ['plan', '-f', FILE, '--detailed-exitcode']);
    expect(clean.code, clean.stdout).toBe(0);
  });

  it('a failure fails only what depends on it: exit 1 with each cause, and a re-run finishes the job', async () => {
    const stateDir = newStateDir();
    const faulty = await awsarch(stateDir, ['--yes', '--output', 'json', 'apply', '-f', FILE], {
      AWSARCH_SANDBOX_FAULTS:
        'CreatePolicy=MalformedPolicyDocumentException,CreateTransitGateway=UnauthorizedOperation,throttle=0.05',
    });
    expect(faulty.code, faulty.stderr).toBe(1);
    const result = JSON.parse(faulty.stdout);
    const status = (key: string) => result.outcomes.find((outcome: { key: string }) => outcome.key === key);
    expect(status('scp:RequireTags')).toMatchObject({
      status: 'failed',
      error: { message: expect.stringMatching(/MalformedPolicyDocumentException/) },
    });
    expect(status('scp-target:root')).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/needs scp:/) });
    expect(status('prerequisite:transit-gateway')).toMatchObject({ status: 'failed' });
    // Everything else was done: accounts, the bucket, and every baseline step but network.
    expect(status('account:Prod')).toMatchObject({ status: 'done' });
    expect(status('prerequisite:log-archive-bucket')).toMatchObject({ status: 'done' });
    expect(status('baseline:Dev')).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(
        /cloudtrail, config, guardduty, roles applied; network not applied: needs prerequisite:transit-gateway/,
      ),
    });

    const rerun = await awsarch(stateDir, ['--yes', '--output', 'json', 'apply', '-f', FILE]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout).totals).toMatchObject({ failed: 0, skipped: 0 });
    const clean = await awsarch(stateDir, ['plan', '-f', FILE, '--detailed-exitcode']);
    expect(clean.code, clean.stdout).toBe(0);
  });

  it("resumes an in-flight creation request only when its account has the file entry's name and e-mail", async () => {
    const stateDir = newStateDir();
    const file = join(stateDir, 'research.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'organizationalUnits: [Security, Workloads/NonProd]',
        'accounts:',
        '  - { name: Research, email: aws+research@example.com, ou: Workloads/NonProd, tags: { team: research } }',
        '',
      ].join('\n'),
    );
    const init = await awsarch(stateDir, ['org', 'init', '--from', file]);
    expect(init.code, init.stderr).toBe(0);
    // Another request for an account of the same name (another e-mail) is still in flight when apply plans:
    // AWS shows its name only, so apply must wait for it and compare the e-mail, not take it over.
    const other = await awsarch(
      stateDir,
      [
        'account',
        'create',
        '--name',
        'Research',
        '--email',
        'aws+research-other@example.com',
        '--ou',
        'Security',
        '--no-wait',
      ],
      { AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '4000' },
    );
    expect(other.code, other.stderr).toBe(0);
    const applied = await awsarch(stateDir, ['--yes', '--output', 'json', 'apply', '-f', file]);
    expect(applied.code, applied.stderr).toBe(0);
    const list = await awsarch(stateDir, ['--output', 'json', 'account', 'list']);
    const research = (JSON.parse(list.stdout).accounts as Array<{ name: string; email: string; ou: string }>)
      .filter((account) => account.name === 'Research')
      .map((account) => [account.email, account.ou])
      .sort();
    // The other request's account stays where its command left it (not moved, not tagged as this one).
    expect(research).toEqual([
      ['aws+research-other@example.com', '/'],
      ['aws+research@example.com', 'Workloads/NonProd'],
    ]);
  });

  it.each([
    [
      'a duplicate account name',
      (text: string) => text.replace('  - name: Staging', '  - name: Dev'),
      /:\d+:\d+: accounts\[4\]\.name: the account name "Dev" is used twice/,
    ],
    [
      'a duplicate e-mail',
      (text: string) => text.replace('aws+staging@example.com', 'aws+dev@example.com'),
      /:\d+:\d+: accounts\[4\]\.email: the e-mail aws\+dev@example.com is used twice/,
    ],
    [
      'an OU deeper than five levels',
      (text: string) => text.replace('  - Workloads/Prod\n', '  - Workloads/Prod/A/B/C/D\n'),
      /:\d+:\d+: organizationalUnits\[3\]: "Workloads\/Prod\/A\/B\/C\/D" is 6 levels deep/,
    ],
    [
      'an unknown OU',
      (text: string) => text.replace('    ou: Workloads/Prod\n', '    ou: Workloads/Production\n'),
      /:\d+:\d+: accounts\[5\]\.ou: .*"Workloads\/Production", which organizationalUnits does not list/,
    ],
    [
      'an unknown SCP',
      (text: string) => text.replace('RequireRegions, RequireTags]', 'RequireRegions, RequireTag]'),
      /:\d+:\d+: scps\.attachments\[1\]\.policies\[1\]: "RequireTag" is neither a bundled SCP/,
    ],
    [
      'a parameter of the wrong type',
      (text: string) => text.replace('requiredTagKeys: [owner, cost-center]', 'requiredTagKeys: { owner: true }'),
      /:\d+:\d+: scps\.policyParameters\.RequireTags\.requiredTagKeys: expected a string or a list of strings/,
    ],
  ])('rejects %s: exit 2, the file and line, zero AWS calls', async (_label, edit, message) => {
    const stateDir = newStateDir();
    const file = join(stateDir, 'landing-zone.yaml');
    writeFileSync(file, edit(readFileSync(FILE, 'utf8')));
    for (const args of [
      ['plan', '-f', file],
      ['--yes', 'apply', '-f', file],
      ['org', 'init', '--from', file],
      ['account', 'create', '--from', file],
    ]) {
      const run = await awsarch(stateDir, ['--verbose', ...args]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${message.source}`));
      expect(writesOf(run)).toBe(0);
    }
  });
});
