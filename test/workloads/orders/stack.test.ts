import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_ROUTES, QUERY_ROUTES } from '../../../workloads-cdk/orders/application/http-api.js';
import { defineOrdersApp } from '../../../workloads-cdk/orders/app.js';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  const app = new App({ builtinCloudFormationValidation: false, context: { snapshotEvery: '7' } });
  template = Template.fromStack(defineOrdersApp(app)[0] as never);
  resources = template.toJSON().Resources as Record<string, Resource>;
});

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const idOf = (pattern: RegExp) => Object.keys(resources).find((id) => pattern.test(id)) ?? 'missing';

describe('Orders stack', () => {
  it('has an event store keyed by aggregate id and version, streamed, and kept when the stack goes', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [
          { AttributeName: 'aggregateId', KeyType: 'HASH' },
          { AttributeName: 'version', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([{ AttributeName: 'version', AttributeType: 'N' }]),
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
      DeletionPolicy: 'Retain',
    });
    template.resourceCountIs('AWS::DynamoDB::Table', 5);
  });

  it('feeds the projector from the stream: inserts only, partial batch failures, bisect, retries, then a DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [idOf(/^EventStoreEvents/), 'StreamArn'] },
      FunctionName: { Ref: idOf(/^ProjectorFunction[0-9A-F]+$/) },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [idOf(/^ProjectorDlq/), 'Arn'] } } },
    });
  });

  it('runs command, projector and query handlers with their tables and the snapshot interval from context', () => {
    template.resourceCountIs('AWS::Lambda::Function', 3);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Environment: {
        Variables: {
          EVENTS_TABLE: { Ref: idOf(/^EventStoreEvents/) },
          SNAPSHOTS_TABLE: { Ref: idOf(/^EventStoreSnapshots/) },
          SNAPSHOT_EVERY: '7',
        },
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SUMMARIES_TABLE: Match.anyValue(),
          CUSTOMER_ORDERS_TABLE: Match.anyValue(),
          DAILY_TOTALS_TABLE: Match.anyValue(),
        }),
      },
    });
  });

  it('serves each read model from the table its stack parameter names (a rebuilt one), else from its own: environment, permissions and outputs follow', () => {
    const parameters = template.toJSON().Parameters as Record<string, { Type: string; Default: string }>;
    expect(parameters).toMatchObject({
      ReadModelSummariesTable: { Type: 'String', Default: '' },
      ReadModelCustomerOrdersTable: { Default: '' },
      ReadModelDailyTotalsTable: { Default: '' },
    });
    const summaries = {
      'Fn::If': [
        expect.stringMatching(/^ReadModelsRebuiltSummaries/),
        { Ref: 'ReadModelSummariesTable' },
        { Ref: idOf(/^ReadModelsOrderSummaries/) },
      ],
    };
    const projector = resources[idOf(/^ProjectorFunction[0-9A-F]+$/)] as Resource;
    expect(projector.Properties.Environment.Variables.SUMMARIES_TABLE).toEqual(summaries);
    expect(template.toJSON().Outputs.SummariesTableName.Value).toEqual(summaries);
    const policies = ofType('AWS::IAM::Policy').flatMap(
      ([, policy]) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string[]; Resource: unknown[] }>,
    );
    const rebuilt = policies.filter((statement) =>
      JSON.stringify(statement.Resource).includes('ReadModelSummariesTable'),
    );
    expect(rebuilt.map((statement) => statement.Action.includes('dynamodb:PutItem')).sort()).toEqual([false, true]);
  });

  it('exposes every command and query route on the HTTP API', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route')
      .map(([, route]) => route.Properties.RouteKey)
      .sort();
    expect(routes).toEqual([...COMMAND_ROUTES, ...QUERY_ROUTES].sort());
  });

  it('alarms on the projector DLQ, stream lag, API 5xx, function errors and throttles, and has a dashboard', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties.MetricName);
    expect(alarms.sort()).toEqual([
      '5xx',
      'ApproximateNumberOfMessagesVisible',
      'Errors',
      'Errors',
      'Errors',
      'IteratorAge',
      'Throttles',
      'Throttles',
      'Throttles',
    ]);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasOutput('ApiUrl', {});
  });
});
