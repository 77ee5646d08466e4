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
import { GetParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
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

  it('lists a hierarchy one level deep (or all of it with Recursive), a page of at most 10 at a time', async () => {
    const sandbox = await startTestSandbox();
    const ssm = new SSMClient(clientConfig(sandbox, {}));
    for (const name of ['/lease/org/g2', '/lease/org/g1', '/lease/org/deeper/x', '/lease/other'])
      await ssm.send(new PutParameterCommand({ Name: name, Value: name, Type: 'String' }));
    const names = async (input: { Path: string; Recursive?: boolean; MaxResults?: number }) => {
      const found: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await ssm.send(new GetParametersByPathCommand({ ...input, NextToken }));
        found.push(...(page.Parameters ?? []).map((parameter) => parameter.Name ?? ''));
        NextToken = page.NextToken;
      } while (NextToken);
      return found;
    };
    expect(await names({ Path: '/lease/org' })).toEqual(['/lease/org/g1', '/lease/org/g2']);
    expect(await names({ Path: '/lease/org/', MaxResults: 1 })).toEqual(['/lease/org/g1', '/lease/org/g2']);
    expect(await names({ Path: '/lease', Recursive: true })).toEqual([
      '/lease/org/deeper/x',
      '/lease/org/g1',
      '/lease/org/g2',
      '/lease/other',
    ]);
    const [first] = (await ssm.send(new GetParametersByPathCommand({ Path: '/lease/org' }))).Parameters ?? [];
    expect(first).toEqual({
      Name: '/lease/org/g1',
      Type: 'String',
      Value: '/lease/org/g1',
      Version: 1,
      LastModifiedDate: expect.any(Date),
      ARN: expect.stringMatching(/^arn:aws:ssm:us-east-1:\d{12}:parameter\/lease\/org\/g1$/),
      DataType: 'text',
    });
    expect((await failureOf(ssm.send(new GetParametersByPathCommand({ Path: 'lease' })))).name).toBe(
      'ValidationException',
    );
    expect((await failureOf(ssm.send(new GetParametersByPathCommand({ Path: '/lease', MaxResults: 11 })))).name).toBe(
      'ValidationException',
    );
  });

  it('takes tags when creating a parameter, and refuses them with Overwrite', async () => {
    const sandbox = await startTestSandbox();
    const ssm = new SSMClient(clientConfig(sandbox, {}));
    const tags = [{ Key: 'awsarch:managed', Value: 'true' }];
    await ssm.send(new PutParameterCommand({ Name: '/tagged', Value: '1', Type: 'String', Tags: tags }));
    const error = await failureOf(
      ssm.send(new PutParameterCommand({ Name: '/tagged', Value: '2', Overwrite: true, Tags: tags })),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/tags and overwrite can't be used together/);
  });
});
