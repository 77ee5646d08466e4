import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { CreateRoleCommand, GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { logArchiveBucketName } from '../../packages/aws-sandbox/src/seeds/network.js';
import { clientConfig, failureOf, startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';
import {
  buildDemoOrganization,
  cellStates,
  memberConfig,
  runDemoBaseline,
  sandboxContext,
} from './fixtures/demo-organization.js';

/** Credentials of a role session, assumed with the given caller's client configuration. */
async function assume(config: ReturnType<typeof clientConfig>, roleArn: string, mfa = false) {
  const { Credentials } = await new STSClient(config).send(
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: 'in-use',
      ...(mfa ? { SerialNumber: 'arn:aws:iam::123456789012:mfa/oncall', TokenCode: '123456' } : {}),
    }),
  );
  return {
    ...config,
    credentials: {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    },
  };
}

describe('the roles the baseline creates do their jobs in the sandbox, and no more', () => {
  it('awsarch-audit reads every baselined service from Security and changes nothing; break-glass needs MFA', async () => {
    const { stateDir, accounts } = await buildDemoOrganization();
    const sandbox = await startTestSandbox({ stateDir });
    const { ctx } = sandboxContext(sandbox);
    const applied = await runDemoBaseline(ctx, 'apply');
    expect(Object.entries(cellStates(applied)).filter(([, state]) => state === 'error')).toEqual([]);
    const dev = accounts.Dev ?? '';

    // The auditor: the Security account's administrator takes awsarch-audit in Dev.
    const security = await memberConfig(sandbox, accounts.Security ?? '');
    const audit = await assume(security, `arn:aws:iam::${dev}:role/awsarch-audit`);
    const trail = new CloudTrailClient(audit);
    const { trailList = [] } = await trail.send(new DescribeTrailsCommand({}));
    const trailArn = trailList[0]?.TrailARN ?? '';
    expect((await trail.send(new GetTrailStatusCommand({ Name: trailArn }))).IsLogging).toBe(true);
    expect(
      (await new ConfigServiceClient(audit).send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders,
    ).toHaveLength(1);
    const guardDuty = new GuardDutyClient(audit);
    const [detectorId] = (await guardDuty.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
    expect((await guardDuty.send(new GetDetectorCommand({ DetectorId: detectorId }))).Status).toBe('ENABLED');
    const ec2 = new EC2Client(audit);
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.length).toBeGreaterThan(0);
    const iam = new IAMClient(audit);
    expect((await iam.send(new GetRoleCommand({ RoleName: 'awsarch-break-glass' }))).Role?.RoleName).toBe(
      'awsarch-break-glass',
    );
    expect(
      (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'awsarch-audit' }))).AttachedPolicies,
    ).toEqual([{ PolicyName: 'SecurityAudit', PolicyArn: 'arn:aws:iam::aws:policy/SecurityAudit' }]);
    // ... and changes nothing, nor reads data.
    expect(await failureOf(trail.send(new StopLoggingCommand({ Name: trailArn })))).toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('because no identity-based policy allows the cloudtrail:StopLogging action'),
    });
    expect(await failureOf(ec2.send(new CreateVpcCommand({ CidrBlock: '10.200.0.0/16' })))).toMatchObject({
      name: 'UnauthorizedOperation',
    });
    expect(
      await failureOf(iam.send(new CreateRoleCommand({ RoleName: 'x', AssumeRolePolicyDocument: '{"Statement":[]}' }))),
    ).toMatchObject({ name: 'AccessDenied' });
    const { Organization } = await new OrganizationsClient(clientConfig(sandbox, {})).send(
      new DescribeOrganizationCommand({}),
    );
    const bucket = logArchiveBucketName(Organization?.Id ?? '');
    const archiveAdmin = new S3Client({
      ...(await memberConfig(sandbox, accounts['Log Archive'] ?? '')),
      forcePathStyle: true,
    });
    await archiveAdmin.send(new PutObjectCommand({ Bucket: bucket, Key: 'audit-probe.txt', Body: 'log line' }));
    const archiveAudit = await assume(security, `arn:aws:iam::${accounts['Log Archive']}:role/awsarch-audit`);
    const s3 = new S3Client({ ...archiveAudit, forcePathStyle: true });
    expect(await failureOf(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'audit-probe.txt' })))).toMatchObject({
      name: 'AccessDenied',
    });

    // Break-glass: the management account's administrator, only with MFA; then an administrator in Dev.
    const management = clientConfig(sandbox, {});
    const breakGlass = `arn:aws:iam::${dev}:role/awsarch-break-glass`;
    expect(await failureOf(assume(management, breakGlass))).toMatchObject({ name: 'AccessDenied' });
    const admin = await assume(management, breakGlass, true);
    await expect(
      new IAMClient(admin).send(
        new CreateRoleCommand({
          RoleName: 'incident-responder',
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${dev}:root` }, Action: 'sts:AssumeRole' }],
          }),
        }),
      ),
    ).resolves.toBeDefined();
  });
});
