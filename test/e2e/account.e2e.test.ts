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

  it('after kill -9, an in-flight request is resumed only by the command with its name and e-mail', async () => {
    const create = (email: string, ou: string) => [
      '--sandbox',
      'account',
      'create',
      '--name',
      'Shared',
      '--email',
      email,
      '--ou',
      ou,
    ];
    // The first request stays in flight long enough for the next command to find it so, even on a busy machine.
    const slow = { AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '8000' };
    const first = startAwsarch(create('aws+shared-a@example.com', 'Security'), stateDir, slow);
    await waitForOutput(first, /… Shared → Security › wait/);
    first.kill('SIGKILL');
    await first.done;

    // Same name, another e-mail: AWS shows the in-flight request's name only, so it is waited for and
    // its account's e-mail compared; it is not this account, so this command creates its own.
    const other = await runAwsarch(create('aws+shared-b@example.com', 'Workloads/Prod'), stateDir);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stderr).toMatch(/for the same name created another account \(another e-mail\)/);
    const resumed = await runAwsarch(create('aws+shared-a@example.com', 'Security'), stateDir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/found account \d{12}/);
    const accounts = await listAccounts(stateDir);
    expect(
      accounts
        .filter((account) => account.name === 'Shared')
        .map((account) => [account.email, account.ou])
        .sort(),
    ).toEqual([
      ['aws+shared-a@example.com', 'Security'],
      ['aws+shared-b@example.com', 'Workloads/Prod'],
    ]);
  });

  it('Ctrl-C while vending prints one line, saying a re-run resumes (one error document with --output json), exit 130; the re-run finishes', async () => {
    const create = (name: string, output: string[] = []) => [
      '--sandbox',
      ...output,
      'account',
      'create',
      '--name',
      name,
      '--email',
      `aws+${name.toLowerCase()}@example.com`,
      '--ou',
      'Security',
    ];
    // The request stays in flight long enough to interrupt the wait for it, even on a busy machine.
    const slow = { AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '8000' };
    const plain = startAwsarch(create('Halted'), stateDir, slow);
    await waitForOutput(plain, /… Halted → Security › wait/);
    const before = plain.output().stderr;
    plain.kill('SIGINT');
    const stopped = await plain.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    const after = stopped.stderr
      .slice(before.length)
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(after).toEqual(['error: interrupted; nothing is lost - re-run the same command to resume']);
    expect(stopped.stdout).toBe('');

    const json = startAwsarch(create('HaltedJson', ['--output', 'json', '--verbose']), stateDir, slow);
    await waitForOutput(json, /"operation":"DescribeCreateAccountStatus"/);
    json.kill('SIGINT');
    const stoppedJson = await json.done;
    expect(stoppedJson.code, stoppedJson.stderr).toBe(130);
    expect(JSON.parse(stoppedJson.stdout)).toEqual({
      schemaVersion: 1,
      kind: 'error',
      error: { code: 'interrupted', message: 'interrupted; nothing is lost - re-run the same command to resume' },
    });

    const resumed = await runAwsarch(create('Halted'), stateDir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming request|found account/);
    expect((await listAccounts(stateDir)).filter((account) => account.name === 'Halted')).toHaveLength(1);
  });

  it('two identical account create at once: both succeed with the one account', async () => {
    const args = [
      '--sandbox',
      '--output',
      'json',
      'account',
      'create',
      '--name',
      'Twin',
      '--email',
      'aws+twin@example.com',
      '--ou',
      'Security',
    ];
    // Slow answers, so that both processes read the organization before either asks for the account.
    const slow = { AWSARCH_SANDBOX_FAULTS: 'latency=150ms' };
    const [first, second] = await Promise.all([runAwsarch(args, stateDir, slow), runAwsarch(args, stateDir, slow)]);
    expect([first.code, second.code], first.stderr + second.stderr).toEqual([0, 0]);
    const [a, b] = [JSON.parse(first.stdout), JSON.parse(second.stdout)];
    expect(a.accountId).toMatch(/^\d{12}$/);
    expect(b.accountId).toBe(a.accountId);
    expect((await listAccounts(stateDir)).filter((account) => account.email === 'aws+twin@example.com')).toHaveLength(
      1,
    );
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

  it('refuses an OU path deeper than AWS allows before creating anything (exit 2)', async () => {
    const tree = async () => (await runAwsarch(['--sandbox', '--output', 'json', 'org', 'show'], stateDir)).stdout;
    const before = await tree();
    const run = await runAwsarch(['--sandbox', 'org', 'init', '--ou', 'Deep/A/B/C/D/E'], stateDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: OU path "Deep\/A\/B\/C\/D\/E" is 6 levels deep; AWS Organizations allows OUs at most 5 levels below the root$/m,
    );
    expect(await tree()).toEqual(before);
    const vend = await runAwsarch(
      ['--sandbox', 'account', 'create', '--name', 'Deep', '--email', 'aws+deep@example.com', '--ou', 'Deep/A/B/C/D/E'],
      stateDir,
    );
    expect(vend.code).toBe(2);
    expect(vend.stderr).toMatch(/is 6 levels deep/);
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
