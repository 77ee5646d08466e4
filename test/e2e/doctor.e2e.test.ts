import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newStateDir, runAwsarch } from './run-binary.js';

/** The lines of `awsarch doctor` by check label: "✓ identity: ..." -> { identity: '✓ identity: ...' }. */
function linesByCheck(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter((line) => /^[✓!✗] /.test(line))
      .map((line) => [line.slice(2, line.indexOf(':')), line]),
  );
}

/** A loopback port nothing listens on: bound, then closed. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('awsarch doctor (built binary)', () => {
  let stateDir: string;
  let memberId: string;

  beforeAll(async () => {
    stateDir = newStateDir();
    const init = await runAwsarch(['--sandbox', 'org', 'init', '--ou', 'Workloads'], stateDir);
    expect(init.code, init.stderr).toBe(0);
    const create = await runAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        'account',
        'create',
        '--name',
        'Dev',
        '--email',
        'dev@example.com',
        '--ou',
        'Workloads',
      ],
      stateDir,
    );
    expect(create.code, create.stderr).toBe(0);
    memberId = JSON.parse(create.stdout).accountId;
  }, 60_000);

  it('all green on the sandbox: one line per check in order, exit 0', async () => {
    const run = await runAwsarch(['--sandbox', '--region', 'eu-west-1', 'doctor'], stateDir);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const lines = linesByCheck(run.stdout);
    expect(Object.keys(lines)).toEqual([
      'identity',
      'account',
      'organization',
      'member role',
      'region',
      'endpoints',
      'sandbox',
    ]);
    expect(lines.identity).toMatch(/^✓ identity: arn:aws:iam::\d{12}:/);
    expect(lines.organization).toMatch(/^✓ organization: o-\w+, 2 account\(s\); this is the management account$/);
    expect(lines['member role']).toBe(`✓ member role: assumed OrganizationAccountAccessRole in Dev (${memberId})`);
    expect(lines.region).toBe('✓ region: eu-west-1, from --region');
    expect(lines.endpoints).toMatch(/^✓ endpoints: sts\/organizations\/ec2 127\.0\.0\.1:\d+ \d+ ms$/);
    expect(lines.sandbox).toContain(`✓ sandbox: ${stateDir}`);
    expect(lines.sandbox).toContain('2 account(s) in its organization');
    expect(run.stdout).toContain('all required checks passed');
  }, 30_000);

  it('--output json: one doctor document; the Region from AWS_REGION says so; nothing written', async () => {
    const run = await runAwsarch(['--sandbox', '--output', 'json', '--verbose', 'doctor'], stateDir, {
      AWS_REGION: 'eu-central-1',
    });
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({
      kind: 'doctor',
      region: { region: 'eu-central-1', source: 'env', from: 'AWS_REGION' },
      memberRole: { roleName: 'OrganizationAccountAccessRole', accountId: memberId, assumed: true },
      sandbox: { stateDir, hasState: true, accounts: 2 },
    });
    expect(document.checks.map((check: { status: string }) => check.status)).toEqual(Array(7).fill('ok'));
    const counts = run.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .find((event) => event.code === 'aws-call-counts');
    expect(counts.data.byOperation).toMatchObject({ 'STS:GetCallerIdentity': 2, 'STS:AssumeRole': 1 });
    expect(counts.data.writes).toBe(0);
  }, 30_000);

  it('AssumeRole denied: exit 1 and the ✗ member role line names it', async () => {
    const run = await runAwsarch(['--sandbox', 'doctor'], stateDir, {
      AWSARCH_SANDBOX_FAULTS: 'AssumeRole=AccessDenied',
    });
    expect(run.code, run.stderr + run.stdout).toBe(1);
    const lines = linesByCheck(run.stdout);
    expect(lines['member role']).toMatch(
      new RegExp(
        `^✗ member role: Assuming OrganizationAccountAccessRole in Dev \\(${memberId}\\) failed: access denied`,
      ),
    );
    expect(run.stdout).toContain('hint: the role OrganizationAccountAccessRole must exist in Dev');
    expect(lines.identity).toMatch(/^✓/);
    expect(lines.organization).toMatch(/^✓/);
    expect(run.stdout).toContain('1 required check(s) failed');
  }, 30_000);

  it('no organization: exit 1, the ✗ organization line says so and how to fix it', async () => {
    const run = await runAwsarch(['--sandbox', 'doctor'], stateDir, {
      AWSARCH_SANDBOX_FAULTS: 'DescribeOrganization=AWSOrganizationsNotInUseException',
    });
    expect(run.code).toBe(1);
    const lines = linesByCheck(run.stdout);
    expect(lines.organization).toBe("✗ organization: the caller's account is not in an AWS organization");
    expect(run.stdout).toContain('hint: create one with `awsarch org init`');
    expect(lines['member role']).toMatch(/^! member role: OrganizationAccountAccessRole not tried/);
  }, 30_000);

  it('an endpoint that refuses connections: exit 1, identity and endpoints ✗ with the reason', async () => {
    const port = await refusedPort();
    const run = await runAwsarch(['--endpoint-url', `http://127.0.0.1:${port}`, 'doctor'], stateDir, {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_CONFIG_FILE: join(stateDir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(stateDir, 'no-credentials'),
    });
    expect(run.code, run.stderr).toBe(1);
    const lines = linesByCheck(run.stdout);
    expect(lines.identity).toBe(
      '✗ identity: STS GetCallerIdentity failed: cannot reach the AWS endpoint (ECONNREFUSED)',
    );
    expect(lines.endpoints).toMatch(
      new RegExp(`^✗ endpoints: sts/organizations/ec2 127\\.0\\.0\\.1:${port} unreachable \\(ECONNREFUSED`),
    );
    expect(lines.sandbox).toBe('✓ sandbox: not in use (the calls go to AWS or --endpoint-url)');
  }, 60_000);

  it('an unknown profile: doctor says it does not exist (and suggests the close one); so does any other command', async () => {
    const config = join(stateDir, 'aws-config');
    writeFileSync(config, '[profile prod]\nregion = eu-west-1\n');
    const env = {
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: join(stateDir, 'no-credentials'),
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
    };
    const port = await refusedPort();
    const doctor = await runAwsarch(
      ['--profile', 'prd', '--endpoint-url', `http://127.0.0.1:${port}`, 'doctor'],
      stateDir,
      env,
    );
    expect(doctor.code).toBe(1);
    expect(linesByCheck(doctor.stdout).identity).toBe(
      `✗ identity: the AWS profile "prd" does not exist (not in ${config} nor ${join(stateDir, 'no-credentials')}); did you mean prod?`,
    );
    expect(doctor.stdout).not.toMatch(/credentials are missing/);

    const show = await runAwsarch(
      ['--profile', 'nosuch', '--endpoint-url', `http://127.0.0.1:${port}`, 'org', 'show'],
      stateDir,
      env,
    );
    expect(show.code).toBe(2);
    expect(show.stderr).toContain('error: the AWS profile "nosuch" does not exist');
    expect(show.stderr).toContain('hint: known profiles: prod');
    expect(show.stderr).not.toMatch(/credentials are missing/);

    const region = await runAwsarch(
      ['--profile', 'prod', '--endpoint-url', `http://127.0.0.1:${port}`, 'doctor'],
      stateDir,
      env,
    );
    expect(linesByCheck(region.stdout).region).toBe(`✓ region: eu-west-1, from profile prod (${config})`);
  }, 60_000);

  it('completion: an unknown shell exits 2 with the closest one; a known one prints a script', async () => {
    const bad = await runAwsarch(['completion', 'zhs'], stateDir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: no completion for shell "zhs"; did you mean zsh?');
    const bash = await runAwsarch(['completion', 'bash'], stateDir);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toMatch(/^# bash completion for awsarch /);
    expect(bash.stdout).toContain('complete -F _awsarch_complete awsarch\n');
    const json = await runAwsarch(['--output', 'json', 'completion', 'fish'], stateDir);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'completion', shell: 'fish' });
  }, 30_000);
});
