import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeaveOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, startSandbox, type RunningSandbox } from '@awsarch/aws-sandbox';
import { newStateDir, runAwsarch } from './run-binary.js';

const FAST = { AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '0', AWSARCH_SANDBOX_ROLE_PROPAGATION_MS: '0' };
const LAYOUT = 'templates/landing-zone.yaml';

describe('awsarch scp against the sandbox', () => {
  let stateDir: string;
  let sandbox: RunningSandbox | undefined;

  beforeAll(async () => {
    stateDir = newStateDir();
    for (const [kind, args] of [
      ['org-init', ['org', 'init', '--from', 'templates/landing-zone.yaml']],
      ['account-create-batch', ['account', 'create', '--from', 'templates/landing-zone.yaml']],
    ] as const) {
      const run = await runAwsarch(['--sandbox', '--output', 'json', ...args], stateDir, FAST);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).kind).toBe(kind);
    }
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('applies the six SCPs to the demo organization; a member-account call they deny is then denied by the sandbox', async () => {
    const apply = await runAwsarch(
      ['--sandbox', '--output', 'json', 'scp', 'apply', '--from', LAYOUT, '--yes'],
      stateDir,
      FAST,
    );
    expect(apply.code, apply.stderr).toBe(0);
    const applied = JSON.parse(apply.stdout);
    expect(applied.outcome.policies.map((policy: { status: string }) => policy.status)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
      'done',
    ]);
    expect(
      applied.outcome.targets.map((target: { target: string; status: string }) => [target.target, target.status]),
    ).toEqual([
      ['root', 'done'],
      ['Workloads', 'done'],
    ]);

    // Another process (this test) shares the sandbox state and calls as Dev's administrator.
    sandbox = await startSandbox({ stateDir, createAccountMs: 0, rolePropagationMs: 0, faults: '' });
    const config = { endpoint: sandbox.endpoint, region: 'us-east-1', maxAttempts: 1 };
    const { Accounts = [] } = await new OrganizationsClient({ ...config, credentials: SANDBOX_CREDENTIALS }).send(
      new ListAccountsCommand({}),
    );
    const dev = Accounts.find((account) => account.Name === 'Dev')?.Id ?? '';
    const { Credentials } = await new STSClient({ ...config, credentials: SANDBOX_CREDENTIALS }).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${dev}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'e2e',
      }),
    );
    const member = new OrganizationsClient({
      ...config,
      credentials: {
        accessKeyId: Credentials?.AccessKeyId ?? '',
        secretAccessKey: Credentials?.SecretAccessKey ?? '',
        sessionToken: Credentials?.SessionToken,
      },
    });
    const error = await member.send(new LeaveOrganizationCommand({})).then(
      () => undefined,
      (failure: Error & { $metadata?: { httpStatusCode?: number } }) => failure,
    );
    expect(error?.name).toBe('AccessDeniedException');
    expect(error?.message).toMatch(
      new RegExp(
        `^User: arn:aws:sts::${dev}:assumed-role/OrganizationAccountAccessRole/e2e is not authorized to perform: organizations:LeaveOrganization with an explicit deny in a service control policy: arn:aws:organizations::123456789012:policy/o-[a-z0-9]+/service_control_policy/${applied.outcome.policies[1].policyId}$`,
      ),
    );

    const why = await runAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        'scp',
        'test',
        '--account',
        'Dev',
        '--action',
        'organizations:LeaveOrganization',
        '--principal',
        'OrganizationAccountAccessRole',
      ],
      stateDir,
      FAST,
    );
    expect(JSON.parse(why.stdout)).toMatchObject({
      decision: 'Denied',
      deniedBy: { policy: 'PreventSecurityChanges', sid: 'DenyLeavingOrganization', attachedTo: 'root' },
    });
  });

  it('a second apply makes no write call, and diff --detailed-exitcode exits 0', async () => {
    const again = await runAwsarch(
      ['--sandbox', '--output', 'json', 'scp', 'apply', '--from', LAYOUT, '--yes'],
      stateDir,
      FAST,
    );
    expect(again.code, again.stderr).toBe(0);
    const result = JSON.parse(again.stdout);
    expect(result).toMatchObject({ kind: 'scp-apply', dryRun: false, changes: 0 });
    expect(result.outcome).toBeUndefined();
    expect(result.apiCalls.writes).toBe(0);
    expect(result.apiCalls.reads).toBeGreaterThan(0);
    const diff = await runAwsarch(
      ['--sandbox', 'scp', 'diff', '--from', LAYOUT, '--detailed-exitcode'],
      stateDir,
      FAST,
    );
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('no changes: the organization already matches');
    const diffJson = await runAwsarch(
      ['--sandbox', '--output', 'json', 'scp', 'diff', '--from', LAYOUT, '--detailed-exitcode'],
      stateDir,
      FAST,
    );
    expect(diffJson.code, diffJson.stderr).toBe(0);
    const plan = JSON.parse(diffJson.stdout);
    expect(plan).toMatchObject({ kind: 'scp-diff', changes: 0, refusals: [] });
    // Targets by label, id and type, with the SCPs attached by name: what a pipeline compares.
    expect(plan.plan.targets).toContainEqual(
      expect.objectContaining({
        target: 'Workloads',
        targetType: 'ORGANIZATIONAL_UNIT',
        after: expect.arrayContaining(['FullAWSAccess', 'RequireRegions', 'RequireTags']),
        attach: [],
        detach: [],
      }),
    );
  });

  it('guardrails refuse with exit 2 and a clear message: the management account, a sixth SCP, no --yes in a pipeline', async () => {
    const management = await runAwsarch(
      ['--sandbox', 'scp', 'apply', '--target', 'Management', '--policy', 'RequireRegions', '--yes'],
      stateDir,
      FAST,
    );
    expect(management.code).toBe(2);
    expect(management.stderr).toMatch(/SCPs never restrict the management account/);
    const sixth = await runAwsarch(
      ['--sandbox', 'scp', 'apply', '--target', 'root', '--policy', 'RequireRegions', '--yes'],
      stateDir,
      FAST,
    );
    expect(sixth.code).toBe(2);
    expect(sixth.stderr).toMatch(/root would have 6 SCPs attached/);
    const unconfirmed = await runAwsarch(
      ['--sandbox', 'scp', 'apply', '--target', 'Workloads/Prod', '--policy', 'RequireRegions'],
      stateDir,
      FAST,
    );
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/there is no terminal to answer/);
  });

  it('refuses an SCP that would lock accounts out (exit 2, nothing written), naming policy, target and accounts; --allow-lockout accepts it for an OU, never for the root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsarch-scp-'));
    const file = join(dir, 'stop-everything.json');
    writeFileSync(
      file,
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }),
    );
    const onOu = await runAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        '--verbose',
        'scp',
        'apply',
        '--target',
        'Workloads',
        '--policy',
        file,
        '--yes',
      ],
      stateDir,
      FAST,
    );
    expect(onOu.code, onOu.stderr).toBe(2);
    const refusal = JSON.parse(onOu.stdout).error;
    expect(refusal.code).toBe('scp-guardrail');
    expect(refusal.message).toMatch(
      /attaching StopEverything on Workloads would lock out 3 account\(s\): Dev \(\d{12}\), Prod \(\d{12}\), Staging \(\d{12}\): StopEverything denies every action on every resource without a condition/,
    );
    const calls = onOu.stderr
      .split('\n')
      .filter((line) => line.includes('"code":"aws-call"'))
      .map((line) => JSON.parse(line).data as { service: string; operation: string })
      // The run lease's own parameter aside (awsarch's bookkeeping in SSM), nothing is written.
      .filter((call) => call.service !== 'SSM')
      .map((call) => call.operation);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((operation) => !/^(Describe|List|Get|AssumeRole$)/.test(operation))).toEqual([]);

    const onRoot = await runAwsarch(
      ['--sandbox', 'scp', 'apply', '--target', 'root', '--policy', file, '--allow-lockout', '--yes'],
      stateDir,
      FAST,
    );
    expect(onRoot.code).toBe(2);
    expect(onRoot.stderr).toMatch(/attaching StopEverything on root would lock out 6 account\(s\)/);
    expect(onRoot.stderr).toMatch(/never allowed on the root/);

    const quarantine = await runAwsarch(['--sandbox', 'org', 'init', '--ou', 'Suspended'], stateDir, FAST);
    expect(quarantine.code, quarantine.stderr).toBe(0);
    const accepted = await runAwsarch(
      ['--sandbox', 'scp', 'apply', '--target', 'Suspended', '--policy', file, '--allow-lockout', '--yes'],
      stateDir,
      FAST,
    );
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stderr).toMatch(
      /--allow-lockout: attaching StopEverything on Suspended would lock out every account moved there/,
    );
  });

  it('scp list shows where each SCP is attached', async () => {
    const run = await runAwsarch(['--sandbox', '--output', 'json', 'scp', 'list'], stateDir, FAST);
    expect(run.code, run.stderr).toBe(0);
    const deployed = JSON.parse(run.stdout).organization.deployed as Array<{
      name: string;
      managedByAwsarch: boolean;
      attachedTo: Array<{ label: string }>;
    }>;
    expect(deployed.find((policy) => policy.name === 'RequireTags')).toMatchObject({
      managedByAwsarch: true,
      attachedTo: [{ label: 'Workloads' }],
    });
  });
});

