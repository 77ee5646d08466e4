import { describe, expect, test } from 'vitest';
import { iamActionFor, requestResources, type RequestDescription } from '../src/request-resources.js';

const request = (iamPrefix: string, operation: string, input: Record<string, unknown>): RequestDescription => ({
  iamPrefix,
  operation,
  input,
  accountId: '111122223333',
  region: 'eu-west-1',
});

describe('requestResources', () => {
  test.each([
    ['cloudtrail', 'DeleteTrail', { Name: 'org-trail' }, 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail'],
    [
      'cloudtrail',
      'StopLogging',
      { Name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/x' },
      'arn:aws:cloudtrail:us-east-1:111122223333:trail/x',
    ],
    ['cloudtrail', 'PutEventSelectors', { TrailName: 't' }, 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/t'],
    ['guardduty', 'DeleteDetector', { DetectorId: 'abc' }, 'arn:aws:guardduty:eu-west-1:111122223333:detector/abc'],
    ['iam', 'DeleteRole', { RoleName: 'App' }, 'arn:aws:iam::111122223333:role/App'],
    [
      'iam',
      'AttachRolePolicy',
      { RoleName: 'App', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      'arn:aws:iam::111122223333:role/App',
    ],
    [
      'sts',
      'AssumeRole',
      { RoleArn: 'arn:aws:iam::444455556666:role/Deployer' },
      'arn:aws:iam::444455556666:role/Deployer',
    ],
    ['dynamodb', 'PutItem', { TableName: 'orders' }, 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders'],
    [
      'sqs',
      'SendMessage',
      { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/jobs' },
      'arn:aws:sqs:eu-west-1:111122223333:jobs',
    ],
    ['events', 'PutRule', { Name: 'nightly' }, 'arn:aws:events:eu-west-1:111122223333:rule/nightly'],
    ['events', 'CreateArchive', { ArchiveName: 'all' }, 'arn:aws:events:eu-west-1:111122223333:archive/all'],
    ['s3', 'PutObject', { labels: { Bucket: 'data', Key: 'a/b.csv' }, headers: {} }, 'arn:aws:s3:::data/a/b.csv'],
    ['s3', 'CreateBucket', { labels: { Bucket: 'data' }, headers: {} }, 'arn:aws:s3:::data'],
    ['ec2', 'CreateVpc', { CidrBlock: '10.0.0.0/16' }, 'arn:aws:ec2:eu-west-1:111122223333:vpc/*'],
    ['ec2', 'DeleteVpc', { VpcId: 'vpc-1' }, 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1'],
    ['ec2', 'TerminateInstances', { InstanceId: ['i-1', 'i-2'] }, 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1'],
    [
      'directconnect',
      'DeleteConnection',
      { connectionId: 'dxcon-1' },
      'arn:aws:directconnect:eu-west-1:111122223333:dxcon/dxcon-1',
    ],
    ['config', 'StopConfigurationRecorder', { ConfigurationRecorderName: 'default' }, '*'],
    ['organizations', 'LeaveOrganization', {}, '*'],
  ])('%s:%s acts on its resource ARN', (prefix, operation, input, arn) => {
    expect(requestResources(request(prefix, operation, input)).map((resource) => resource.arn)).toEqual([arn]);
  });

  test('every request carries aws:RequestedRegion', () => {
    expect(requestResources(request('organizations', 'ListRoots', {}))[0]?.context).toEqual({
      'aws:RequestedRegion': 'eu-west-1',
    });
  });

  test('RunInstances is checked on the instance and on its volumes, with ec2:Encrypted', () => {
    const unencrypted = requestResources(
      request('ec2', 'RunInstances', { BlockDeviceMapping: [{ Ebs: { Encrypted: 'false' } }] }),
    );
    expect(unencrypted.map((resource) => [resource.arn, resource.context['ec2:Encrypted']])).toEqual([
      ['arn:aws:ec2:eu-west-1:111122223333:instance/*', undefined],
      ['arn:aws:ec2:eu-west-1:111122223333:volume/*', 'false'],
    ]);
    expect(
      requestResources(request('ec2', 'RunInstances', { BlockDeviceMapping: [{ Ebs: { Encrypted: 'true' } }] }))[1]
        ?.context['ec2:Encrypted'],
    ).toBe('true');
    expect(requestResources(request('ec2', 'CreateVolume', { Encrypted: 'true' }))[0]?.context['ec2:Encrypted']).toBe(
      'true',
    );
    expect(requestResources(request('ec2', 'CreateVolume', {}))[0]?.context['ec2:Encrypted']).toBe('false');
  });

  test('request tags from ec2Query TagSpecification, JSON Tags lists and restJson tag maps; tag keys being removed', () => {
    const ec2 = requestResources(
      request('ec2', 'CreateVpc', {
        TagSpecification: [
          {
            ResourceType: 'vpc',
            Tag: [
              { Key: 'owner', Value: 'a' },
              { Key: 'env', Value: 'dev' },
            ],
          },
        ],
      }),
    )[0];
    expect(ec2?.context).toMatchObject({
      'aws:RequestTag/owner': 'a',
      'aws:RequestTag/env': 'dev',
      'aws:TagKeys': ['owner', 'env'],
    });
    const json = requestResources(
      request('dynamodb', 'CreateTable', { TableName: 't', Tags: [{ Key: 'owner', Value: 'b' }] }),
    )[0];
    expect(json?.context).toMatchObject({ 'aws:RequestTag/owner': 'b', 'aws:TagKeys': ['owner'] });
    const restJson = requestResources(request('guardduty', 'CreateDetector', { tags: { owner: 'c' } }))[0];
    expect(restJson?.context).toMatchObject({ 'aws:RequestTag/owner': 'c' });
    const untag = requestResources(request('dynamodb', 'UntagResource', { TagKeys: ['owner'] }))[0];
    expect(untag?.context['aws:TagKeys']).toEqual(['owner']);
  });

  test('S3 encryption, ACL and object ownership headers become their condition keys', () => {
    const [put] = requestResources(
      request('s3', 'PutObject', {
        labels: { Bucket: 'b', Key: 'k' },
        headers: { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-acl': 'public-read' },
      }),
    );
    expect(put?.context).toMatchObject({ 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-acl': 'public-read' });
    const [create] = requestResources(
      request('s3', 'CreateBucket', { labels: { Bucket: 'b' }, headers: { 'x-amz-object-ownership': 'ObjectWriter' } }),
    );
    expect(create?.context['s3:x-amz-object-ownership']).toBe('ObjectWriter');
  });
});

describe('iamActionFor', () => {
  test('operations are their IAM action unless AWS maps them differently', () => {
    expect(iamActionFor('cloudtrail', 'DeleteTrail')).toBe('cloudtrail:DeleteTrail');
    expect(iamActionFor('s3', 'ListBuckets')).toBe('s3:ListAllMyBuckets');
    expect(iamActionFor('s3', 'DeletePublicAccessBlock')).toBe('s3:PutBucketPublicAccessBlock');
  });
});
