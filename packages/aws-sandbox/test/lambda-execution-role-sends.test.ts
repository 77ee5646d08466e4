import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import { DetachRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { executionRoleMay } from '../src/authorization/execution-role.js';
import type { RunningSandbox } from '../src/index.js';
import { launchSandbox } from '../src/server.js';
import { SANDBOX_SERVICES } from '../src/services/index.js';
import { ASSET_BUCKET, deployStack, uploadHandlers } from './fixtures/function-stack.js';
import { attachScp, organizationWithMember } from './fixtures/scp-organization.js';
import { clientConfig, organizationsClient, readSandboxState, startTestSandbox, waitFor } from './helpers.js';

// Lambda sends to a function's dead-letter queue and to its destinations as the function's execution role:
// CreateFunction and PutFunctionEventInvokeConfig refuse a target the role cannot send to, and a send the
// role may no longer make at delivery time is dropped.

/** Records the event's id in the RECORD_QUEUE (allowed by that queue's policy, not by the role), then fails. */
const FAILING = `
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.RECORD_QUEUE, MessageBody: event.id }));
  throw new Error('failing as asked: ' + event.id);
};`;

const POWER_USER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const queueArn = (name: string) => ({ 'Fn::GetAtt': [name, 'Arn'] });

/** A role Lambda may assume, with the given extra properties (policies). */
function role(properties: Record<string, unknown> = {}) {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      ...properties,
    },
  };
}

function fn(
  key: string,
  roleId: string,
  properties: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    Type: 'AWS::Lambda::Function',
    ...extra,
    Properties: {
      Code: { S3Bucket: ASSET_BUCKET, S3Key: key },
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Role: { 'Fn::GetAtt': [roleId, 'Arn'] },
      Timeout: 10,
      ...properties,
    },
  };
}

/** The function's asynchronous invocation settings (AWS::Lambda::EventInvokeConfig on $LATEST). */
function invokeConfig(functionId: string, properties: Record<string, unknown>) {
  return {
    Type: 'AWS::Lambda::EventInvokeConfig',
    Properties: { FunctionName: { Ref: functionId }, Qualifier: '$LATEST', ...properties },
  };
}

const running: RunningSandbox[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const sandbox of running.splice(0)) await sandbox.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function sandboxOn(): Promise<RunningSandbox> {
  const stateDir = await mkdtemp(join(tmpdir(), 'awsarch-role-sends-'));
  dirs.push(stateDir);
  const sandbox = await launchSandbox(
    { stateDir, rolePropagationMs: 0, cloudFormationResourceMs: 0, retryMinuteMs: 60, lambdaIdleMs: 2000 },
    { services: SANDBOX_SERVICES },
  );
  running.push(sandbox);
  return sandbox;
}

/** The reason CloudFormation gives for the first resource that failed. */
async function failureReason(sandbox: RunningSandbox, stackName: string) {
  const cfn = new CloudFormationClient(clientConfig(sandbox, {}));
  const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }))).StackEvents ?? [];
  const failed = events.filter((event) => event.ResourceStatus === 'CREATE_FAILED');
  return failed.map((event) => `${event.LogicalResourceId}: ${event.ResourceStatusReason}`);
}

