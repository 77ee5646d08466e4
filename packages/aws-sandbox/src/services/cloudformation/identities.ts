import { randomBytes, randomUUID } from 'node:crypto';
import { randomUppercaseAlphanumeric } from '../../ids.js';

/** Where a stack's resources live. */
export interface ResourceEnvironment {
  readonly accountId: string;
  readonly region: string;
  readonly stackName: string;
}

/** The property that names a resource, per type (when given, it is the physical name). */
const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::SSM::Parameter': 'Name',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Events::EventBus': 'Name',
  'AWS::Events::Rule': 'Name',
  'AWS::Events::Archive': 'ArchiveName',
  'AWS::EventSchemas::Registry': 'RegistryName',
  'AWS::EventSchemas::Schema': 'SchemaName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::ECR::Repository': 'RepositoryName',
  'AWS::CloudWatch::Dashboard': 'DashboardName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::KMS::Alias': 'AliasName',
};

/** Types whose names must be lower case. */
const LOWER_CASE_NAMES = new Set(['AWS::S3::Bucket', 'AWS::ECR::Repository']);

const arnOf = (service: string, env: ResourceEnvironment, resource: string, regional = true) =>
  `arn:aws:${service}:${regional ? env.region : ''}:${service === 's3' ? '' : env.accountId}:${resource}`;

/**
 * The physical id CloudFormation would give a new resource: its name property if set, else a generated
 * name (stack-logicalId-SUFFIX), or the id format of types whose physical id is not a name.
 */
export function newPhysicalId(
  type: string,
  logicalId: string,
  properties: Record<string, unknown>,
  env: ResourceEnvironment,
): string {
  const nameProperty = NAME_PROPERTY[type];
  const given = nameProperty ? properties[nameProperty] : undefined;
  const name = typeof given === 'string' && given ? given : generatedName(type, logicalId, env);
  switch (type) {
    case 'AWS::SQS::Queue':
      return `https://sqs.${env.region}.amazonaws.com/${env.accountId}/${name}`;
    case 'AWS::SNS::Topic':
      return arnOf('sns', env, name);
    case 'AWS::IAM::ManagedPolicy':
      return `arn:aws:iam::${env.accountId}:policy/${name}`;
    case 'AWS::EventSchemas::Registry':
      return arnOf('schemas', env, `registry/${name}`);
    case 'AWS::EventSchemas::Schema':
      return arnOf('schemas', env, `schema/${String(properties.RegistryName ?? 'registry')}/${name}`);
    case 'AWS::KMS::Key':
    case 'AWS::Lambda::EventSourceMapping':
      return randomUUID();
    case 'AWS::ApiGatewayV2::Api':
    case 'AWS::ApiGatewayV2::Integration':
    case 'AWS::ApiGatewayV2::Route':
      return randomBytes(5).toString('hex').slice(0, 7);
    default:
      return name;
  }
}

/** Whether new properties name the resource differently from its current physical id (a replacement). */
export function physicalNameChanged(type: string, properties: Record<string, unknown>, physicalId: string): boolean {
  const nameProperty = NAME_PROPERTY[type];
  const given = nameProperty ? properties[nameProperty] : undefined;
  return (
    typeof given === 'string' &&
    given !== '' &&
    given !== physicalId &&
    !physicalId.endsWith(`/${given}`) &&
    !physicalId.endsWith(`:${given}`)
  );
}

function generatedName(type: string, logicalId: string, env: ResourceEnvironment): string {
  const name = `${env.stackName}-${logicalId}`.slice(0, 48).replace(/[^A-Za-z0-9-]/g, '');
  const suffix = randomUppercaseAlphanumeric(12);
  const full = `${name}-${suffix}`;
  return LOWER_CASE_NAMES.has(type) ? full.toLowerCase() : full;
}

/** The name part of a physical id (a queue URL or topic ARN ends with the name). */
function nameOf(physicalId: string): string {
  return physicalId.split(/[/:]/).at(-1) ?? physicalId;
}

/**
 * Fn::GetAtt as the stand-in answers it: the attributes a template typically reads, built the way AWS
 * builds them; any other attribute falls back to an ARN-shaped value. Nothing here exists for real.
 */
