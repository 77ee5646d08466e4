import { DescribeTrailsCommand, CloudTrailClient, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { clientConfig, failureOf, startTestSandbox, type Credentials } from './helpers.js';
import { testOrganization, type TestOrganization } from './fixtures/member-accounts.js';
import type { RunningSandbox } from '../src/index.js';

const trustAccount = (accountId: string, condition?: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });

/** Creates a role in the account (as its administrator) with the given managed and inline policies. */
async function roleIn(
  org: TestOrganization,
  accountId: string,
  name: string,
  options: { trust: string; managed?: string[]; inline?: Record<string, unknown> },
): Promise<string> {
  const iam = new IAMClient(await org.as(accountId));
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: options.trust }));
  for (const arn of options.managed ?? [])
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: arn }));
  for (const [policyName, document] of Object.entries(options.inline ?? {}))
    await iam.send(
      new PutRolePolicyCommand({ RoleName: name, PolicyName: policyName, PolicyDocument: JSON.stringify(document) }),
    );
  return Role?.Arn ?? '';
}

async function session(
  sandbox: RunningSandbox,
  from: Credentials | undefined,
  roleArn: string,
  extra: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {},
): Promise<Credentials> {
  const sts = new STSClient(clientConfig(sandbox, { credentials: from }));
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'test', ...extra }),
  );
  return {
    accessKeyId: Credentials?.AccessKeyId ?? '',
    secretAccessKey: Credentials?.SecretAccessKey ?? '',
    sessionToken: Credentials?.SessionToken ?? '',
  };
}

describe('sandbox authorization: identity policies, trust policies and resource policies', () => {
  it("a role may do what its policies allow and nothing else, in AWS's words", async () => {
    const sandbox = await startTestSandbox();
    const org = await testOrganization(sandbox, ['Dev']);
    const dev = org.accounts.Dev as string;
    const bare = await roleIn(org, dev, 'Bare', { trust: trustAccount(dev) });
    const audit = await roleIn(org, dev, 'Audit', {
      trust: trustAccount(dev),
      managed: ['arn:aws:iam::aws:policy/SecurityAudit', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    });
    const guarded = await roleIn(org, dev, 'Guarded', {
      trust: trustAccount(dev),
      managed: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      inline: {
        NoTrailChanges: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' }],
        },
      },
    });
    const admin = (await org.as(dev)).credentials;

    const bareEc2 = new EC2Client(clientConfig(sandbox, { credentials: await session(sandbox, admin, bare) }));
    expect(await failureOf(bareEc2.send(new DescribeVpcsCommand({})))).toMatchObject({
      name: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringMatching(
        /not authorized to perform: ec2:DescribeVpcs because no identity-based policy allows the ec2:DescribeVpcs action$/,
      ),
    });

    const auditCredentials = await session(sandbox, admin, audit);
    const auditEc2 = new EC2Client(clientConfig(sandbox, { credentials: auditCredentials }));
    expect((await auditEc2.send(new DescribeVpcsCommand({}))).Vpcs).toBeDefined();
    expect(await failureOf(auditEc2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' })))).toMatchObject({
      name: 'UnauthorizedOperation',
    });
    const auditTrail = new CloudTrailClient(clientConfig(sandbox, { credentials: auditCredentials }));
    expect((await auditTrail.send(new DescribeTrailsCommand({}))).trailList).toEqual([]);

    const guardedTrail = new CloudTrailClient(
      clientConfig(sandbox, { credentials: await session(sandbox, admin, guarded) }),
    );
    expect(await failureOf(guardedTrail.send(new StopLoggingCommand({ Name: 'any' })))).toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('with an explicit deny in an identity-based policy'),
    });
  });

  it("AssumeRole follows the trust policy: MFA, external id, organization, and the caller's own permissions", async () => {
    const sandbox = await startTestSandbox();
    const org = await testOrganization(sandbox, ['Dev', 'Security']);
    const dev = org.accounts.Dev as string;
    const security = org.accounts.Security as string;
    const admin = (await org.as(security)).credentials;
    const mfaRole = await roleIn(org, dev, 'BreakGlass', {
      trust: trustAccount(security, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      managed: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    });
    const denied = await failureOf(session(sandbox, admin, mfaRole));
    expect(denied).toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: `User: arn:aws:sts::${security}:assumed-role/OrganizationAccountAccessRole/test is not authorized to perform: sts:AssumeRole on resource: ${mfaRole}`,
    });
    await expect(
      session(sandbox, admin, mfaRole, { SerialNumber: `arn:aws:iam::${security}:mfa/alice`, TokenCode: '123456' }),
    ).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) });

    const external = await roleIn(org, dev, 'Vendor', {
      trust: trustAccount(security, { StringEquals: { 'sts:ExternalId': 'x-42' } }),
    });
    expect(await failureOf(session(sandbox, admin, external, { ExternalId: 'wrong' }))).toMatchObject({
      name: 'AccessDenied',
    });
    await expect(session(sandbox, admin, external, { ExternalId: 'x-42' })).resolves.toBeDefined();

    const orgOnly = await roleIn(org, dev, 'OrgOnly', {
      trust: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': org.organizationId } },
          },
        ],
      }),
    });
    await expect(session(sandbox, admin, orgOnly)).resolves.toBeDefined();

    // Trusting the account is not enough: the caller's own policies must allow sts:AssumeRole too.
    const bare = await roleIn(org, security, 'BareCaller', { trust: trustAccount(security) });
    const bareSession = await session(sandbox, admin, bare);
    const target = await roleIn(org, dev, 'Target', { trust: trustAccount(security) });
    expect(await failureOf(session(sandbox, bareSession, target))).toMatchObject({ name: 'AccessDenied' });
  });

  it("another account's bucket is reachable only through its bucket policy, for the management account too", async () => {
    const sandbox = await startTestSandbox();
    const org = await testOrganization(sandbox, ['Log Archive', 'Dev']);
    const archive = new S3Client({ ...(await org.as(org.accounts['Log Archive'] as string)), forcePathStyle: true });
    const dev = new S3Client({ ...(await org.as(org.accounts.Dev as string)), forcePathStyle: true });
    const management = new S3Client({ ...clientConfig(sandbox, {}), forcePathStyle: true });
    await archive.send(new CreateBucketCommand({ Bucket: 'central-logs' }));
    const put = (client: S3Client) =>
      client.send(new PutObjectCommand({ Bucket: 'central-logs', Key: 'a.txt', Body: 'x' }));
    expect(await failureOf(put(dev))).toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('because no resource-based policy allows the s3:PutObject action'),
    });
    expect(await failureOf(put(management))).toMatchObject({ name: 'AccessDenied' });
    await archive.send(
      new PutBucketPolicyCommand({
        Bucket: 'central-logs',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${org.accounts.Dev}:root` },
              Action: 's3:PutObject',
              Resource: 'arn:aws:s3:::central-logs/*',
            },
          ],
        }),
      }),
    );
    await expect(put(dev)).resolves.toBeDefined();
    expect(await failureOf(put(management))).toMatchObject({ name: 'AccessDenied' });
  });
});
