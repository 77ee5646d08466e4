import { beforeAll, describe, expect, it } from 'vitest';
import { newStateDir, runAwsarch } from './run-binary.js';

const json = (text: string) => JSON.parse(text) as Record<string, any>;
/** The stand-in's CloudFormation completes resources at once, so the toolkit never waits a polling interval. */
const FAST = { AWSARCH_SANDBOX_CFN_RESOURCE_MS: '0' };

describe('awsarch deploy through the binary against the sandbox', () => {
  let stateDir: string;
  let memberId: string;

  beforeAll(async () => {
    stateDir = newStateDir();
    expect((await runAwsarch(['--sandbox', 'org', 'init', '--ou', 'Workloads/Prod'], stateDir)).code).toBe(0);
    const vend = await runAwsarch(
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
      ],
      stateDir,
    );
    expect(vend.code, vend.stderr).toBe(0);
    memberId = json(vend.stdout).accountId;
  });

  it('says clearly when the member account is not bootstrapped, then bootstraps and deploys there through the access role', async () => {
    const refused = await runAwsarch(
      ['--sandbox', '--output', 'json', '--yes', 'deploy', 'orders', '--account', 'Prod'],
      stateDir,
      FAST,
    );
    expect(refused.code).toBe(1);
    expect(json(refused.stdout).error).toMatchObject({
      code: 'not-bootstrapped',
      message: expect.stringContaining(`aws://${memberId}/us-east-1 is not bootstrapped`),
      hint: expect.stringContaining('--bootstrap'),
    });

    const deployed = await runAwsarch(
      ['--sandbox', '--output', 'json', '--yes', 'deploy', 'orders', '--account', 'Prod', '--bootstrap'],
      stateDir,
      FAST,
    );
    expect(deployed.code, deployed.stderr).toBe(0);
    const result = json(deployed.stdout);
    expect(result).toMatchObject({
      workload: 'orders',
      account: memberId,
      environment: `aws://${memberId}/us-east-1`,
      bootstrap: 'bootstrapped',
      stacks: [{ name: 'Orders', status: 'deployed' }],
    });
    expect(result.stacks[0].outputs.ApiUrl).toMatch(/^https:\/\/\w+\.execute-api\.us-east-1\.amazonaws\.com$/);
    expect(result.stacks[0].stackArn).toMatch(
      new RegExp(`^arn:aws:cloudformation:us-east-1:${memberId}:stack/Orders/`),
    );
  });

  // Three runs of the binary, each waiting on the CDK toolkit's own 5-second polls of CloudFormation: about 25 s on
  // an idle machine, so the default 30 s leaves no room on a loaded one.
  it(
    'shows the changes with --dry-run, then applies a change without IAM changes without --yes, once',
    { timeout: 90_000 },
    async () => {
      const run = await runAwsarch(
        [
          '--sandbox',
          '--output',
          'json',
          'deploy',
          'orders',
          '--account',
          memberId,
          '--dry-run',
          '--context',
          'snapshotEvery=5',
        ],
        stateDir,
        FAST,
      );
      expect(run.code, run.stderr).toBe(0);
      expect(json(run.stdout)).toMatchObject({
        dryRun: true,
        stacks: [
          {
            name: 'Orders',
            status: 'planned',
            changes: [
              { change: 'update', type: 'AWS::Lambda::Function', logicalId: expect.stringMatching(/^CommandHandler/) },
            ],
          },
        ],
      });
      // A change without IAM changes needs no --yes; deploying the same again changes nothing.
      const applied = await runAwsarch(
        ['--sandbox', '--output', 'json', 'deploy', 'orders', '--account', memberId, '--context', 'snapshotEvery=5'],
        stateDir,
        FAST,
      );
      expect(applied.code, applied.stderr).toBe(0);
      expect(json(applied.stdout).stacks).toEqual([expect.objectContaining({ name: 'Orders', status: 'deployed' })]);
      const again = await runAwsarch(
        ['--sandbox', '--output', 'json', 'deploy', 'orders', '--account', memberId, '--context', 'snapshotEvery=5'],
        stateDir,
        FAST,
      );
      expect(json(again.stdout).stacks).toEqual([expect.objectContaining({ name: 'Orders', status: 'unchanged' })]);
    },
  );

  it("reports a failed stack with CloudFormation's reason and exit code 1", async () => {
    const run = await runAwsarch(
      ['--sandbox', '--yes', 'deploy', 'orders', '--account', 'Prod', '--context', 'snapshotEvery=6'],
      stateDir,
      { ...FAST, AWSARCH_SANDBOX_FAULTS: 'ProvisionResource=NotStabilized' },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /warning: Orders: CommandHandlerFunction\w+ \(AWS::Lambda::Function\) UPDATE_FAILED: .*NotStabilized/,
    );
    expect(run.stderr).toMatch(/error: deploying orders in aws:\/\/\d{12}\/us-east-1 failed: .*Orders/);
    expect(run.stderr).toMatch(/hint: CloudFormation reported: Orders: CommandHandlerFunction/);
  });
});