export function attributeOf(
  type: string,
  physicalId: string,
  attribute: string,
  properties: Record<string, unknown>,
  env: ResourceEnvironment,
): unknown {
  const name = nameOf(physicalId);
  const service = (type.split('::')[1] ?? 'unknown').toLowerCase();
  switch (`${type}.${attribute}`) {
    case 'AWS::IAM::Role.Arn':
      return `arn:aws:iam::${env.accountId}:role/${physicalId}`;
    case 'AWS::IAM::Role.RoleId':
      return `AROA${randomUppercaseAlphanumeric(17)}`;
    case 'AWS::S3::Bucket.Arn':
      return `arn:aws:s3:::${physicalId}`;
    case 'AWS::S3::Bucket.DomainName':
      return `${physicalId}.s3.amazonaws.com`;
    case 'AWS::S3::Bucket.RegionalDomainName':
      return `${physicalId}.s3.${env.region}.amazonaws.com`;
    case 'AWS::Lambda::Function.Arn':
      return arnOf('lambda', env, `function:${physicalId}`);
    case 'AWS::DynamoDB::Table.Arn':
      return arnOf('dynamodb', env, `table/${physicalId}`);
    case 'AWS::DynamoDB::Table.StreamArn':
      return arnOf('dynamodb', env, `table/${physicalId}/stream/2026-01-01T00:00:00.000`);
    case 'AWS::SQS::Queue.Arn':
      return arnOf('sqs', env, name);
    case 'AWS::SQS::Queue.QueueName':
      return name;
    case 'AWS::SQS::Queue.QueueUrl':
      return physicalId;
    case 'AWS::SNS::Topic.TopicArn':
      return physicalId;
    case 'AWS::SNS::Topic.TopicName':
      return name;
    case 'AWS::Events::EventBus.Arn':
      return arnOf('events', env, `event-bus/${physicalId}`);
    case 'AWS::Events::EventBus.Name':
      return physicalId;
    case 'AWS::Events::Rule.Arn': {
      const bus =
        typeof properties.EventBusName === 'string' && properties.EventBusName !== 'default'
          ? `${nameOf(properties.EventBusName)}/`
          : '';
      return arnOf('events', env, `rule/${bus}${physicalId}`);
    }
    case 'AWS::Events::Archive.Arn':
      return arnOf('events', env, `archive/${physicalId}`);
    case 'AWS::EventSchemas::Registry.RegistryArn':
    case 'AWS::EventSchemas::Schema.SchemaArn':
      return physicalId;
    case 'AWS::EventSchemas::Registry.RegistryName':
    case 'AWS::EventSchemas::Schema.SchemaName':
      return name;
    case 'AWS::EventSchemas::Schema.SchemaVersion':
      return '1';
    case 'AWS::Logs::LogGroup.Arn':
      return arnOf('logs', env, `log-group:${physicalId}:*`);
    case 'AWS::ApiGatewayV2::Api.ApiEndpoint':
      return `https://${physicalId}.execute-api.${env.region}.amazonaws.com`;
    case 'AWS::ApiGatewayV2::Api.ApiId':
      return physicalId;
    case 'AWS::SSM::Parameter.Value':
      return properties.Value;
    case 'AWS::SSM::Parameter.Type':
      return properties.Type;
    case 'AWS::KMS::Key.Arn':
      return arnOf('kms', env, `key/${physicalId}`);
    case 'AWS::KMS::Key.KeyId':
      return physicalId;
    case 'AWS::ECR::Repository.Arn':
      return arnOf('ecr', env, `repository/${physicalId}`);
    case 'AWS::ECR::Repository.RepositoryUri':
      return `${env.accountId}.dkr.ecr.${env.region}.amazonaws.com/${physicalId}`;
    case 'AWS::CloudWatch::Alarm.Arn':
      return arnOf('cloudwatch', env, `alarm:${physicalId}`);
    default:
      return attribute === 'Arn'
        ? arnOf(service, env, `${(type.split('::')[2] ?? 'resource').toLowerCase()}/${name}`)
        : `${physicalId}|${attribute}`;
  }
}
