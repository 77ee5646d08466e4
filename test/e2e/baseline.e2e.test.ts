import { CloudTrailClient, CreateTrailCommand, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateSubnetCommand, CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, startSandbox, type RunningSandbox } from '@awsarch/aws-sandbox';
import { BUNDLED_LANDING_ZONE, newStateDir, runAwsarch, runSandboxSteps } from './run-binary.js';

interface Report {
  counts: Record<string, number>;
  accounts: Array<{ name: string; cells: Array<{ step: string; state: string }> }>;
}

/** The call counts the binary reports in its last NDJSON debug event (--output json --verbose). */
function callCounts(stderr: string): { writes: number; byOperation: Record<string, number> } {
  const event = stderr
    .split('\n')
    .filter((line) => line.includes('"aws-call-counts"'))
    .map((line) => JSON.parse(line) as { data: { writes: number; byOperation: Record<string, number> } })
    .at(-1);
  if (!event) throw new Error(`no aws-call-counts event in:\n${stderr.slice(-2000)}`);
  return event.data;
}

describe('awsarch baseline through the binary', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = newStateDir();
    await runSandboxSteps(stateDir, [
      ['org', 'init', '--from', BUNDLED_LANDING_ZONE],
      ['account', 'create', '--from', BUNDLED_LANDING_ZONE, '--concurrency', '6'],
      ['sandbox', 'seed', 'network'],
    ]);
  }, 60_000);

  // Each step is its own test (run in order on the same state): every one runs the binary over six accounts.
  it('reports MISSING with exit 3 before anything is applied', async () => {
    const before = await runAwsarch(
      ['--sandbox', '--output', 'json', 'baseline', 'status', '--all', '--detailed-exitcode'],
      stateDir,
    );
    expect(before.code, before.stderr).toBe(3);
    const missing = JSON.parse(before.stdout) as Report;
    expect(missing.accounts).toHaveLength(6);
    expect(missing.counts.missing).toBeGreaterThan(20);
  });

  it('applies the baseline to every account', async () => {
    const apply = await runAwsarch(['--sandbox', 'baseline', 'apply', '--all'], stateDir);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(
      /^Baseline default \(applied; home us-east-1, regions us-east-1, us-west-2\)\nACCOUNT\s+cloudtrail\s+config\s+guardduty\s+securityhub\s+network\s+roles\n/,
    );
    expect(apply.stdout).toMatch(
      /Dev \d{12}\s+APPLIED \(2\)\s+APPLIED \(7\)\s+APPLIED \(2\)\s+OK\s+APPLIED \(6\)\s+APPLIED \(4\)/,
    );
    expect(apply.stderr).toMatch(
      /✓ Apply baseline default on 6 account\(s\) › Dev \(\d{12}\) *: cloudtrail APPLIED \(2\) +config APPLIED \(7\)/,
    );
    expect(apply.stdout + apply.stderr).not.toMatch(/\u001b\[/);
  });

  it('then reports OK with exit 0', async () => {
    const after = await runAwsarch(['--sandbox', 'baseline', 'status', '--all', '--detailed-exitcode'], stateDir);
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).toContain(
      '6 account(s) x 6 step(s), plus the organization row: 42 OK, 0 DRIFT, 0 MISSING, 0 ERROR',
    );
  });

  it('applies a second time without writing anything', async () => {
    const again = await runAwsarch(
      ['--sandbox', '--output', 'json', '--verbose', 'baseline', 'apply', '--all'],
      stateDir,
    );
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as Report).counts).toMatchObject({ ok: 42, applied: 0, error: 0 });
    const counts = callCounts(again.stderr);
    // A new process assumes each member account's role once (which changes nothing); nothing writes.
    expect(counts.byOperation['STS:AssumeRole']).toBe(6);
    expect(counts.writes).toBe(0);
    const writes = Object.entries(counts.byOperation).filter(
      ([operation]) => !/:(Describe|List|Get|BatchGet|Head|AssumeRole$)/.test(operation),
    );
    expect(writes).toEqual([]);
  }, 90_000); // four runs of the binary over the whole organization, as beforeAll gets 60 s for three

  it('vends an account with --baseline as the last step', async () => {
    const run = await runAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        'account',
        'create',
        '--name',
        'Sandbox',
        '--email',
        'aws+sandbox@example.com',
        '--ou',
        'Workloads/NonProd',
        '--baseline',
        'default',
      ],
      stateDir,
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      status: string;
      accountId: string;
      steps: Array<{ step: string; status: string; detail?: string }>;
    };
    expect(result.status).toBe('vended');
    expect(result.steps.at(-1)).toEqual({
      step: 'baseline',
      status: 'done',
      detail: 'default: cloudtrail, config, guardduty, network, roles applied',
    });
    const status = await runAwsarch(
      ['--sandbox', '--output', 'json', 'baseline', 'status', '--account', result.accountId],
      stateDir,
    );
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as Report).accounts[0]?.cells.map((cell) => cell.state)).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
  });

  it("reports a GuardDuty or Security Hub GetMembers the administrator may not call as that account's error, without crashing", async () => {
    const faults = { AWSARCH_SANDBOX_FAULTS: 'GetMembers=AccessDeniedException' };
    const status = await runAwsarch(
      ['--sandbox', '--output', 'json', 'baseline', 'status', '--all', '--only', 'guardduty'],
      stateDir,
      faults,
    );
    expect(status.code, status.stderr).toBe(1);
    const report = JSON.parse(status.stdout) as Report & {
      accounts: Array<{ name: string; cells: Array<{ state: string; error?: { code: string; message: string } }> }>;
    };
    const dev = report.accounts.find((account) => account.name === 'Dev');
    expect(dev?.cells[0]).toMatchObject({
      state: 'error',
      error: {
        code: 'aws-access-denied',
        message: expect.stringMatching(/^Reading guardduty in Dev \(\d{12}\) failed/),
      },
    });
    // The administrator reads its own detector, not its membership: its cell is still OK.
    expect(report.accounts.find((account) => account.name === 'Security')?.cells[0]?.state).toBe('ok');

    // Security Hub's GetMembers has the same name and the same shape of read: the same answer, no crash.
    const hubStatus = await runAwsarch(
      ['--sandbox', '--output', 'json', 'baseline', 'status', '--all', '--only', 'securityhub'],
      stateDir,
      faults,
    );
    expect(hubStatus.code, hubStatus.stderr).toBe(1);
    const hubReport = JSON.parse(hubStatus.stdout) as typeof report;
    expect(hubReport.accounts.find((account) => account.name === 'Dev')?.cells[0]).toMatchObject({
      state: 'error',
      error: {
        code: 'aws-access-denied',
        message: expect.stringMatching(/^Reading securityhub in Dev \(\d{12}\) failed/),
      },
    });

    const vended = await runAwsarch(
      [
        '--sandbox',
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
        '--baseline',
        'default',
      ],
      stateDir,
      faults,
    );
    expect(vended.code, vended.stderr).toBe(1);
    const result = JSON.parse(vended.stdout) as {
      status: string;
      accountId?: string;
      steps: Array<{ step: string; status: string; detail?: string }>;
      error?: { code: string; message: string; hint?: string };
    };
    expect(result.accountId).toMatch(/^\d{12}$/);
    expect(result.status).toBe('failed');
    expect(result.steps.map((step) => `${step.step}:${step.status}`)).toEqual([
      'locate:done',
      'create:done',
      'wait:done',
      'move:done',
      'tag:skipped',
      'access:done',
      'baseline:failed',
    ]);
    expect(result.error).toMatchObject({
      code: 'baseline-failed',
      hint: expect.stringContaining(`awsarch --sandbox baseline apply --account ${result.accountId}`),
    });
  });

  describe('a duplicate baseline VPC (a retried CreateVpc, a racing run)', () => {
    let sandbox: RunningSandbox | undefined;
    afterAll(async () => sandbox?.close());

    /** EC2 in Dev, through its access role, from another process's view of the same sandbox state. */
    async function devEc2(): Promise<EC2Client> {
      return new EC2Client(await devConfig());
    }

    async function devConfig() {
      sandbox ??= await startSandbox({ stateDir, createAccountMs: 0, rolePropagationMs: 0, faults: '' });
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
      return {
        ...config,
        credentials: {
          accessKeyId: Credentials?.AccessKeyId ?? '',
          secretAccessKey: Credentials?.SecretAccessKey ?? '',
          sessionToken: Credentials?.SessionToken,
        },
      };
    }

    it('is DRIFT in baseline status naming what to delete, and baseline apply deletes it as its own', async () => {
      const ec2 = await devEc2();
      const poolFilter = { Filters: [{ Name: 'tag:awsarch:cidr-pool', Values: ['10.128.0.0/9'] }] };
      const [kept] = (await ec2.send(new DescribeVpcsCommand(poolFilter))).Vpcs ?? [];
      const { Vpc } = await ec2.send(
        new CreateVpcCommand({
          CidrBlock: kept?.CidrBlock,
          TagSpecifications: [{ ResourceType: 'vpc', Tags: kept?.Tags }],
        }),
      );
      await ec2.send(
        new CreateSubnetCommand({
          VpcId: Vpc?.VpcId,
          CidrBlock: kept?.CidrBlock?.replace(/\/\d+$/, '/24'),
          AvailabilityZone: 'us-east-1a',
          TagSpecifications: [
            {
              ResourceType: 'subnet',
              Tags: [
                { Key: 'awsarch:subnet', Value: 'private' },
                { Key: 'awsarch:baseline', Value: 'default' },
              ],
            },
          ],
        }),
      );

      const status = await runAwsarch(
        [
          '--sandbox',
          '--output',
          'json',
          'baseline',
          'status',
          '--account',
          'Dev',
          '--only',
          'network',
          '--detailed-exitcode',
        ],
        stateDir,
      );
      expect(status.code, status.stderr).toBe(3);
      const cell = JSON.parse(status.stdout).accounts[0].cells[0];
      expect(cell.state).toBe('drift');
      expect(cell.differences).toEqual([
        `duplicate VPC ${Vpc?.VpcId} (${kept?.CidrBlock}) from 10.128.0.0/9 besides ${kept?.VpcId}: delete it with its 1 subnet(s)`,
      ]);

      const apply = await runAwsarch(
        ['--sandbox', 'baseline', 'apply', '--account', 'Dev', '--only', 'network'],
        stateDir,
      );
      expect(apply.code, apply.stderr).toBe(0);
      expect((await ec2.send(new DescribeVpcsCommand(poolFilter))).Vpcs?.map((vpc) => vpc.VpcId)).toEqual([
        kept?.VpcId,
      ]);
      const after = await runAwsarch(
        ['--sandbox', 'baseline', 'status', '--account', 'Dev', '--only', 'network', '--detailed-exitcode'],
        stateDir,
      );
      expect(after.code, after.stdout).toBe(0);
    });

    it('a second trail this baseline created (under an earlier name) is DRIFT, and apply deletes it', async () => {
      const cloudtrail = new CloudTrailClient(await devConfig());
      const [baselineTrail] =
        (await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList ?? [];
      await cloudtrail.send(
        new CreateTrailCommand({
          Name: 'old-baseline',
          S3BucketName: baselineTrail?.S3BucketName,
          IsMultiRegionTrail: true,
          TagsList: [{ Key: 'awsarch:baseline', Value: 'default' }],
        }),
      );
      // A trail of the account's own (no awsarch tag) is none of the baseline's business.
      await cloudtrail.send(new CreateTrailCommand({ Name: 'team-trail', S3BucketName: baselineTrail?.S3BucketName }));
      const status = await runAwsarch(
        ['--sandbox', '--output', 'json', 'baseline', 'status', '--account', 'Dev', '--only', 'cloudtrail'],
        stateDir,
      );
      const cell = JSON.parse(status.stdout).accounts[0].cells[0];
      expect(cell).toMatchObject({
        state: 'drift',
        differences: [
          `trail old-baseline was also created by this baseline and duplicates ${baselineTrail?.Name}: delete it`,
        ],
      });
      const apply = await runAwsarch(
        ['--sandbox', 'baseline', 'apply', '--account', 'Dev', '--only', 'cloudtrail'],
        stateDir,
      );
      expect(apply.code, apply.stderr).toBe(0);
      const names = ((await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList ?? [])
        .map((trail) => trail.Name)
        .sort();
      expect(names).toEqual([baselineTrail?.Name, 'team-trail'].sort());
    });
  });
});
