import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../src/index.js';
import { launchSandbox } from '../src/server.js';
import { SANDBOX_SERVICES } from '../src/services/index.js';
import { deployStack, functionResources, uploadHandlers } from './fixtures/function-stack.js';
import { clientConfig, waitFor } from './helpers.js';

/** Sends the event's id to the RECORD_QUEUE (so the test sees each invocation); fails when the event says so. */
const RECORDER = `
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  const detail = event.detail ?? event;
  await sqs.send(new SendMessageCommand({
    QueueUrl: process.env.RECORD_QUEUE,
    MessageBody: JSON.stringify({ id: detail.id, replay: event['replay-name'] ?? null }),
  }));
  if (detail.fail) throw new Error('failing as asked: ' + detail.id);
  return 'ok';
};`;

const queue = (name: string) => ({ [name]: { Type: 'AWS::SQS::Queue' } });
const queueArn = (name: string) => ({ 'Fn::GetAtt': [name, 'Arn'] });
const eventsPermission = (fn: string, rule: string) => ({
  Type: 'AWS::Lambda::Permission',
  Properties: {
    Action: 'lambda:InvokeFunction',
    FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
    Principal: 'events.amazonaws.com',
    SourceArn: { 'Fn::GetAtt': [rule, 'Arn'] },
  },
});

/**
 * A rule on the default bus with three targets: Recorder (permitted), Unpermitted (the same code without a
 * permission for EventBridge), each with its retry policy and DLQ; Recorder retries once then sends an
 * invocation record to FailureQueue.
 */
function template(key: string) {
  const recorderEnv = { Environment: { Variables: { RECORD_QUEUE: { Ref: 'Records' } } } };
  return {
    Resources: {
      ...queue('Records'),
      ...queue('DeliveryDlq'),
      // EventBridge sends to a dead-letter queue only as its policy allows (the CDK writes this one).
      DeliveryDlqPolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: {
          Queues: [{ Ref: 'DeliveryDlq' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: queueArn('DeliveryDlq'),
                Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['Rule', 'Arn'] } } },
              },
            ],
          },
        },
      },
      ...queue('FailureQueue'),
      ...functionResources('Recorder', key, recorderEnv),
      ...functionResources('Unpermitted', key, recorderEnv),
      RecorderAsync: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: {
          FunctionName: { Ref: 'Recorder' },
          Qualifier: '$LATEST',
          MaximumRetryAttempts: 1,
          DestinationConfig: { OnFailure: { Destination: queueArn('FailureQueue') } },
        },
      },
      Rule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          EventPattern: { source: ['test'] },
          Targets: [
            {
              Id: 'recorder',
              Arn: { 'Fn::GetAtt': ['Recorder', 'Arn'] },
              RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
              DeadLetterConfig: { Arn: queueArn('DeliveryDlq') },
            },
            {
              Id: 'unpermitted',
              Arn: { 'Fn::GetAtt': ['Unpermitted', 'Arn'] },
              DeadLetterConfig: { Arn: queueArn('DeliveryDlq') },
            },
          ],
        },
      },
      RecorderPermission: eventsPermission('Recorder', 'Rule'),
    },
    Outputs: {
      Records: { Value: { Ref: 'Records' } },
      DeliveryDlq: { Value: { Ref: 'DeliveryDlq' } },
      FailureQueue: { Value: { Ref: 'FailureQueue' } },
      Recorder: { Value: { Ref: 'Recorder' } },
      Rule: { Value: { 'Fn::GetAtt': ['Rule', 'Arn'] } },
    },
  };
}

const running: RunningSandbox[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const sandbox of running.splice(0)) await sandbox.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A sandbox where a minute of retry waiting lasts 60 ms; background: false never runs asynchronous work. */
async function sandboxOn(stateDir: string, background = true, faults = ''): Promise<RunningSandbox> {
  const sandbox = await launchSandbox(
    {
      stateDir,
      faults,
      rolePropagationMs: 0,
      cloudFormationResourceMs: 0,
      retryMinuteMs: 60,
      lambdaIdleMs: 2000,
    },
    { services: SANDBOX_SERVICES, background },
  );
  running.push(sandbox);
  return sandbox;
}

async function newStateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'awsarch-async-test-'));
  dirs.push(dir);
  return dir;
}