describe("Lambda's execution role at create time", () => {
  it('refuses a function whose dead-letter queue its role cannot send to, as CreateFunction does', async () => {
    const sandbox = await sandboxOn();
    const keys = await uploadHandlers(sandbox, { failing: FAILING });
    const { stack } = await deployStack(sandbox, 'NoDlqGrant', {
      Resources: {
        Dlq: { Type: 'AWS::SQS::Queue' },
        WorkerRole: role(),
        Worker: fn(keys.failing as string, 'WorkerRole', { DeadLetterConfig: { TargetArn: queueArn('Dlq') } }),
      },
    });
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(await failureReason(sandbox, 'NoDlqGrant')).toEqual([
      expect.stringMatching(
        /^Worker: Resource handler returned message: "Invalid request provided: The provided execution role does not have permissions to call SendMessage on SQS \(Service: Lambda, Status Code: 400, Request ID: [-0-9a-f]+\)"$/,
      ),
    ]);
  }, 60_000);

  it('refuses an on-failure destination the role cannot send to, as PutFunctionEventInvokeConfig does', async () => {
    const sandbox = await sandboxOn();
    const keys = await uploadHandlers(sandbox, { failing: FAILING });
    const { stack } = await deployStack(sandbox, 'NoDestinationGrant', {
      Resources: {
        Failures: { Type: 'AWS::SQS::Queue' },
        WorkerRole: role(),
        Worker: fn(keys.failing as string, 'WorkerRole'),
        WorkerAsync: invokeConfig('Worker', {
          DestinationConfig: { OnFailure: { Destination: queueArn('Failures') } },
        }),
      },
    });
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(await failureReason(sandbox, 'NoDestinationGrant')).toEqual([
      expect.stringContaining(
        'WorkerAsync: Resource handler returned message: "Invalid request provided: The provided execution role does not have permissions to call SendMessage on SQS',
      ),
    ]);
  }, 60_000);

  it("accepts them once the role's policy grants sqs:SendMessage on the queues (the CDK's grant: a policy the function depends on)", async () => {
    const sandbox = await sandboxOn();
    const keys = await uploadHandlers(sandbox, { failing: FAILING });
    const { stack } = await deployStack(sandbox, 'Granted', {
      Resources: {
        Dlq: { Type: 'AWS::SQS::Queue' },
        Failures: { Type: 'AWS::SQS::Queue' },
        WorkerRole: role(),
        WorkerRoleDefaultPolicy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: 'WorkerRoleDefaultPolicy',
            Roles: [{ Ref: 'WorkerRole' }],
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: [queueArn('Dlq'), queueArn('Failures')] },
              ],
            },
          },
        },
        Worker: fn(
          keys.failing as string,
          'WorkerRole',
          { DeadLetterConfig: { TargetArn: queueArn('Dlq') } },
          { DependsOn: ['WorkerRoleDefaultPolicy'] },
        ),
        WorkerAsync: invokeConfig('Worker', {
          DestinationConfig: { OnFailure: { Destination: queueArn('Failures') } },
        }),
      },
    });
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
  }, 60_000);
});

/** Whether the asynchronous invocation of this payload is still queued (its journal entry has no end yet). */
function stillQueued(stateDir: string, id: string): boolean {
  const path = join(stateDir, 'lambda', 'async', 'journal.jsonl');
  if (!existsSync(path)) return false;
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { t: string; id: string; payload?: string });
  const put = lines.find((line) => line.t === 'put' && line.payload !== undefined && line.payload.includes(id));
  return put !== undefined && !lines.some((line) => line.t === 'done' && line.id === put.id);
}

async function receiveAll(sandbox: RunningSandbox, url: string): Promise<Message[]> {
  const { Messages = [] } = await new SQSClient(clientConfig(sandbox, {})).send(
    new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
  );
  return Messages;
}

