import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeArchiveCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../src/index.js';
import { drainQueue } from './fixtures/event-bus.js';
import { clientConfig, failureOf, startTestSandbox, waitFor } from './helpers.js';

/** The shape the bundled workloads deploy: a table, a bus with an archive, a rule delivering to a queue. */
const TEMPLATE = {
  Parameters: { ReadModelTable: { Type: 'String', Default: '' } },
  Conditions: { HasReadModelTable: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ReadModelTable' }, ''] }] } },
  Resources: {
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: [
          { AttributeName: 'aggregateId', KeyType: 'HASH' },
          { AttributeName: 'version', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'aggregateId', AttributeType: 'S' },
          { AttributeName: 'version', AttributeType: 'N' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      },
    },
    Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'rides' } },
    Archive: {
      Type: 'AWS::Events::Archive',
      Properties: {
        ArchiveName: 'rides-archive',
        SourceArn: { 'Fn::GetAtt': ['Bus', 'Arn'] },
        RetentionDays: 7,
        EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
      },
    },
    Queue: { Type: 'AWS::SQS::Queue' },
    // As the CDK writes it for an SQS target: EventBridge may send to the queue for this rule.
    QueuePolicy: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [{ Ref: 'Queue' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
              Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] },
              Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['Rule', 'Arn'] } } },
            },
          ],
        },
      },
    },
    Rule: {
      Type: 'AWS::Events::Rule',
      Properties: {
        EventBusName: { Ref: 'Bus' },
        EventPattern: { 'detail-type': ['RideRequested'] },
        State: 'ENABLED',
        Targets: [{ Id: 'Target0', Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] } }],
      },
    },
  },
  Outputs: {
    TableName: { Value: { 'Fn::If': ['HasReadModelTable', { Ref: 'ReadModelTable' }, { Ref: 'Table' }] } },
    QueueUrl: { Value: { Ref: 'Queue' } },
  },
};

async function execute(
  client: CloudFormationClient,
  input: ConstructorParameters<typeof CreateChangeSetCommand>[0],
): Promise<Stack> {
  const changeSet = await client.send(new CreateChangeSetCommand(input));
  await client.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.Id }));
  return waitFor(async () => {
    const stack = (await client.send(new DescribeStacksCommand({ StackName: 'Rides' }))).Stacks?.[0];
    return stack && !stack.StackStatus?.endsWith('_IN_PROGRESS') ? stack : undefined;
  });
}

const outputs = (stack: Stack) =>
  Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue ?? '']));

describe("CloudFormation makes the workloads' data resources real in the sandbox", () => {
  it('creates the table in DynamoDB, the bus, archive, rule and queue in EventBridge and SQS, and updates parameters with the previous template', async () => {
    const sandbox: RunningSandbox = await startTestSandbox({ cloudFormationResourceMs: 0 });
    const cfn = new CloudFormationClient(clientConfig(sandbox, {}));
    const created = await execute(cfn, {
      StackName: 'Rides',
      ChangeSetName: 'create',
      ChangeSetType: 'CREATE',
      TemplateBody: JSON.stringify(TEMPLATE),
    });
    expect(created.StackStatus).toBe('CREATE_COMPLETE');
    const { TableName, QueueUrl } = outputs(created);
    expect(TableName).toMatch(/^Rides-Table-[A-Z0-9]{12}$/);

    const dynamo = new DynamoDBClient(clientConfig(sandbox, {}));
    expect((await dynamo.send(new DescribeTableCommand({ TableName }))).Table?.KeySchema).toEqual([
      { AttributeName: 'aggregateId', KeyType: 'HASH' },
      { AttributeName: 'version', KeyType: 'RANGE' },
    ]);

    const events = new EventBridgeClient(clientConfig(sandbox, {}));
    const { Rules = [] } = await events.send(new ListRulesCommand({ EventBusName: 'rides' }));
    expect(Rules.map((rule) => rule.Name).sort()).toEqual(
      ['Events-Archive-rides-archive', expect.stringMatching(/^Rides-Rule-/)].sort(),
    );
    const rule = Rules.find((candidate) => !candidate.ManagedBy);
    expect(
      (await events.send(new ListTargetsByRuleCommand({ Rule: rule?.Name, EventBusName: 'rides' }))).Targets,
    ).toEqual([{ Id: 'Target0', Arn: expect.stringMatching(/^arn:aws:sqs:us-east-1:\d{12}:Rides-Queue-/) }]);
    await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'rides', Source: 'app', DetailType: 'RideRequested', Detail: '{"rideId":"r1"}' }],
      }),
    );
    expect(
      (await drainQueue(new SQSClient(clientConfig(sandbox, {})), QueueUrl ?? '')).map((event) => event.detail.rideId),
    ).toEqual(['r1']);
    expect(await events.send(new DescribeArchiveCommand({ ArchiveName: 'rides-archive' }))).toMatchObject({
      EventCount: 1,
      RetentionDays: 7,
    });

    const switched = await execute(cfn, {
      StackName: 'Rides',
      ChangeSetName: 'switch',
      ChangeSetType: 'UPDATE',
      UsePreviousTemplate: true,
      Parameters: [{ ParameterKey: 'ReadModelTable', ParameterValue: 'rebuilt-table' }],
    });
    expect([switched.StackStatus, outputs(switched).TableName]).toEqual(['UPDATE_COMPLETE', 'rebuilt-table']);
    expect(
      (
        await failureOf(
          cfn.send(
            new CreateChangeSetCommand({
              StackName: 'Nope',
              ChangeSetName: 'x',
              ChangeSetType: 'CREATE',
              UsePreviousTemplate: true,
            }),
          ),
        )
      ).message,
    ).toContain('UsePreviousTemplate');
  });
});