async function deployed(sandbox: RunningSandbox) {
  const keys = await uploadHandlers(sandbox, { recorder: RECORDER });
  const { stack, outputs } = await deployStack(sandbox, 'Async', template(keys.recorder as string));
  expect(stack.StackStatus).toBe('CREATE_COMPLETE');
  return outputs;
}

async function publish(sandbox: RunningSandbox, details: Array<Record<string, unknown>>): Promise<void> {
  const events = new EventBridgeClient(clientConfig(sandbox, {}));
  for (const detail of details)
    await events.send(
      new PutEventsCommand({ Entries: [{ Source: 'test', DetailType: 'Test', Detail: JSON.stringify(detail) }] }),
    );
}

/** Receives (and deletes) messages until `count` arrived; the messages with their attributes. */
async function receive(sandbox: RunningSandbox, url: string, count: number): Promise<Message[]> {
  const sqs = new SQSClient(clientConfig(sandbox, {}));
  const received: Message[] = [];
  await waitFor(async () => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    if (Messages.length > 0)
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
    received.push(...Messages);
    return received.length >= count ? true : undefined;
  }, 20_000);
  return received;
}

const bodies = (messages: Message[]) =>
  messages.map((message) => JSON.parse(message.Body ?? '{}') as Record<string, any>);

describe('asynchronous invocations: EventBridge targets and InvocationType Event', () => {
  it('runs the target function for each event; a failing one is retried by Lambda, then recorded at its on-failure destination', async () => {
    const sandbox = await sandboxOn(await newStateDir());
    const outputs = await deployed(sandbox);
    await publish(sandbox, [{ id: 'ok-1' }, { id: 'bad-1', fail: true }]);
    // ok-1 once; bad-1 twice (the first attempt and Lambda's one retry).
    const records = bodies(await receive(sandbox, outputs.Records as string, 3));
    expect(records.map((record) => record.id).sort()).toEqual(['bad-1', 'bad-1', 'ok-1']);
    const [failure] = bodies(await receive(sandbox, outputs.FailureQueue as string, 1));
    expect(failure).toMatchObject({
      version: '1.0',
      requestContext: {
        functionArn: expect.stringMatching(/:function:Async-Recorder-[A-Z0-9]+:\$LATEST$/),
        condition: 'RetriesExhausted',
        approximateInvokeCount: 2,
      },
      requestPayload: { source: 'test', 'detail-type': 'Test', detail: { id: 'bad-1', fail: true } },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'failing as asked: bad-1' },
    });
  }, 60_000);

  it("sends events a target may not be invoked for (no permission for events.amazonaws.com) to the target's DLQ at once", async () => {
    const sandbox = await sandboxOn(await newStateDir());
    const outputs = await deployed(sandbox);
    await publish(sandbox, [{ id: 'p-1' }]);
    const [dead] = await receive(sandbox, outputs.DeliveryDlq as string, 1);
    expect(JSON.parse(dead?.Body ?? '{}')).toMatchObject({ detail: { id: 'p-1' } });
    expect(dead?.MessageAttributes).toMatchObject({
      RULE_ARN: { StringValue: outputs.Rule },
      TARGET_ARN: { StringValue: expect.stringMatching(/:function:Async-Unpermitted-/) },
      ERROR_CODE: { StringValue: 'NO_PERMISSIONS' },
      RETRY_ATTEMPTS: { StringValue: '0' },
    });
  }, 60_000);

  it("retries a retriable delivery failure by the target's retry policy, then dead-letters it with why it gave up", async () => {
    const sandbox = await sandboxOn(await newStateDir(), true, 'TargetDelivery=THROTTLING');
    const outputs = await deployed(sandbox);
    await publish(sandbox, [{ id: 't-1' }]);
    const dead = await receive(sandbox, outputs.DeliveryDlq as string, 2);
    const fromRecorder = dead.find((message) => message.MessageAttributes?.ERROR_CODE?.StringValue === 'THROTTLING');
    expect(fromRecorder?.MessageAttributes).toMatchObject({
      TARGET_ARN: { StringValue: expect.stringMatching(/:function:Async-Recorder-/) },
      EXHAUSTED_RETRY_CONDITION: { StringValue: 'MaximumRetryAttemptsExhausted' },
      RETRY_ATTEMPTS: { StringValue: '3' },
    });
    expect(JSON.parse(fromRecorder?.Body ?? '{}')).toMatchObject({ detail: { id: 't-1' } });
    expect(await receiveNow(sandbox, outputs.Records as string)).toEqual([]);
  }, 60_000);

  it('keeps what a process queued when it exits, and runs it in the next one, once', async () => {
    const stateDir = await newStateDir();
    const first = await sandboxOn(stateDir, false);
    const outputs = await deployed(first);
    const lambda = new LambdaClient(clientConfig(first, {}));
    const queued = await lambda.send(
      new InvokeCommand({
        FunctionName: outputs.Recorder,
        InvocationType: 'Event',
        Payload: Buffer.from('{"id":"queued-1"}'),
      }),
    );
    expect(queued.StatusCode).toBe(202);
    await publish(first, [{ id: 'queued-2' }]);
    await first.close();
    running.splice(running.indexOf(first), 1);

    // Two sandboxes share the directory now: one of them runs the queued work, neither twice.
    const second = await sandboxOn(stateDir);
    const third = await sandboxOn(stateDir);
    const records = bodies(await receive(second, outputs.Records as string, 2));
    expect(records.map((record) => record.id).sort()).toEqual(['queued-1', 'queued-2']);
    await publish(third, [{ id: 'shared-1' }, { id: 'shared-2' }]);
    expect(
      bodies(await receive(third, outputs.Records as string, 2))
        .map((record) => record.id)
        .sort(),
    ).toEqual(['shared-1', 'shared-2']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bodies(await receiveNow(second, outputs.Records as string))).toEqual([]);
  }, 60_000);
});

