import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import {
  SANDBOX_CREDENTIALS,
  SANDBOX_MANAGEMENT_ACCOUNT_ID,
  startSandbox,
  writeServerRecord,
  type RunningSandbox,
} from '@awsarch/aws-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStateDir, runAwsarch } from './run-binary.js';

/** Operations that only read (the sandbox runs them without its write lock, AWS documents them as reads). */
const READ = /^(Get|Describe|List)[A-Z]/;
const ACCOUNT = SANDBOX_MANAGEMENT_ACCOUNT_ID;

// The sandbox runs in this process, recorded as the state directory's foreground sandbox: the binary attaches to
// it, and every request it answers (service, operation) is in sandbox.calls.
describe('deploy asks about permissions before it writes anything', () => {
  let stateDir: string;
  let sandbox: RunningSandbox;
  const config = () => ({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: SANDBOX_CREDENTIALS });

  beforeAll(async () => {
    stateDir = newStateDir();
    sandbox = await startSandbox({ stateDir, cloudFormationResourceMs: 0, faults: '' });
    await writeServerRecord(stateDir, sandbox);
  });
  afterAll(async () => sandbox?.close());

  it('without a terminal and --yes: lists the permission changes, says --yes, and leaves zero writes (no bootstrap)', async () => {
    const first = sandbox.calls.length;
    const refused = await runAwsarch(['--sandbox', 'deploy', 'orders', '--bootstrap'], stateDir);
    expect(refused.code, refused.stderr).toBe(2);
    // Only reads: the deployed template (GetTemplate, to compare with), the caller's identity; no bootstrap stack.
    const writes = sandbox.calls.slice(first).filter((call) => !READ.test(call.operation));
    expect(writes.map((call) => `${call.service}:${call.operation}`)).toEqual([]);
    expect(sandbox.calls.slice(first).map((call) => call.operation)).toContain('GetTemplate');
    const cfn = new CloudFormationClient(config());
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'CDKToolkit' }))).rejects.toThrow(/does not exist/);
    expect(refused.stderr).toContain('with these permission changes?');
    expect(refused.stderr).toContain('+ Allow sts:AssumeRole on Orders/CommandHandler/Function/ServiceRole to');
    expect(refused.stderr).toMatch(/\+ Allow dynamodb:[\s\S]*\$\{Orders\/EventStore\/Events\.Arn\}/);
    expect(refused.stderr).toMatch(/If\(ReadModelsRebuilt\w+,/);
    expect(refused.stderr).not.toContain('Fn::');
    expect(refused.stderr).toMatch(/Orders: \d+ permission\(s\) added, 0 removed/);
    expect(refused.stderr).toContain('confirm with: awsarch --sandbox deploy orders --bootstrap --yes');
    // No line of the refusal is wider than the 120 columns of a pipe.
    for (const line of refused.stderr.split('\n').filter((text) => text.startsWith('  ')))
      expect(line.length).toBeLessThanOrEqual(120);
  });

  it('refuses an --execution-policy that is not a managed policy ARN, or one given without --bootstrap (exit 2)', async () => {
    const first = sandbox.calls.length;
    const bad = await runAwsarch(
      ['--sandbox', '--yes', 'deploy', 'orders', '--bootstrap', '--execution-policy', 'PowerUserAccess'],
      stateDir,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--execution-policy "PowerUserAccess" is not an IAM managed policy ARN');
    const alone = await runAwsarch(
      ['--sandbox', '--yes', 'deploy', 'orders', '--execution-policy', 'arn:aws:iam::aws:policy/PowerUserAccess'],
      stateDir,
    );
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('add --bootstrap');
    expect(sandbox.calls.slice(first).filter((call) => !READ.test(call.operation))).toEqual([]);
  });

  it('bootstraps with --execution-policy: the CloudFormation execution role gets exactly those policies', async () => {
    const policies = ['arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::aws:policy/IAMFullAccess'];
    const run = await runAwsarch(
      [
        '--sandbox',
        '--yes',
        'deploy',
        'orders',
        '--bootstrap',
        ...policies.flatMap((arn) => ['--execution-policy', arn]),
      ],
      stateDir,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('cloudformation-execution-policies');
    expect(run.stderr).not.toContain('AdministratorAccess');
    const iam = new IAMClient(config());
    const { AttachedPolicies = [] } = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: `cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-east-1` }),
    );
    expect(AttachedPolicies.map((policy) => policy.PolicyArn).sort()).toEqual([...policies].sort());

    // Deployed again unchanged: no permission changes, so no question and no --yes needed.
    const again = await runAwsarch(['--sandbox', '--output', 'json', 'deploy', 'orders'], stateDir);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      permissionChanges: [],
      stacks: [{ name: 'Orders', status: 'unchanged' }],
    });
  });
});
