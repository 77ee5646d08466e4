import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../src/index.js';
import { deployStack, functionResources, uploadHandlers } from './fixtures/function-stack.js';
import { clientConfig, waitFor } from './helpers.js';

/** Reports each batch it gets to RECORD_QUEUE; a record marked poison is reported failed (ReportBatchItemFailures). */
const CONSUMER = `
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  const records = event.Records.map((record) => ({
    name: record.eventName,
    key: record.dynamodb.Keys.pk.S,
    seq: record.dynamodb.SequenceNumber,
    newValue: record.dynamodb.NewImage?.value?.S ?? null,
    oldValue: record.dynamodb.OldImage?.value?.S ?? null,
    poison: record.dynamodb.NewImage?.poison?.BOOL === true,
    source: record.eventSource,
    view: record.dynamodb.StreamViewType,
  }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.RECORD_QUEUE, MessageBody: JSON.stringify(records) }));
  const poisoned = records.find((record) => record.poison);
  return { batchItemFailures: poisoned ? [{ itemIdentifier: poisoned.seq }] : [] };
};`;

function template(key: string) {
  return {
    Resources: {
      Batches: { Type: 'AWS::SQS::Queue' },
      Failed: { Type: 'AWS::SQS::Queue' },
      Table: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        },
      },
      ...functionResources('Consumer', key, { Environment: { Variables: { RECORD_QUEUE: { Ref: 'Batches' } } } }),
      Mapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          FunctionName: { Ref: 'Consumer' },
          EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: 3,
          MaximumRetryAttempts: 2,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT","MODIFY"]}' }] },
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Failed', 'Arn'] } } },
        },
      },
    },
    Outputs: {
      Table: { Value: { Ref: 'Table' } },
      StreamArn: { Value: { 'Fn::GetAtt': ['Table', 'StreamArn'] } },
      Batches: { Value: { Ref: 'Batches' } },
      Failed: { Value: { Ref: 'Failed' } },
    },
  };
}

interface SeenRecord {
  name: string;
  key: string;
  seq: string;
  newValue: string | null;
  oldValue: string | null;
  poison: boolean;
  source: string;
  view: string;
}

describe('DynamoDB Streams and a stream event source mapping', () => {
  let sandbox: RunningSandbox;
  let stateDir: string;
  let outputs: Record<string, string>;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'awsarch-streams-test-'));
    sandbox = await startSandbox({
      stateDir,
      faults: '',
      rolePropagationMs: 0,
      cloudFormationResourceMs: 0,
      retryMinuteMs: 60,
      lambdaIdleMs: 2000,
    });
    const keys = await uploadHandlers(sandbox, { consumer: CONSUMER });
    const deployed = await deployStack(sandbox, 'Streams', template(keys.consumer as string));
    expect(deployed.stack.StackStatus).toBe('CREATE_COMPLETE');
    outputs = deployed.outputs;
  }, 60_000);

  afterAll(async () => {
    await sandbox?.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('delivers the changes in order per key with their images, in batches, skipping what no filter matches; a failing record is retried, then described at the on-failure destination', async () => {
    const db = new DynamoDBClient(clientConfig(sandbox, {}));
    const table = outputs.Table;
    const put = (pk: string, value: string, poison = false) =>
      db.send(
        new PutItemCommand({
          TableName: table,
          Item: { pk: { S: pk }, value: { S: value }, poison: { BOOL: poison } },
        }),
      );
    await put('k1', 'v1');
    await db.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'k1' } },
        UpdateExpression: 'SET #v = :v',
        ExpressionAttributeNames: { '#v': 'value' },
        ExpressionAttributeValues: { ':v': { S: 'v2' } },
      }),
    );
    await put('k2', 'x');
    await db.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'k2' } } }));
    await put('k1', 'v2'); // changes nothing: no record
    await put('k3', 'bad', true);
    await put('k4', 'last');
    await db
      .send(
        new PutItemCommand({
          TableName: table,
          Item: { pk: { S: 'k4' }, value: { S: 'never' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch(() => undefined); // fails its condition: no record

    const sqs = new SQSClient(clientConfig(sandbox, {}));
    // k3 fails each time; with ReportBatchItemFailures its batch is retried from k3 (k3 and k4), twice, and
    // then given up: the batch's description goes to the on-failure queue and the mapping moves on.
    const failures = await waitFor(async () => {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: outputs.Failed }));
      return Messages.length > 0 ? Messages : undefined;
    }, 30_000);
    await put('k5', 'after');
    const batches: SeenRecord[][] = [];
    await waitFor(async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: outputs.Batches, MaxNumberOfMessages: 10 }),
      );
      if (Messages.length > 0)
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: outputs.Batches,
            Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
          }),
        );
      batches.push(...Messages.map((message) => JSON.parse(message.Body ?? '[]') as SeenRecord[]));
      return batches.flat().some((record) => record.key === 'k5') ? true : undefined;
    }, 30_000);

    expect(batches.every((batch) => batch.length <= 3)).toBe(true);
    const seen = batches.flat();
    expect(seen.every((record) => record.source === 'aws:dynamodb' && record.view === 'NEW_AND_OLD_IMAGES')).toBe(true);
    const firstSight = seen.filter((record, index) => seen.findIndex((other) => other.seq === record.seq) === index);
    expect(firstSight.map(({ name, key, newValue, oldValue }) => [name, key, oldValue, newValue])).toEqual([
      ['INSERT', 'k1', null, 'v1'],
      ['MODIFY', 'k1', 'v1', 'v2'],
      ['INSERT', 'k2', null, 'x'],
      ['INSERT', 'k3', null, 'bad'],
      ['INSERT', 'k4', null, 'last'],
      ['INSERT', 'k5', null, 'after'],
    ]);
    const sequences = firstSight.map((record) => BigInt(record.seq));
    expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)));
    expect(seen.filter((record) => record.key === 'k3')).toHaveLength(3);
    expect(seen.filter((record) => record.key === 'k5')).toHaveLength(1);

    const bySeq = (key: string) => (firstSight.find((record) => record.key === key) as SeenRecord).seq;
    expect(JSON.parse(failures[0]?.Body ?? '{}')).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { functionError: 'Unhandled' },
      DDBStreamBatchInfo: {
        streamArn: outputs.StreamArn,
        startSequenceNumber: bySeq('k3'),
        endSequenceNumber: bySeq('k4'),
        batchSize: 2,
      },
    });
    const { EventSourceMappings = [] } = await new LambdaClient(clientConfig(sandbox, {})).send(
      new ListEventSourceMappingsCommand({}),
    );
    expect(EventSourceMappings).toEqual([
      expect.objectContaining({ EventSourceArn: outputs.StreamArn, State: 'Enabled', BatchSize: 3 }),
    ]);
  }, 60_000);
});

