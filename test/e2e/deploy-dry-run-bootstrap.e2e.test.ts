import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import {
  SANDBOX_CREDENTIALS,
  SANDBOX_MANAGEMENT_ACCOUNT_ID,
  startSandbox,
  writeServerRecord,
  type RunningSandbox,
} from '@awsarch/aws-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledBootstrapTemplate } from '../../src/workloads/bootstrap-check.js';
import { newStateDir, runAwsarch } from './run-binary.js';

/**
 * Operations that change nothing: reads (the sandbox runs them without its write lock, AWS documents them as
 * reads) and STS AssumeRole (temporary credentials; the CDK toolkit's diff assumes the bootstrap's lookup role).
 */
const READ = /^((Get|Describe|List)[A-Z]|AssumeRole$)/;
const ACCOUNT = SANDBOX_MANAGEMENT_ACCOUNT_ID;
const POWER_USER = 'arn:aws:iam::aws:policy/PowerUserAccess';

// The sandbox runs in this process, recorded as the state directory's foreground sandbox: the binary attaches to
// it, and every request it answers (service, operation) is in sandbox.calls.
describe('deploy --dry-run --bootstrap only reads the bootstrap stack', () => {
  let stateDir: string;
  let sandbox: RunningSandbox;
  let version: number;
  const cfn = (region = 'us-east-1') =>
    new CloudFormationClient({ endpoint: sandbox.endpoint, region, credentials: SANDBOX_CREDENTIALS });
  /** The writes the sandbox answered since call number `first`, as service:operation. */
  const writesSince = (first: number) =>
    sandbox.calls
      .slice(first)
      .filter((call) => !READ.test(call.operation))
      .map((call) => `${call.service}:${call.operation}`);

  beforeAll(async () => {
    stateDir = newStateDir();
    sandbox = await startSandbox({ stateDir, cloudFormationResourceMs: 0, faults: '' });
    await writeServerRecord(stateDir, sandbox);
    version = (await bundledBootstrapTemplate()).version;
  });
  afterAll(async () => sandbox?.close());

  it('on a fresh environment: zero writes, no CDKToolkit stack or change set; says it would create it, and that a deploy needs --bootstrap', async () => {
    const first = sandbox.calls.length;
    const dryRun = await runAwsarch(['--sandbox', 'deploy', 'orders', '--dry-run', '--bootstrap'], stateDir);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(writesSince(first)).toEqual([]);
    expect(sandbox.calls.slice(first).map((call) => call.operation)).toContain('DescribeStacks');
    await expect(cfn().send(new DescribeStacksCommand({ StackName: 'CDKToolkit' }))).rejects.toThrow(/does not exist/);
    const changeSets = await cfn()
      .send(new ListChangeSetsCommand({ StackName: 'CDKToolkit' }))
      .then(
        (listed) => listed.Summaries ?? [],
        (error: Error) => (/does not exist/.test(error.message) ? [] : Promise.reject(error)),
      );
    expect(changeSets).toEqual([]);
    expect(dryRun.stdout).toContain(
      `bootstrap: would create CDKToolkit (version ${version}) in ${ACCOUNT}/us-east-1 with execution policy AdministratorAccess`,
    );

    const withoutFlag = await runAwsarch(['--sandbox', '--output', 'json', 'deploy', 'orders', '--dry-run'], stateDir);
    expect(withoutFlag.code, withoutFlag.stderr).toBe(0);
    const document = JSON.parse(withoutFlag.stdout) as Record<string, unknown>;
    expect(document.bootstrap).toBeUndefined();
    expect(document.bootstrapPlan).toEqual({
      stackName: 'CDKToolkit',
      requested: false,
      action: 'create',
      reasons: ['missing'],
      templateVersion: version,
      executionPolicies: [],
      requiredVersion: expect.any(Number) as number,
      needsBootstrap: true,
    });
    expect(writesSince(first)).toEqual([]);
  });

  it('with an older bootstrap stack (version 28, us-west-2): says it would update it to the toolkit version', async () => {
    const west = cfn('us-west-2');
    // A stand-in for a stack an older CDK bootstrapped: its version output and the execution-policies parameter.
    await createStack(
      west,
      'CDKToolkit',
      JSON.stringify({
        Parameters: { CloudFormationExecutionPolicies: { Type: 'CommaDelimitedList', Default: '' } },
        Resources: {
          CdkBootstrapVersion: {
            Type: 'AWS::SSM::Parameter',
            Properties: { Type: 'String', Name: '/cdk-bootstrap/hnb659fds/version', Value: '28' },
          },
        },
        Outputs: { BootstrapVersion: { Value: '28' } },
      }),
      { CloudFormationExecutionPolicies: POWER_USER },
    );
    // An Orders stack some other tool deployed from YAML: GetTemplate returns YAML, which the permission diff parses.
    await createStack(
      west,
      'Orders',
      [
        'Resources:',
        '  Marker:',
        '    Type: AWS::SSM::Parameter',
        '    Properties:',
        '      Type: String',
        '      Value: x',
      ].join('\n'),
    );

    const first = sandbox.calls.length;
    const dryRun = await runAwsarch(
      ['--sandbox', '--region', 'us-west-2', 'deploy', 'orders', '--dry-run', '--bootstrap'],
      stateDir,
    );
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(writesSince(first)).toEqual([]);
    expect(dryRun.stdout).toContain(
      `bootstrap: would update CDKToolkit in ${ACCOUNT}/us-west-2 from version 28 to ${version}`,
    );
    expect(dryRun.stdout).toMatch(/remove +Marker +AWS::SSM::Parameter/);
  });

  // One real bootstrap and deploy (about 10-20 s on an idle machine), then two dry runs (3-7 s each): the default
  // 30 s leaves no room on a loaded one. Nothing here waits on the clock.
  it(
    'after a real deploy --bootstrap: up to date; another --execution-policy would update it; zero writes',
    {
      timeout: 120_000,
    },
    async () => {
      const deployed = await runAwsarch(['--sandbox', '--yes', 'deploy', 'orders', '--bootstrap'], stateDir);
      expect(deployed.code, deployed.stderr).toBe(0);

      const first = sandbox.calls.length;
      const upToDate = await runAwsarch(['--sandbox', 'deploy', 'orders', '--dry-run', '--bootstrap'], stateDir);
      expect(upToDate.code, upToDate.stderr).toBe(0);
      expect(upToDate.stdout).toContain(
        `bootstrap: CDKToolkit in ${ACCOUNT}/us-east-1 is up to date (version ${version}, execution policy AdministratorAccess)`,
      );
      const otherPolicy = await runAwsarch(
        [
          '--sandbox',
          '--output',
          'json',
          'deploy',
          'orders',
          '--dry-run',
          '--bootstrap',
          '--execution-policy',
          POWER_USER,
        ],
        stateDir,
      );
      expect(otherPolicy.code, otherPolicy.stderr).toBe(0);
      expect((JSON.parse(otherPolicy.stdout) as Record<string, unknown>).bootstrapPlan).toMatchObject({
        requested: true,
        action: 'update',
        reasons: ['execution-policies'],
        deployedVersion: version,
        deployedExecutionPolicies: [],
        executionPolicies: [POWER_USER],
        needsBootstrap: false,
      });
      expect(writesSince(first)).toEqual([]);
      // The real bootstrap's change sets were executed; no dry run left one waiting for review.
      const { Summaries = [] } = await cfn().send(new ListChangeSetsCommand({ StackName: 'CDKToolkit' }));
      expect(Summaries.filter((changeSet) => changeSet.ExecutionStatus !== 'EXECUTE_COMPLETE')).toEqual([]);
    },
  );
});

/** Creates a stack as the CDK does (a CREATE change set, executed) and waits until it is complete. */
async function createStack(
  client: CloudFormationClient,
  stackName: string,
  templateBody: string,
  parameters: Record<string, string> = {},
): Promise<void> {
  const changeSet = { StackName: stackName, ChangeSetName: 'created-by-test' };
  await client.send(
    new CreateChangeSetCommand({
      ...changeSet,
      ChangeSetType: 'CREATE',
      TemplateBody: templateBody,
      Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
    }),
  );
  await waitUntilChangeSetCreateComplete({ client, maxWaitTime: 60, minDelay: 1 }, changeSet);
  await client.send(new ExecuteChangeSetCommand(changeSet));
  await waitUntilStackCreateComplete({ client, maxWaitTime: 60, minDelay: 1 }, { StackName: stackName });
}
