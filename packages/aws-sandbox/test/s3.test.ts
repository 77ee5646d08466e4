import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  HeadBucketCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { describe, expect, test } from 'vitest';
import { bucketAcceptsServiceLogs } from '../src/services/s3/bucket-policy.js';
import { emptyState } from '../src/state.js';
import { s3State } from '../src/services/s3/model.js';
import { logArchiveBucketPolicy } from '../src/seeds/network.js';
import { clientConfig, failureOf, startTestSandbox } from './helpers.js';
import { testOrganization } from './fixtures/member-accounts.js';

const s3 = (config: ReturnType<typeof clientConfig>) => new S3Client({ ...config, forcePathStyle: true });

describe('sandbox S3 (restXml, path-style)', () => {
  test('creates a bucket, heads it, and keeps its policy', async () => {
    const sandbox = await startTestSandbox();
    const client = s3(clientConfig(sandbox, {}));
    const created = await client.send(new CreateBucketCommand({ Bucket: 'audit-logs' }));
    expect(created.Location).toBe('/audit-logs');
    expect((await client.send(new HeadBucketCommand({ Bucket: 'audit-logs' }))).BucketRegion).toBe('us-east-1');
    expect(await failureOf(client.send(new GetBucketPolicyCommand({ Bucket: 'audit-logs' })))).toMatchObject({
      name: 'NoSuchBucketPolicy',
      $metadata: { httpStatusCode: 404 },
    });
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: 'arn:aws:s3:::audit-logs',
        },
      ],
    });
    await client.send(new PutBucketPolicyCommand({ Bucket: 'audit-logs', Policy: policy }));
    expect((await client.send(new GetBucketPolicyCommand({ Bucket: 'audit-logs' }))).Policy).toBe(policy);
    await client.send(new DeleteBucketPolicyCommand({ Bucket: 'audit-logs' }));
    expect(await failureOf(client.send(new GetBucketPolicyCommand({ Bucket: 'audit-logs' })))).toMatchObject({
      name: 'NoSuchBucketPolicy',
    });
  });

  test("answers S3's errors: missing bucket, bad name, bad policy, a name another account owns", async () => {
    const sandbox = await startTestSandbox();
    const client = s3(clientConfig(sandbox, {}));
    expect(await failureOf(client.send(new HeadBucketCommand({ Bucket: 'nowhere' })))).toMatchObject({
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
    expect(await failureOf(client.send(new GetBucketPolicyCommand({ Bucket: 'nowhere' })))).toMatchObject({
      name: 'NoSuchBucket',
      BucketName: 'nowhere',
    });
    expect(await failureOf(client.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })))).toMatchObject({
      name: 'InvalidBucketName',
    });
    await client.send(new CreateBucketCommand({ Bucket: 'shared-name' }));
    expect(
      await failureOf(client.send(new PutBucketPolicyCommand({ Bucket: 'shared-name', Policy: 'not json' }))),
    ).toMatchObject({ name: 'MalformedPolicy' });

    const org = await testOrganization(sandbox, ['Dev']);
    const member = s3(await org.as(org.accounts.Dev ?? ''));
    expect(await failureOf(member.send(new CreateBucketCommand({ Bucket: 'shared-name' })))).toMatchObject({
      name: 'BucketAlreadyExists',
      $metadata: { httpStatusCode: 409 },
    });
    expect(await failureOf(member.send(new GetBucketPolicyCommand({ Bucket: 'shared-name' })))).toMatchObject({
      name: 'AccessDenied',
    });
    expect(
      await failureOf(
        client.send(
          new CreateBucketCommand({
            Bucket: 'elsewhere',
            CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
          }),
        ),
      ),
    ).toMatchObject({
      name: 'IllegalLocationConstraintException',
    });
  });
});

describe('bucket policies for service log delivery', () => {
  const state = emptyState('123456789012');
  s3State(state).buckets.logs = {
    name: 'logs',
    accountId: '111111111111',
    region: 'us-east-1',
    createdAt: new Date(0).toISOString(),
    policy: logArchiveBucketPolicy('logs', 'o-abcdefghij'),
    objects: {},
  };
  const delivery = (service: string, objectKey: string, orgId = 'o-abcdefghij', acl = 'bucket-owner-full-control') => ({
    servicePrincipal: service,
    objectKey,
    context: { 'aws:SourceOrgID': orgId, 's3:x-amz-acl': acl, 'aws:SourceAccount': '222222222222' },
  });

  test.each([
    ['CloudTrail of the organization', delivery('cloudtrail.amazonaws.com', 'AWSLogs/222222222222/CloudTrail/x'), true],
    ['Config of the organization', delivery('config.amazonaws.com', 'AWSLogs/222222222222/Config/x'), true],
    ['Config outside its Config/ folder', delivery('config.amazonaws.com', 'AWSLogs/222222222222/CloudTrail/x'), false],
    [
      'another organization',
      delivery('cloudtrail.amazonaws.com', 'AWSLogs/222222222222/CloudTrail/x', 'o-zzzzzzzzzz'),
      false,
    ],
    [
      'without bucket-owner-full-control',
      delivery('cloudtrail.amazonaws.com', 'AWSLogs/222222222222/CloudTrail/x', 'o-abcdefghij', 'private'),
      false,
    ],
    ['a service the policy does not name', delivery('delivery.logs.amazonaws.com', 'AWSLogs/222222222222/x'), false],
  ])('%s', (_label, request, allowed) => {
    expect(bucketAcceptsServiceLogs(state, 'logs', request)).toBe(allowed);
  });
});
