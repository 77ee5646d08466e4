import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, test } from 'vitest';
import { clientConfig, failureOf, startTestSandbox } from './helpers.js';
import { testOrganization } from './fixtures/member-accounts.js';

const trust = (principal: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
  });

describe('sandbox IAM roles', () => {
  test('creates a role in the member account, returns its trust policy URL-encoded, and updates it', async () => {
    const sandbox = await startTestSandbox();
    const org = await testOrganization(sandbox, ['Dev']);
    const devId = org.accounts.Dev ?? '';
    const iam = new IAMClient(await org.as(devId));
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'audit',
        AssumeRolePolicyDocument: trust('arn:aws:iam::111111111111:root'),
        Description: 'read-only audit',
        MaxSessionDuration: 7200,
      }),
    );
    expect(Role).toMatchObject({
      RoleName: 'audit',
      Arn: `arn:aws:iam::${devId}:role/audit`,
      Path: '/',
      MaxSessionDuration: 7200,
      Description: 'read-only audit',
    });
    expect(Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(Role?.CreateDate).toBeInstanceOf(Date);

    const fetched = (await iam.send(new GetRoleCommand({ RoleName: 'audit' }))).Role;
    expect(fetched?.AssumeRolePolicyDocument).toBe(encodeURIComponent(trust('arn:aws:iam::111111111111:root')));
    await iam.send(
      new UpdateAssumeRolePolicyCommand({ RoleName: 'audit', PolicyDocument: trust('arn:aws:iam::222222222222:root') }),
    );
    const updated = (await iam.send(new GetRoleCommand({ RoleName: 'audit' }))).Role;
    expect(decodeURIComponent(updated?.AssumeRolePolicyDocument ?? '')).toBe(trust('arn:aws:iam::222222222222:root'));

    // Roles are per account: the management account does not see Dev's role.
    const management = new IAMClient(clientConfig(sandbox, {}));
    expect(await failureOf(management.send(new GetRoleCommand({ RoleName: 'audit' })))).toMatchObject({
      name: 'NoSuchEntityException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  test('attaches and detaches AWS managed policies, and refuses to delete a role with policies', async () => {
    const sandbox = await startTestSandbox();
    const iam = new IAMClient(clientConfig(sandbox, {}));
    await iam.send(new CreateRoleCommand({ RoleName: 'break-glass', AssumeRolePolicyDocument: trust('123456789012') }));
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'break-glass',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'break-glass',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'break-glass' }))).AttachedPolicies).toEqual(
      [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    );
    expect(await failureOf(iam.send(new DeleteRoleCommand({ RoleName: 'break-glass' })))).toMatchObject({
      name: 'DeleteConflictException',
      $metadata: { httpStatusCode: 409 },
    });
    expect(
      await failureOf(
        iam.send(
          new AttachRolePolicyCommand({
            RoleName: 'break-glass',
            PolicyArn: 'arn:aws:iam::123456789012:policy/Missing',
          }),
        ),
      ),
    ).toMatchObject({ name: 'NoSuchEntityException' });
    await iam.send(
      new DetachRolePolicyCommand({
        RoleName: 'break-glass',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    await iam.send(new DeleteRoleCommand({ RoleName: 'break-glass' }));
    expect(await failureOf(iam.send(new GetRoleCommand({ RoleName: 'break-glass' })))).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role with name break-glass cannot be found.',
    });
  });

  test("answers IAM's errors for duplicates and malformed trust policies", async () => {
    const sandbox = await startTestSandbox();
    const iam = new IAMClient(clientConfig(sandbox, {}));
    await iam.send(new CreateRoleCommand({ RoleName: 'audit', AssumeRolePolicyDocument: trust('123456789012') }));
    expect(
      await failureOf(
        iam.send(new CreateRoleCommand({ RoleName: 'Audit', AssumeRolePolicyDocument: trust('123456789012') })),
      ),
    ).toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'Role with name Audit already exists.',
    });
    expect(
      await failureOf(iam.send(new CreateRoleCommand({ RoleName: 'x', AssumeRolePolicyDocument: '{nope' }))),
    ).toMatchObject({ name: 'MalformedPolicyDocumentException' });
    expect(
      await failureOf(
        iam.send(
          new UpdateAssumeRolePolicyCommand({
            RoleName: 'audit',
            PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }),
          }),
        ),
      ),
    ).toMatchObject({
      name: 'MalformedPolicyDocumentException',
    });
  });

  test('creates the AWS Config service-linked role once', async () => {
    const sandbox = await startTestSandbox();
    const iam = new IAMClient(clientConfig(sandbox, {}));
    const { Role } = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
    expect(Role).toMatchObject({
      RoleName: 'AWSServiceRoleForConfig',
      Path: '/aws-service-role/config.amazonaws.com/',
      Arn: 'arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
    });
    expect(
      await failureOf(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }))),
    ).toMatchObject({
      name: 'InvalidInputException',
      message:
        'Service role name AWSServiceRoleForConfig has been taken in this account, please try a different suffix.',
    });
    expect(await failureOf(iam.send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForConfig' })))).toMatchObject({
      name: 'InvalidInputException',
    });
  });
});