describe('a stream event source mapping whose runner changes while a batch fails', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('continues the retry count where the previous process left it: the record is invoked MaximumRetryAttempts + 1 times in all', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'awsarch-streams-runner-test-'));
    dirs.push(stateDir);
    // A retry "minute" of 60 s: the waits between retries (2 s, then 4 s) leave time to change the process.
    const options = { stateDir, faults: '', rolePropagationMs: 0, cloudFormationResourceMs: 0, lambdaIdleMs: 2000 };
    const first = await startSandbox({ ...options, retryMinuteMs: 60_000 });
    let outputs: Record<string, string>;
    const sightings: SeenRecord[] = [];
    const collect = async (sandbox: RunningSandbox) => {
      const sqs = new SQSClient(clientConfig(sandbox, {}));
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: outputs.Batches, MaxNumberOfMessages: 10 }),
      );
      if (Messages.length > 0)
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: outputs.Batches,
            Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
          }),
        );
      sightings.push(...Messages.flatMap((message) => JSON.parse(message.Body ?? '[]') as SeenRecord[]));
    };
    try {
      const keys = await uploadHandlers(first, { consumer: CONSUMER });
      outputs = (await deployStack(first, 'Streams', template(keys.consumer as string))).outputs;
      await new DynamoDBClient(clientConfig(first, {})).send(
        new PutItemCommand({ TableName: outputs.Table, Item: { pk: { S: 'k1' }, poison: { BOOL: true } } }),
      );
      // Two failed invocations in the first process (the first try and one retry), then it stops.
      await waitFor(async () => {
        await collect(first);
        return sightings.length >= 2 ? true : undefined;
      }, 30_000);
    } finally {
      await first.close();
    }
    const second = await startSandbox({ ...options, retryMinuteMs: 60 });
    try {
      const sqs = new SQSClient(clientConfig(second, {}));
      const failures = await waitFor(async () => {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: outputs.Failed }));
        return Messages.length > 0 ? Messages : undefined;
      }, 30_000);
      await collect(second);
      expect(sightings.map((record) => record.key)).toEqual(['k1', 'k1', 'k1']);
      expect(JSON.parse(failures[0]?.Body ?? '{}')).toMatchObject({
        requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      });
    } finally {
      await second.close();
    }
  }, 60_000);
});
