import { SANDBOX_CREDENTIALS, startSandbox, type RunningSandbox } from '@awsarch/aws-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveWorkload } from '../../../src/workloads/catalog.js';
import { deployWorkload, type DeployRequest } from '../../../src/workloads/deploy.js';
import { testContext } from '../../helpers/context.js';
import { newStateDir } from '../../e2e/run-binary.js';
import { RecordingHost } from '../../helpers/recording-host.js';

const READ = /^(Get|Describe|List)[A-Z]/;

const request = (): DeployRequest => ({
  workload: resolveWorkload('orders'),
  context: {},
  dryRun: false,
  bootstrap: true,
  executionPolicies: [],
  describePermissionChanges: (changes) => changes.map((change) => `${change.change} ${change.actions.join(' ')}`),
});

// A person at a terminal answers no: the deployment is cancelled (exit 1) with nothing written, the question having
// shown the list (the CDK synth makes this a few seconds).
describe('deploy confirmation on a terminal', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ stateDir: newStateDir(), faults: '' });
  });
  afterAll(async () => sandbox?.close());

  it('a "no" is cancelled (exit 1) after the list was shown, and nothing was written', async () => {
    const host = new RecordingHost(true);
    host.answers.push(false);
    const { ctx } = testContext({ host, target: { endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS } });
    const first = sandbox.calls.length;
    const error = await deployWorkload(ctx, request()).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'cancelled', exitCode: 1 });
    const shown = host.messages.find((message) => message.code === 'confirm-changes');
    expect(shown?.data).toMatchObject({
      question: expect.stringMatching(/^Deploy orders to \d{12}\/us-east-1 with these permission changes\?$/),
      changes: expect.arrayContaining(['add sts:AssumeRole', 'add lambda:InvokeFunction']),
    });
    expect(host.questions).toHaveLength(1);
    const calls = sandbox.calls.slice(first);
    expect(calls.map((call) => call.operation)).toContain('GetTemplate');
    expect(calls.filter((call) => !READ.test(call.operation))).toEqual([]);
  });
});
