import { beforeAll, describe, expect, it } from 'vitest';
import { newStateDir, runAwsarch, startAwsarch, waitForOutput } from './run-binary.js';

const OUS = ['--ou', 'Security', '--ou', 'Workloads/Prod'];

async function listAccounts(stateDir: string): Promise<Array<{ id: string; email: string; ou: string; name: string }>> {
  const run = await runAwsarch(['--sandbox', '--output', 'json', 'account', 'list'], stateDir);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout).accounts;
}

describe('awsarch binary against the sandbox', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = newStateDir();
    const init = await runAwsarch(['--sandbox', 'org', 'init', ...OUS], stateDir);
    expect(init.code, init.stderr).toBe(0);
  });

  it('vends an account in one process and a second process sees it', async () => {
    const create = await runAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        'account',
        'create',
        '--name',
        'Prod',
        '--email',
        'aws+prod@example.com',
        '--ou',
        'Workloads/Prod',
        '--tag',
        'env=prod',
      ],
      stateDir,
    );
    expect(create.code, create.stderr).toBe(0);
    const result = JSON.parse(create.stdout);
    expect(result).toMatchObject({ name: 'Prod', status: 'vended', ou: 'Workloads/Prod' });
    expect(result.accountId).toMatch(/^\d{12}$/);
    expect(result.steps.map((step: { step: string }) => step.step)).toEqual([
      'locate',
      'create',
      'wait',
      'move',
      'tag',
      'access',
    ]);

    const accounts = await listAccounts(stateDir);
    expect(accounts.filter((account) => account.email === 'aws+prod@example.com')).toEqual([
      expect.objectContaining({ id: result.accountId, ou: 'Workloads/Prod' }),
    ]);

    const show = await runAwsarch(['--sandbox', '--output', 'json', 'account', 'show', 'Prod'], stateDir);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: result.accountId, tags: { env: 'prod' } });

    // What the sandbox now holds, as `sandbox dump` shows it (the state is a journal on disk, not one file).
    const dump = await runAwsarch(['--output', 'json', 'sandbox', 'dump', '--service', 'organizations'], stateDir);
    expect(dump.code, dump.stderr).toBe(0);
    const state = JSON.parse(dump.stdout);
    expect(Object.keys(state.services)).toEqual(['organizations']);
    expect(state.services.organizations.accounts[result.accountId]).toMatchObject({ Email: 'aws+prod@example.com' });
    const unknown = await runAwsarch(['sandbox', 'dump', '--service', 'lambda'], stateDir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/the state has no "lambda" slice; it has .*organizations/);
  });

  it('finishes the job after kill -9 while polling, with exactly one account for the e-mail', async () => {
    const args = [
      '--sandbox',
      'account',
      'create',
      '--name',
      'Security',
      '--email',
      'aws+security@example.com',
      '--ou',
      'Security',
    ];
    const slow = { AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '3000' };
    const first = startAwsarch(args, stateDir, slow);
    await waitForOutput(first, /… Security → Security › wait/);
    first.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');

    const second = await runAwsarch(args, stateDir, slow);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/resuming request car-/);
    expect(
      (await listAccounts(stateDir)).filter((account) => account.email === 'aws+security@example.com'),
    ).toHaveLength(1);

    const third = await runAwsarch(args, stateDir);
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/found account \d{12}/);
    expect(
      (await listAccounts(stateDir)).filter((account) => account.email === 'aws+security@example.com'),
    ).toHaveLength(1);
  });

  it.each([
    ['a bad e-mail', ['--name', 'Bad', '--email', 'not-an-email', '--ou', 'Security'], /not a valid e-mail/],
    [
      'an unknown OU',
      ['--name', 'Lost', '--email', 'aws+lost@example.com', '--ou', 'Nowhere/Else'],
      /OU "Nowhere\/Else" does not exist/,
    ],
  ])('exits 2 on %s with a one-line error and creates nothing', async (_label, args, message) => {
    const before = await listAccounts(stateDir);
    const run = await runAwsarch(['--sandbox', 'account', 'create', ...args], stateDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('error:'))).toHaveLength(1);
    expect(await listAccounts(stateDir)).toEqual(before);
  });

  it('prints a single JSON document with --output json, also for errors', async () => {
    const run = await runAwsarch(
      ['--sandbox', '--output', 'json', 'account', 'create', '--name', 'Bad', '--email', 'x', '--ou', 'Security'],
      stateDir,
    );
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'bad-email' } });
    const tree = await runAwsarch(['--sandbox', '--output', 'json', 'org', 'show'], stateDir);
    expect(JSON.parse(tree.stdout).root.children.map((child: { name: string }) => child.name)).toEqual([
      'Security',
      'Workloads',
    ]);
  });

  it('prints plain lines without colour codes when not on a terminal', async () => {
    const run = await runAwsarch(['--sandbox', 'org', 'show'], stateDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Root \(o-[a-z0-9]{10}\)/);
    expect(run.stdout).toContain('└── Workloads/');
    expect(run.stdout + run.stderr).not.toMatch(/\u001b\[/);
  });

  it('reuses a foreground `sandbox start` server for the same state', async () => {
    const server = startAwsarch(['sandbox', 'start', '--port', '0', '--state', stateDir], stateDir);
    try {
      await waitForOutput(server, /sandbox at http:\/\/127\.0\.0\.1:\d+/);
      const run = await runAwsarch(['--sandbox', '--verbose', 'account', 'list'], stateDir);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/using the sandbox at http:\/\/127\.0\.0\.1/);
    } finally {
      server.kill('SIGINT');
      const stopped = await server.done;
      expect(stopped.code).toBe(0);
    }
  });
});
