import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import {
  clientConfig,
  failureOf,
  organizationsClient,
  startTestSandbox,
  stsClient,
  type Credentials,
} from './helpers.js';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
} from '@aws-sdk/client-organizations';

const s3 = (sandbox: { endpoint: string }, credentials?: Credentials) =>
  new S3Client({ ...clientConfig(sandbox, { credentials }), forcePathStyle: true });

/** Credentials in a new member account, through its OrganizationAccountAccessRole. */
async function memberCredentials(sandbox: { endpoint: string }): Promise<Credentials> {
  const organizations = organizationsClient(sandbox);
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const request = await organizations.send(
    new CreateAccountCommand({ AccountName: 'Member', Email: 'member@example.com' }),
  );
  const status = await organizations.send(
    new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request.CreateAccountStatus?.Id }),
  );
  const role = await stsClient(sandbox).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${status.CreateAccountStatus?.AccountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'test',
    }),
  );
  return {
    accessKeyId: role.Credentials?.AccessKeyId ?? '',
    secretAccessKey: role.Credentials?.SecretAccessKey ?? '',
    sessionToken: role.Credentials?.SessionToken,
  };
}

describe('sandbox S3 (restXml, path-style)', () => {
  it('stores and serves objects byte for byte, lists them by prefix with pagination, and reports location and encryption', async () => {
    const sandbox = await startTestSandbox();
    const client = s3(sandbox);
    await client.send(new CreateBucketCommand({ Bucket: 'assets-bucket' }));
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, index) => index % 256));
    const put = await client.send(
      new PutObjectCommand({
        Bucket: 'assets-bucket',
        Key: 'dir/a.zip',
        Body: bytes,
        ContentType: 'application/zip',
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    for (const key of ['dir/b.json', 'dir/c.json', 'other.txt'])
      await client.send(new PutObjectCommand({ Bucket: 'assets-bucket', Key: key, Body: key }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'assets-bucket', Key: 'dir/a.zip' }));
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? [])).toEqual(bytes);
    expect(got.ContentType).toBe('application/zip');
    expect(
      (await client.send(new HeadObjectCommand({ Bucket: 'assets-bucket', Key: 'dir/a.zip' }))).ContentLength,
    ).toBe(300);
    const first = await client.send(new ListObjectsV2Command({ Bucket: 'assets-bucket', Prefix: 'dir/', MaxKeys: 2 }));
    expect([first.KeyCount, first.IsTruncated, first.Contents?.map((object) => object.Key)]).toEqual([
      2,
      true,
      ['dir/a.zip', 'dir/b.json'],
    ]);
    const second = await client.send(
      new ListObjectsV2Command({
        Bucket: 'assets-bucket',
        Prefix: 'dir/',
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second.Contents?.map((object) => object.Key)).toEqual(['dir/c.json']);
    expect(
      (await client.send(new GetBucketLocationCommand({ Bucket: 'assets-bucket' }))).LocationConstraint,
    ).toBeUndefined();
    expect((await failureOf(client.send(new GetBucketEncryptionCommand({ Bucket: 'assets-bucket' })))).name).toBe(
      'ServerSideEncryptionConfigurationNotFoundError',
    );
  });

  it("answers with S3 errors: no such bucket or key, a taken name, another account's bucket", async () => {
    const sandbox = await startTestSandbox();
    const client = s3(sandbox);
    expect((await failureOf(client.send(new GetObjectCommand({ Bucket: 'nope', Key: 'x' })))).name).toBe(
      'NoSuchBucket',
    );
    await client.send(new CreateBucketCommand({ Bucket: 'mine' }));
    expect((await failureOf(client.send(new GetObjectCommand({ Bucket: 'mine', Key: 'x' })))).name).toBe('NoSuchKey');
    expect((await failureOf(client.send(new HeadObjectCommand({ Bucket: 'mine', Key: 'x' })))).name).toBe('NotFound');
    // In us-east-1 S3 answers 200 to re-creating your own bucket (legacy behaviour); other regions refuse.
    expect((await client.send(new CreateBucketCommand({ Bucket: 'mine' }))).Location).toBe('/mine');
    const member = s3(sandbox, await memberCredentials(sandbox));
    expect((await failureOf(member.send(new CreateBucketCommand({ Bucket: 'mine' })))).name).toBe(
      'BucketAlreadyExists',
    );
    expect((await failureOf(member.send(new PutObjectCommand({ Bucket: 'mine', Key: 'x', Body: 'y' })))).name).toBe(
      'AccessDenied',
    );
  });
});

describe('sandbox SSM Parameter Store', () => {
  it('puts, overwrites and gets parameters per account, with ParameterNotFound and ParameterAlreadyExists', async () => {
    const sandbox = await startTestSandbox();
    const ssm = new SSMClient(clientConfig(sandbox, {}));
    expect(
      (await ssm.send(new PutParameterCommand({ Name: '/app/version', Value: '1', Type: 'String' }))).Version,
    ).toBe(1);
    expect((await failureOf(ssm.send(new PutParameterCommand({ Name: '/app/version', Value: '2' })))).name).toBe(
      'ParameterAlreadyExists',
    );
    expect(
      (await ssm.send(new PutParameterCommand({ Name: '/app/version', Value: '2', Overwrite: true }))).Version,
    ).toBe(2);
    expect((await ssm.send(new GetParameterCommand({ Name: '/app/version' }))).Parameter).toMatchObject({
      Name: '/app/version',
      Value: '2',
      Version: 2,
      Type: 'String',
    });
    const member = new SSMClient(clientConfig(sandbox, { credentials: await memberCredentials(sandbox) }));
    expect((await failureOf(member.send(new GetParameterCommand({ Name: '/app/version' })))).name).toBe(
      'ParameterNotFound',
    );
  });
});