describe('awsarch scp offline', () => {
  it('the bundled test cases pass without AWS access', async () => {
    const run = await runAwsarch(['scp', 'test', '--file', 'templates/scps/cases.yaml'], newStateDir());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\d+ passed, 0 failed/);
  });

  it('refuses a cases file whose action is not an IAM action, naming the case and the closest action (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsarch-scp-'));
    const file = join(dir, 'cases.yaml');
    writeFileSync(
      file,
      [
        'policies: [DenyRootAccountUsage]',
        'cases:',
        '  - { name: root deletes a trail, principal: root, action: cloudtrail:DeleteTrail, expect: Denied }',
        '  - { name: typo, action: ec2:RunInstance, expect: Allowed }',
        '',
      ].join('\n'),
    );
    const run = await runAwsarch(['scp', 'test', '--file', file], newStateDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `error: ${file}: cases[1].action (case "typo"): unknown action ec2:RunInstance; did you mean ec2:RunInstances?`,
    );
    expect(run.stderr).toContain('hint: use action: ec2:RunInstances');
    expect(run.stdout).toBe('');
  });

  it('validate reports a broken file with line and column and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsarch-scp-'));
    const file = join(dir, 'broken.json');
    writeFileSync(
      file,
      '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Deny", "Action": "s3:PutObjetc", "Resource": "*"}]\n}\n',
    );
    const run = await runAwsarch(['scp', 'validate', file], newStateDir());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /error {3}3:46 Statement\[0\]\.Action: "s3:PutObjetc" is not an action of s3 \(did you mean s3:PutObject\?\)/,
    );
    const json = await runAwsarch(['--output', 'json', 'scp', 'validate'], newStateDir());
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, errors: 0, warnings: 0 });
  });

  it('render prints exactly what is uploaded', async () => {
    const run = await runAwsarch(
      ['scp', 'render', 'RequireRegions', '--param', 'allowedRegions=eu-west-1', '--minified'],
      newStateDir(),
    );
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document.Statement[0].Condition.StringNotEquals['aws:RequestedRegion']).toEqual(['eu-west-1']);
    expect(run.stdout.trim()).toBe(JSON.stringify(document));
  });
});