async function receiveNow(sandbox: RunningSandbox, url: string): Promise<Message[]> {
  const { Messages = [] } = await new SQSClient(clientConfig(sandbox, {})).send(
    new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
  );
  return Messages;
}

/** Deletes what it processed; a message whose body says "bad" is reported failed (ReportBatchItemFailures). */
const QUEUE_CONSUMER = `
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  const failures = [];
  for (const record of event.Records) {
    await sqs.send(new SendMessageCommand({
      QueueUrl: process.env.RECORD_QUEUE,
      MessageBody: JSON.stringify({ body: record.body, count: record.attributes.ApproximateReceiveCount, source: record.eventSource }),
    }));
    if (record.body === 'bad') failures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures: failures };
};`;

describe('an SQS event source mapping', () => {
  it('invokes the function with batches of messages, deletes what it processed, and leaves the failed ones to the queue redrive', async () => {
    const sandbox = await sandboxOn(await newStateDir());
    const keys = await uploadHandlers(sandbox, { consumer: QUEUE_CONSUMER });
    const { stack, outputs } = await deployStack(sandbox, 'Queues', {
      Resources: {
        Records: { Type: 'AWS::SQS::Queue' },
        Dlq: { Type: 'AWS::SQS::Queue' },
        Work: {
          Type: 'AWS::SQS::Queue',
          Properties: {
            VisibilityTimeout: 1,
            RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 2 },
          },
        },
        ...functionResources('Consumer', keys.consumer as string, {
          Environment: { Variables: { RECORD_QUEUE: { Ref: 'Records' } } },
        }),
        Mapping: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: {
            FunctionName: { Ref: 'Consumer' },
            EventSourceArn: { 'Fn::GetAtt': ['Work', 'Arn'] },
            BatchSize: 5,
            FunctionResponseTypes: ['ReportBatchItemFailures'],
          },
        },
      },
      Outputs: {
        Records: { Value: { Ref: 'Records' } },
        Work: { Value: { Ref: 'Work' } },
        Dlq: { Value: { Ref: 'Dlq' } },
      },
    });
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const sqs = new SQSClient(clientConfig(sandbox, {}));
    for (const body of ['one', 'bad', 'two'])
      await sqs.send(new SendMessageCommand({ QueueUrl: outputs.Work, MessageBody: body }));
    // "bad" is received twice (maxReceiveCount 2), then moved to the DLQ; the others once.
    const [dead] = await receive(sandbox, outputs.Dlq as string, 1);
    expect(dead?.Body).toBe('bad');
    const seen = bodies(await receive(sandbox, outputs.Records as string, 4));
    expect(seen.map((record) => `${record.body}:${record.count}`).sort()).toEqual(['bad:1', 'bad:2', 'one:1', 'two:1']);
    expect(seen.every((record) => record.source === 'aws:sqs')).toBe(true);
    expect(await receiveNow(sandbox, outputs.Work as string)).toEqual([]);
  }, 60_000);
});
