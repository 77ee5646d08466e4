import { CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateDetectorCommand, DeleteDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeOrganizationCommand,
  DetachPolicyCommand,
  LeaveOrganizationCommand,
  ListPoliciesForTargetCommand,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { ec2TestService, guardDutyTestService } from './fixtures/test-services.js';
import { assumeMemberRole, attachScp, DENY_LEAVING, organizationWithMember } from './fixtures/scp-organization.js';
import {
  clientConfig,
  type Credentials,
  editSandboxState,
  failureOf,
  organizationsClient,
  startSandboxWithServices,
  startTestSandbox,
  stsClient,
  temporaryStateDir,
} from './helpers.js';

const policyArnPattern =
  /arn:aws:organizations::123456789012:policy\/o-[a-z0-9]{10}\/service_control_policy\/p-[a-z0-9]{8}$/;

/** Gives a member account another role that the management account may assume (as IAM CreateRole would). */
async function addRole(stateDir: string, accountId: string, roleName: string): Promise<void> {
  await editSandboxState(stateDir, (state) => {
    const roles = state.services.iam.accounts[accountId].roles;
    roles[roleName] = {
      ...roles.OrganizationAccountAccessRole,
      RoleName: roleName,
      RoleId: 'AROABREAKGLASS0000001',
      Arn: `arn:aws:iam::${accountId}:role/${roleName}`,
    };
  });
}

describe('SCP enforcement for member-account callers', () => {
  test('an explicit deny answers AccessDeniedException in AWS words, naming the policy', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    const org = await organizationWithMember(client);
    await attachScp(client, 'DenyLeaving', DENY_LEAVING, org.workloadsOuId);
    const member = organizationsClient(sandbox, {
      credentials: await assumeMemberRole(stsClient(sandbox), org.memberAccountId),
    });
    const error = await failureOf(member.send(new LeaveOrganizationCommand({})));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toMatch(
      new RegExp(
        `^User: arn:aws:sts::${org.memberAccountId}:assumed-role/OrganizationAccountAccessRole/test is not authorized to perform: organizations:LeaveOrganization with an explicit deny in a service control policy: ${policyArnPattern.source}`,
      ),
    );
    // Without the SCP the same call reaches the operation (and fails for its own reason).
    const policies = await client.send(
      new ListPoliciesForTargetCommand({ TargetId: org.workloadsOuId, Filter: 'SERVICE_CONTROL_POLICY' }),
    );
    await client.send(
      new DetachPolicyCommand({
        TargetId: org.workloadsOuId,
        PolicyId: policies.Policies?.find((policy) => policy.Name === 'DenyLeaving')?.Id,
      }),
    );
    expect((await failureOf(member.send(new LeaveOrganizationCommand({})))).name).toBe('ConstraintViolationException');
  });

  test('the management account is never subject to SCPs, even on the root', async () => {
    const client = organizationsClient(await startTestSandbox());
    const org = await organizationWithMember(client);
    await attachScp(client, 'DenyLeaving', DENY_LEAVING, org.rootId);
    expect((await failureOf(client.send(new LeaveOrganizationCommand({})))).name).toBe(
      'MasterCannotLeaveOrganizationException',
    );
  });

  test('an SCP on another OU does not apply; sts:GetCallerIdentity is never denied', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    const org = await organizationWithMember(client);
    const { CreateOrganizationalUnitCommand } = await import('@aws-sdk/client-organizations');
    const { OrganizationalUnit } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: org.rootId, Name: 'Elsewhere' }),
    );
    await attachScp(
      client,
      'DenyAll',
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
      OrganizationalUnit?.Id ?? '',
    );
    const credentials = await assumeMemberRole(stsClient(sandbox), org.memberAccountId);
    expect(
      (await organizationsClient(sandbox, { credentials }).send(new DescribeOrganizationCommand({}))).Organization?.Id,
    ).toBe(org.organizationId);
    await attachScp(
      client,
      'DenyEverything',
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
      org.memberAccountId,
    );
    expect((await stsClient(sandbox, { credentials }).send(new GetCallerIdentityCommand({}))).Account).toBe(
      org.memberAccountId,
    );
    expect(
      (await failureOf(organizationsClient(sandbox, { credentials }).send(new DescribeOrganizationCommand({})))).name,
    ).toBe('AccessDeniedException');
  });

  test('without an allowing SCP the denial is implicit, in AWS words', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    const org = await organizationWithMember(client);
    await attachScp(
      client,
      'AllowGuardDutyOnly',
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'guardduty:*', Resource: '*' }] },
      org.memberAccountId,
    );
    await client.send(new DetachPolicyCommand({ TargetId: org.memberAccountId, PolicyId: 'p-FullAWSAccess' }));
    const member = organizationsClient(sandbox, {
      credentials: await assumeMemberRole(stsClient(sandbox), org.memberAccountId),
    });
    const error = await failureOf(member.send(new DescribeOrganizationCommand({})));
    expect(error.message).toBe(
      `User: arn:aws:sts::${org.memberAccountId}:assumed-role/OrganizationAccountAccessRole/test is not authorized to perform: organizations:DescribeOrganization because no service control policy allows the organizations:DescribeOrganization action`,
    );
  });

  test('EC2 (ec2Query): the Region rule and a required tag, answered as UnauthorizedOperation with the resource ARN', async () => {
    const sandbox = await startSandboxWithServices([ec2TestService]);
    const client = organizationsClient(sandbox);
    const org = await organizationWithMember(client);
    await attachScp(
      client,
      'RegionsAndTags',
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Regions',
            Effect: 'Deny',
            NotAction: ['iam:*', 'sts:*', 'organizations:*'],
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } },
          },
          {
            Sid: 'OwnerTag',
            Effect: 'Deny',
            Action: 'ec2:CreateVpc',
            Resource: 'arn:aws:ec2:*:*:vpc/*',
            Condition: { Null: { 'aws:RequestTag/owner': 'true' } },
          },
        ],
      },
      org.workloadsOuId,
    );
    const credentials = await assumeMemberRole(stsClient(sandbox), org.memberAccountId);
    const ec2 = (region: string) => new EC2Client({ ...clientConfig(sandbox, { credentials }), region });
    const tagged = {
      CidrBlock: '10.0.0.0/16',
      TagSpecifications: [{ ResourceType: 'vpc' as const, Tags: [{ Key: 'owner', Value: 'team-a' }] }],
    };

    const outside = await failureOf(ec2('eu-west-3').send(new CreateVpcCommand(tagged)));
    expect(outside.name).toBe('UnauthorizedOperation');
    expect(outside.$metadata.httpStatusCode).toBe(403);
    expect(outside.message).toMatch(
      new RegExp(
        `^You are not authorized to perform this operation\\. User: arn:aws:sts::${org.memberAccountId}:assumed-role/OrganizationAccountAccessRole/test is not authorized to perform: ec2:CreateVpc on resource: arn:aws:ec2:eu-west-3:${org.memberAccountId}:vpc/\\* with an explicit deny in a service control policy: `,
      ),
    );
    const untagged = await failureOf(ec2('us-east-1').send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' })));
    expect(untagged.name).toBe('UnauthorizedOperation');
    expect((await ec2('us-east-1').send(new CreateVpcCommand(tagged))).Vpc?.VpcId).toMatch(/^vpc-/);
  });

  test('GuardDuty (restJson1): a break-glass role is spared by condition, the access role is not', async () => {
    const stateDir = await temporaryStateDir();
    const sandbox = await startSandboxWithServices([guardDutyTestService], { stateDir });
    const client = organizationsClient(sandbox);
    const org = await organizationWithMember(client);
    const detector = await new GuardDutyClient(clientConfig(sandbox, {})).send(
      new CreateDetectorCommand({ Enable: true }),
    );
    await attachScp(
      client,
      'ProtectGuardDuty',
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ProtectGuardDuty',
            Effect: 'Deny',
            Action: 'guardduty:DeleteDetector',
            Resource: '*',
            Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' } },
          },
        ],
      },
      org.rootId,
    );
    await addRole(stateDir, org.memberAccountId, 'BreakGlass');
    const guardDuty = (credentials: Credentials) => new GuardDutyClient(clientConfig(sandbox, { credentials }));
    const admin = await assumeMemberRole(stsClient(sandbox), org.memberAccountId);
    const denied = await failureOf(
      guardDuty(admin).send(new DeleteDetectorCommand({ DetectorId: detector.DetectorId })),
    );
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.$metadata.httpStatusCode).toBe(403);
    expect(denied.message).toContain(
      `on resource: arn:aws:guardduty:us-east-1:${org.memberAccountId}:detector/${detector.DetectorId} with an explicit deny`,
    );
    const breakGlass = await assumeMemberRole(stsClient(sandbox), org.memberAccountId, 'BreakGlass');
    await guardDuty(breakGlass).send(new DeleteDetectorCommand({ DetectorId: detector.DetectorId }));
  });

  test('S3 (restXml): the encryption header of a PutObject is the s3:x-amz-server-side-encryption condition key', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    const org = await organizationWithMember(client);
    await attachScp(
      client,
      'RequireSse',
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyUnencrypted',
            Effect: 'Deny',
            Action: 's3:PutObject',
            Resource: '*',
            Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
          },
        ],
      },
      org.workloadsOuId,
    );
    const s3 = new S3Client({
      ...clientConfig(sandbox, { credentials: await assumeMemberRole(stsClient(sandbox), org.memberAccountId) }),
      forcePathStyle: true,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'member-data' }));
    const denied = await failureOf(s3.send(new PutObjectCommand({ Bucket: 'member-data', Key: 'a.txt', Body: 'x' })));
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toContain('s3:PutObject on resource: arn:aws:s3:::member-data/a.txt with an explicit deny');
    expect(
      (
        await s3.send(
          new PutObjectCommand({ Bucket: 'member-data', Key: 'a.txt', Body: 'x', ServerSideEncryption: 'aws:kms' }),
        )
      ).ETag,
    ).toBeDefined();
  });

  test('before SCPs are enabled nothing is enforced', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    const org = await organizationWithMember(client, { enableScps: false });
    const member = organizationsClient(sandbox, {
      credentials: await assumeMemberRole(stsClient(sandbox), org.memberAccountId),
    });
    expect((await failureOf(member.send(new LeaveOrganizationCommand({})))).name).toBe('ConstraintViolationException');
  });
});