describe("Lambda's execution role at delivery time", () => {
  it('drops a dead-letter or on-failure record the role may no longer send (its policy was detached)', async () => {
    const sandbox = await sandboxOn();
    const keys = await uploadHandlers(sandbox, { failing: FAILING });
    const recordEnv = { Environment: { Variables: { RECORD_QUEUE: { Ref: 'Records' } } } };
    const { stack, outputs } = await deployStack(sandbox, 'Delivery', {
      Resources: {
        Records: { Type: 'AWS::SQS::Queue' },
        // The handler records each attempt through this queue's policy, whatever its role's policies say.
        RecordsPolicy: {
          Type: 'AWS::SQS::QueuePolicy',
          Properties: {
            Queues: [{ Ref: 'Records' }],
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: { 'Fn::GetAtt': ['WorkerRole', 'Arn'] } },
                  Action: 'sqs:SendMessage',
                  Resource: queueArn('Records'),
                },
              ],
            },
          },
        },
        Dlq: { Type: 'AWS::SQS::Queue' },
        Failures: { Type: 'AWS::SQS::Queue' },
        WorkerRole: role({ ManagedPolicyArns: [POWER_USER] }),
        DeadLettered: fn(keys.failing as string, 'WorkerRole', {
          ...recordEnv,
          DeadLetterConfig: { TargetArn: queueArn('Dlq') },
        }),
        DeadLetteredAsync: invokeConfig('DeadLettered', { MaximumRetryAttempts: 0 }),
        Destined: fn(keys.failing as string, 'WorkerRole', recordEnv),
        DestinedAsync: invokeConfig('Destined', {
          MaximumRetryAttempts: 0,
          DestinationConfig: { OnFailure: { Destination: queueArn('Failures') } },
        }),
      },
      Outputs: {
        Records: { Value: { Ref: 'Records' } },
        Dlq: { Value: { Ref: 'Dlq' } },
        Failures: { Value: { Ref: 'Failures' } },
        Role: { Value: { Ref: 'WorkerRole' } },
        DeadLettered: { Value: { Ref: 'DeadLettered' } },
        Destined: { Value: { Ref: 'Destined' } },
      },
    });
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const lambda = new LambdaClient(clientConfig(sandbox, {}));
    const invokeAndSettle = async (functionName: string | undefined, id: string) => {
      await lambda.send(
        new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: JSON.stringify({ id }) }),
      );
      await waitFor(async () => (stillQueued(sandbox.stateDir, id) ? undefined : true), 30_000);
    };

    // With PowerUserAccess the role may send: the event reaches the DLQ, the record the destination.
    await invokeAndSettle(outputs.DeadLettered, 'granted-dlq');
    await invokeAndSettle(outputs.Destined, 'granted-destination');
    expect((await receiveAll(sandbox, outputs.Dlq as string)).map((message) => message.Body)).toEqual([
      JSON.stringify({ id: 'granted-dlq' }),
    ]);
    const [record] = await receiveAll(sandbox, outputs.Failures as string);
    expect(JSON.parse(record?.Body ?? '{}')).toMatchObject({ requestPayload: { id: 'granted-destination' } });

    await new IAMClient(clientConfig(sandbox, {})).send(
      new DetachRolePolicyCommand({ RoleName: outputs.Role, PolicyArn: POWER_USER }),
    );
    await invokeAndSettle(outputs.DeadLettered, 'revoked-dlq');
    await invokeAndSettle(outputs.Destined, 'revoked-destination');
    // Both functions ran (each recorded its attempt) and gave up, but neither send was allowed.
    const attempts = (await receiveAll(sandbox, outputs.Records as string)).map((message) => message.Body);
    expect(attempts).toEqual(expect.arrayContaining(['revoked-dlq', 'revoked-destination']));
    expect(await receiveAll(sandbox, outputs.Dlq as string)).toEqual([]);
    expect(await receiveAll(sandbox, outputs.Failures as string)).toEqual([]);
  }, 90_000);
});

describe("the execution role's send under the account's SCPs", () => {
  it("is judged in the target queue's Region, as a Region-limiting SCP sees it", async () => {
    const sandbox = await startTestSandbox();
    const organizations = organizationsClient(sandbox);
    const org = await organizationWithMember(organizations);
    await attachScp(
      organizations,
      'OnlyUsEast1',
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Action: 'sqs:*',
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } },
          },
        ],
      },
      org.workloadsOuId,
    );
    const state = await readSandboxState(sandbox.stateDir);
    const fn = {
      accountId: org.memberAccountId,
      name: 'Worker',
      role: `arn:aws:iam::${org.memberAccountId}:role/OrganizationAccountAccessRole`,
    };
    const queue = (region: string) => `arn:aws:sqs:${region}:${org.memberAccountId}:Dlq`;
    expect(await executionRoleMay(state, fn, queue('us-east-1'))).toEqual({ allowed: true });
    expect(await executionRoleMay(state, fn, queue('eu-west-1'))).toMatchObject({
      allowed: false,
      message: expect.stringContaining('with an explicit deny in a service control policy'),
    });
  }, 60_000);
});
