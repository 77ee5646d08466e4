import type { IoMessage } from '@aws-cdk/toolkit-lib';
import { describe, expect, it } from 'vitest';
import { toolkitErrorToAwsarch } from '../../../src/workloads/toolkit-errors.js';
import { ToolkitIoBridge } from '../../../src/workloads/toolkit-io.js';
import { RecordingHost } from '../../helpers/recording-host.js';

const message = (
  code: string,
  text: string,
  data: unknown = {},
  level: IoMessage<unknown>['level'] = 'info',
): IoMessage<unknown> => ({ time: new Date(), level, action: 'deploy', code: code as never, message: text, data });

describe('toolkit messages through the awsarch IO host', () => {
  it('shows a stack deployment as a task with resources done/total and failed resources as warnings', async () => {
    const host = new RecordingHost();
    const bridge = new ToolkitIoBridge(host);
    await bridge.notify(
      message('CDK_TOOLKIT_I5501', 'start', { deployment: 'd1', stackName: 'Orders', resourcesTotal: 3 }),
    );
    await bridge.notify(
      message('CDK_TOOLKIT_I5502', 'activity', {
        deployment: 'd1',
        event: { LogicalResourceId: 'Table', ResourceType: 'AWS::DynamoDB::Table', ResourceStatus: 'CREATE_COMPLETE' },
        progress: { completed: 1, total: 3 },
      }),
    );
    await bridge.notify(
      message('CDK_TOOLKIT_I5502', 'activity', {
        deployment: 'd1',
        event: {
          LogicalResourceId: 'Fn',
          ResourceType: 'AWS::Lambda::Function',
          ResourceStatus: 'CREATE_FAILED',
          ResourceStatusReason: 'quota',
        },
        progress: { completed: 2, total: 3 },
      }),
    );
    await bridge.notify(message('CDK_TOOLKIT_I5503', 'end', { deployment: 'd1' }));
    await bridge.notify(message('CDK_TOOLKIT_W0000', '\u001b[33mcareful\u001b[39m', {}, 'warn'));
    expect(host.tasks).toEqual([
      {
        path: 'stack Orders',
        status: 'failed',
        detail: 'failed (see the resource errors)',
        progress: { done: 2, total: 3 },
      },
    ]);
    expect(host.messages.filter((entry) => entry.level === 'warn').map((entry) => [entry.code, entry.text])).toEqual([
      ['stack-resource-failed', 'Orders: Fn (AWS::Lambda::Function) CREATE_FAILED: quota'],
      ['toolkit.CDK_TOOLKIT_W0000', 'careful'],
    ]);
    expect(bridge.record.failures.get('Orders')).toEqual(['Fn (AWS::Lambda::Function) CREATE_FAILED: quota']);
  });

  it('tracks asset publishing, keeps debug chatter out of sight, records no-op deployments', async () => {
    const host = new RecordingHost();
    const bridge = new ToolkitIoBridge(host);
    for (const code of ['CDK_TOOLKIT_I5220', 'CDK_TOOLKIT_I5220', 'CDK_TOOLKIT_I5221', 'CDK_TOOLKIT_I5221'])
      await bridge.notify(message(code, 'asset'));
    await bridge.notify(message('CDK_TOOLKIT_I5900', 'done', { stackArn: 'arn:s', noOp: true }, 'result'));
    await bridge.notify(message('CDK_TOOLKIT_I1000', 'Synthesis time: 0.7s'));
    expect(host.tasks).toEqual([
      { path: 'publish assets', status: 'succeeded', detail: '2 published', progress: { done: 2, total: 2 } },
    ]);
    expect(host.codes('info')).toEqual([]);
    expect(bridge.record.noOp.get('arn:s')).toBe(true);
  });

  it('asks for security-sensitive changes through the confirm callback, answers other requests with their default', async () => {
    const questions: string[] = [];
    const host = new RecordingHost();
    const bridge = new ToolkitIoBridge(host, { confirm: async (question) => (questions.push(question), false) });
    const ask = (text: string, permissionChangeType: string) =>
      bridge.requestResponse({
        ...message('CDK_TOOLKIT_I5060', text, { permissionChangeType }),
        defaultResponse: true,
      } as never);
    expect(
      await ask(
        'IAM Statement Changes\n+ role\n\nStack includes security-sensitive updates. Do you wish to deploy these changes?',
        'broadening',
      ),
    ).toBe(false);
    expect(
      await ask('Stack Orders\n~ Function\n\nStack includes updates. Do you wish to deploy these changes?', 'none'),
    ).toBe(true);
    expect(
      await bridge.requestResponse({ ...message('CDK_TOOLKIT_I5050', 'roll back?'), defaultResponse: true } as never),
    ).toBe(true);
    expect(questions).toEqual(['Stack includes security-sensitive updates. Do you wish to deploy these changes?']);
    // The CDK's own IAM table is detail for --verbose (awsarch shows its own summary before asking).
    expect(host.messages.filter((entry) => entry.level !== 'debug').map((entry) => entry.text)).toEqual([]);
    expect(host.messages.find((entry) => entry.code === 'toolkit.CDK_TOOLKIT_I5060')).toMatchObject({
      level: 'debug',
      text: 'IAM Statement Changes\n+ role',
    });
  });

  it("says a bootstrap falls back to AdministratorAccess in awsarch's terms, never naming the CDK CLI's flag", async () => {
    const host = new RecordingHost();
    const bridge = new ToolkitIoBridge(host, { environment: '111122223333/eu-west-1' });
    await bridge.notify(
      message(
        'CDK_TOOLKIT_W0000',
        "Using default execution policy of 'arn:aws:iam::aws:policy/AdministratorAccess'. Pass '--cloudformation-execution-policies' to customize.",
        {},
        'warn',
      ),
    );
    // The diff's preamble to the CDK's IAM table goes with the table, to --verbose.
    await bridge.notify(
      message(
        'CDK_TOOLKIT_W0000',
        'This deployment will make potentially sensitive changes according to your current security approval level.\nPlease confirm you intend to make the following modifications:\n',
        {},
        'warn',
      ),
    );
    const shown = host.messages.filter((entry) => entry.level !== 'debug');
    expect(shown).toEqual([
      expect.objectContaining({
        level: 'warn',
        code: 'bootstrap-admin-execution-policy',
        text: 'bootstrapping 111122223333/eu-west-1 with AdministratorAccess as the CloudFormation execution policy; pass --execution-policy ARN to restrict it',
        data: { environment: '111122223333/eu-west-1', policy: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      }),
    ]);
    expect(shown.map((entry) => entry.text).join('\n')).not.toContain('cloudformation-execution-policies');
  });
});

describe('toolkit errors as awsarch errors', () => {
  it.each([
    [
      {
        type: 'bootstrap',
        message: 'SSM parameter /cdk-bootstrap/hnb659fds/version not found',
        environment: { account: '111122223333', region: 'eu-west-1' },
      },
      'not-bootstrapped',
      /aws:\/\/111122223333\/eu-west-1 is not bootstrapped/,
    ],
    [
      { type: 'deployment', message: '❌  Orders failed: DeploymentError: Resource creation failed:\n  details' },
      'stack-failed',
      /deploying orders failed: Orders failed: DeploymentError: Resource creation failed:$/,
    ],
    [
      {
        type: 'authentication',
        message: 'Need to perform AWS calls for account 1, but no credentials have been configured',
      },
      'aws-credentials',
      /no credentials/,
    ],
    [
      { type: 'assembly', message: 'forwardEvents names unknown events: Boom' },
      'synth-failed',
      /did not synthesize: forwardEvents/,
    ],
    [{ type: 'abort', message: 'Aborted by user' }, 'deploy-cancelled', /was cancelled/],
  ])('maps %j', (error, code, text) => {
    // A "no" is exit 1 like every declined prompt (not 2: the input was fine).
    if (code === 'deploy-cancelled') expect(toolkitErrorToAwsarch(error, 'deploying orders').exitCode).toBe(1);
    expect(toolkitErrorToAwsarch(error, 'deploying orders')).toMatchObject({
      code,
      message: expect.stringMatching(text),
    });
  });

  it("puts CloudFormation's reasons for a failed stack in the hint", () => {
    const record = {
      diffs: new Map(),
      failures: new Map([['Orders', ['Fn (AWS::Lambda::Function) CREATE_FAILED: quota']]]),
      validations: [],
      noOp: new Map(),
    };
    const error = toolkitErrorToAwsarch({ type: 'deployment', message: 'Orders failed' }, 'deploying orders', record);
    expect(error.hint).toBe('CloudFormation reported: Orders: Fn (AWS::Lambda::Function) CREATE_FAILED: quota');
    expect(error.details).toMatchObject({ reasons: ['Orders: Fn (AWS::Lambda::Function) CREATE_FAILED: quota'] });
  });
});
