import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { RIDE_SHARING_SERVICES } from '../../../workloads-cdk/ride-sharing/consumers.js';
import { RIDE_EVENT_TYPES } from '../../../workloads-cdk/ride-sharing/events/catalog.js';
import { eventJsonSchema } from '../../../workloads-cdk/ride-sharing/events/json-schemas.js';
import { defineRideSharingApp } from '../../../workloads-cdk/ride-sharing/app.js';

type Resource = { Type: string; Properties: Record<string, any>; Condition?: string; DeletionPolicy?: string };

const PARTNER = {
  partnerAccountId: '210987654321',
  partnerBusArn: 'arn:aws:events:us-east-1:210987654321:event-bus/partner',
};

let template: Template;
let resources: Record<string, Resource>;
let assetDir: string;

beforeAll(() => {
  const app = new App({ builtinCloudFormationValidation: false, context: PARTNER });
  const [stack] = defineRideSharingApp(app);
  template = Template.fromStack(stack as never);
  resources = template.toJSON().Resources as Record<string, Resource>;
  assetDir = app.synth().directory;
});

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const logicalIdOf = (pattern: RegExp, type: string) => ofType(type).find(([id]) => pattern.test(id))?.[0] ?? 'missing';

describe('RideSharing stack', () => {
  it('has the custom bus, archived with a 7-year (2557-day) retention', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'ride-sharing' });
    template.hasResourceProperties('AWS::Events::Archive', {
      RetentionDays: 2557,
      SourceArn: { 'Fn::GetAtt': [logicalIdOf(/^EventsBus/, 'AWS::Events::EventBus'), 'Arn'] },
      EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
    });
  });

  it('registers a draft-04 JSON Schema for every event, the same schemas the services validate with', () => {
    template.resourceCountIs('AWS::EventSchemas::Registry', 1);
    const schemas = ofType('AWS::EventSchemas::Schema').map(([, resource]) => resource.Properties);
    expect(schemas.map((schema) => String(schema.SchemaName).split('@')[1]).sort()).toEqual(
      [...RIDE_EVENT_TYPES].sort(),
    );
    for (const schema of schemas) {
      expect(schema.Type).toBe('JSONSchemaDraft4');
      const type = String(schema.SchemaName).split('@')[1] as (typeof RIDE_EVENT_TYPES)[number];
      expect(JSON.parse(schema.Content)).toEqual(eventJsonSchema(type));
    }
  });

  it('gives each service its own rule with an event pattern of what it consumes', () => {
    for (const service of RIDE_SHARING_SERVICES) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: { Ref: logicalIdOf(/^EventsBus/, 'AWS::Events::EventBus') },
        EventPattern: { 'detail-type': [...service.consumes], source: Match.anyValue() },
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [logicalIdOf(new RegExp(`^${service.name}Handler`), 'AWS::Lambda::Function'), 'Arn'] },
          }),
        ],
      });
    }
  });

  it('puts a retry policy and its own SQS dead-letter queue on every target of every rule', () => {
    const rules = ofType('AWS::Events::Rule');
    expect(rules).toHaveLength(RIDE_SHARING_SERVICES.length + 2);
    const dlqs = new Set<string>();
    for (const [id, rule] of rules) {
      for (const target of rule.Properties.Targets as Array<Record<string, any>>) {
        expect(target.RetryPolicy, id).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 });
        const queue = target.DeadLetterConfig?.Arn?.['Fn::GetAtt']?.[0] as string;
        expect(resources[queue]?.Type, id).toBe('AWS::SQS::Queue');
        dlqs.add(queue);
      }
    }
    expect(dlqs.size).toBe(rules.length);
  });

  it('sends invocations that keep failing to a failure queue per function, after two Lambda retries', () => {
    const configs = ofType('AWS::Lambda::EventInvokeConfig');
    expect(configs).toHaveLength(6);
    for (const [, config] of configs) {
      expect(config.Properties.MaximumRetryAttempts).toBe(2);
      expect(resources[config.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0]]?.Type).toBe(
        'AWS::SQS::Queue',
      );
    }
  });

  it('routes selected events to the partner account bus through a conditional rule, role and bus policy', () => {
    template.hasParameter('PartnerAccountId', {
      Type: 'String',
      Default: PARTNER.partnerAccountId,
      AllowedPattern: '^(\\d{12})?$',
    });
    template.hasParameter('PartnerEventBusArn', { Default: PARTNER.partnerBusArn });
    template.hasCondition('HasPartner', {
      'Fn::And': [
        { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'PartnerAccountId' }, ''] }] },
        { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'PartnerEventBusArn' }, ''] }] },
      ],
    });
    const forward = ofType('AWS::Events::Rule').find(([id]) => id.startsWith('PartnerForwardRule'))?.[1] as Resource;
    expect(forward.Condition).toBe('HasPartner');
    expect(forward.Properties.EventPattern['detail-type']).toEqual([
      'RideCompleted',
      'PaymentCaptured',
      'FraudFlagged',
    ]);
    expect(forward.Properties.Targets[0]).toMatchObject({
      Arn: { Ref: 'PartnerEventBusArn' },
      RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^PartnerForwardingRole/), 'Arn'] },
    });
    const [[, policy]] = ofType('AWS::Events::EventBusPolicy') as [[string, Resource]];
    expect(policy.Condition).toBe('HasPartner');
    expect(policy.Properties.Statement).toMatchObject({
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${PartnerAccountId}:root' } },
    });
    for (const [id, resource] of Object.entries(resources))
      if (id.startsWith('Partner')) expect(resource.Condition, id).toBe('HasPartner');
  });

  it('keeps service state in DynamoDB tables, idempotency records with a TTL', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 9);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'openOffers' })],
    });
  });

  it('alarms on DLQ depth, failed invocations, throttles and matched-but-not-invoked, and has a dashboard', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, resource]) => resource.Properties);
    const queues = ofType('AWS::SQS::Queue').length;
    expect(alarms.filter((alarm) => alarm.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(queues);
    for (const metric of ['FailedInvocations', 'ThrottledRules', 'Throttles', 'Errors'])
      expect(alarms.filter((alarm) => alarm.MetricName === metric).length, metric).toBeGreaterThanOrEqual(6);
    const unmatched = alarms.filter((alarm) =>
      alarm.Metrics?.some((metric: { Expression?: string }) => metric.Expression?.includes('matched - invoked')),
    );
    expect(unmatched).toHaveLength(6);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('runs the services as Node.js 22 functions bundled offline into one self-contained ESM file each', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(6);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Architectures: ['arm64'],
        Environment: {
          Variables: expect.objectContaining({ BUS_NAME: expect.anything(), IDEMPOTENCY_TABLE: expect.anything() }),
        },
      });
      const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
      const bundle = readFileSync(join(assetDir, `asset.${hash}`, 'index.mjs'), 'utf8');
      const imports = [...bundle.matchAll(/(?:^|;)\s*import\s*[^"';]*?["']([^"']+)["']/g)].map((match) => match[1]);
      expect(imports).toContain('@aws-sdk/client-dynamodb');
      expect(imports.every((specifier) => specifier?.startsWith('@aws-sdk/') || specifier?.startsWith('node:'))).toBe(
        true,
      );
      expect(bundle.length).toBeLessThan(200_000);
    }
  });
});
