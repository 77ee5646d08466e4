import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  LeaveOrganizationCommand,
  ListAccountsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  UpdatePolicyCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { describe, expect, test } from 'vitest';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID } from '../src/index.js';
import { assumeMemberRole, attachScp, DENY_LEAVING, organizationWithMember } from './fixtures/scp-organization.js';
import { failureOf, organizationsClient, startTestSandbox, stsClient } from './helpers.js';

const SCP = 'SERVICE_CONTROL_POLICY' as const;

async function attachedNames(client: OrganizationsClient, targetId: string): Promise<string[]> {
  const { Policies = [] } = await client.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: SCP }));
  return Policies.map((policy) => policy.Name ?? '');
}

async function createScp(client: OrganizationsClient, name: string, content: unknown = DENY_LEAVING) {
  const { Policy } = await client.send(
    new CreatePolicyCommand({
      Name: name,
      Description: `${name} guardrail`,
      Type: SCP,
      Content: typeof content === 'string' ? content : JSON.stringify(content),
    }),
  );
  return Policy?.PolicySummary?.Id ?? '';
}

describe('policy types', () => {
  test('EnablePolicyType attaches FullAWSAccess to the root, every OU and every account; new ones get it too', async () => {
    const client = organizationsClient(await startTestSandbox());
    const org = await organizationWithMember(client, { enableScps: false });
    expect((await client.send(new ListRootsCommand({}))).Roots?.[0]?.PolicyTypes).toEqual([]);
    const enabled = await client.send(new EnablePolicyTypeCommand({ RootId: org.rootId, PolicyType: SCP }));
    expect(enabled.Root?.PolicyTypes).toEqual([{ Type: SCP, Status: 'ENABLED' }]);
    expect((await client.send(new ListRootsCommand({}))).Roots?.[0]?.PolicyTypes).toEqual([
      { Type: SCP, Status: 'ENABLED' },
    ]);
    for (const target of [org.rootId, org.workloadsOuId, org.memberAccountId, SANDBOX_MANAGEMENT_ACCOUNT_ID]) {
      expect(await attachedNames(client, target)).toEqual(['FullAWSAccess']);
    }
    const { OrganizationalUnit } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: org.rootId, Name: 'Sandbox' }),
    );
    expect(await attachedNames(client, OrganizationalUnit?.Id ?? '')).toEqual(['FullAWSAccess']);
    await client.send(new CreateAccountCommand({ AccountName: 'Late', Email: 'late@example.com' }));
    const late = (await client.send(new ListAccountsCommand({}))).Accounts?.find((account) => account.Name === 'Late');
    expect(await attachedNames(client, late?.Id ?? '')).toEqual(['FullAWSAccess']);

    const again = await failureOf(client.send(new EnablePolicyTypeCommand({ RootId: org.rootId, PolicyType: SCP })));
    expect(again.name).toBe('PolicyTypeAlreadyEnabledException');
  });

  test('DisablePolicyType detaches every SCP; enabling again starts from FullAWSAccess', async () => {
    const client = organizationsClient(await startTestSandbox());
    const org = await organizationWithMember(client);
    await attachScp(client, 'DenyLeaving', DENY_LEAVING, org.workloadsOuId);
    await client.send(new DisablePolicyTypeCommand({ RootId: org.rootId, PolicyType: SCP }));
    expect((await client.send(new ListRootsCommand({}))).Roots?.[0]?.PolicyTypes).toEqual([]);
    expect(await attachedNames(client, org.workloadsOuId)).toEqual([]);
    expect(
      (await failureOf(client.send(new DisablePolicyTypeCommand({ RootId: org.rootId, PolicyType: SCP })))).name,
    ).toBe('PolicyTypeNotEnabledException');
    await client.send(new EnablePolicyTypeCommand({ RootId: org.rootId, PolicyType: SCP }));
    expect(await attachedNames(client, org.workloadsOuId)).toEqual(['FullAWSAccess']);
  });

  test('an unknown root is RootNotFoundException; consolidated billing cannot use SCPs', async () => {
    const client = organizationsClient(await startTestSandbox());
    await client.send(new CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }));
    const rootId = (await client.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
    expect(
      (await failureOf(client.send(new EnablePolicyTypeCommand({ RootId: 'r-zzzz', PolicyType: SCP })))).name,
    ).toBe('RootNotFoundException');
    expect((await failureOf(client.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP })))).name).toBe(
      'PolicyTypeNotAvailableForOrganizationException',
    );
  });
});

describe('policies', () => {
  test('CreatePolicy returns the summary and content with AWS ARN shapes; Describe, List and tags agree', async () => {
    const client = organizationsClient(await startTestSandbox());
    const org = await organizationWithMember(client);
    const { Policy } = await client.send(
      new CreatePolicyCommand({
        Name: 'DenyLeaving',
        Description: 'no leaving',
        Type: SCP,
        Content: JSON.stringify(DENY_LEAVING),
        Tags: [{ Key: 'awsarch:managed', Value: 'true' }],
      }),
    );
    const id = Policy?.PolicySummary?.Id ?? '';
    expect(id).toMatch(/^p-[a-z0-9]{8}$/);
    expect(Policy?.PolicySummary).toEqual({
      Id: id,
      Arn: `arn:aws:organizations::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:policy/${org.organizationId}/service_control_policy/${id}`,
      Name: 'DenyLeaving',
      Description: 'no leaving',
      Type: SCP,
      AwsManaged: false,
    });
    expect((await client.send(new DescribePolicyCommand({ PolicyId: id }))).Policy).toEqual(Policy);
    const { Policies = [] } = await client.send(new ListPoliciesCommand({ Filter: SCP }));
    expect(Policies.map((policy) => [policy.Name, policy.AwsManaged])).toEqual([
      ['FullAWSAccess', true],
      ['DenyLeaving', false],
    ]);
    expect(Policies[0]?.Arn).toBe('arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess');
    expect((await client.send(new ListTagsForResourceCommand({ ResourceId: id }))).Tags).toEqual([
      { Key: 'awsarch:managed', Value: 'true' },
    ]);
  });

  test('the same name is DuplicatePolicyException, also for FullAWSAccess', async () => {
    const client = organizationsClient(await startTestSandbox());
    await organizationWithMember(client);
    await createScp(client, 'Guard');
    const duplicate = await failureOf(createScp(client, 'Guard'));
    expect(duplicate.name).toBe('DuplicatePolicyException');
    expect(duplicate.message).toBe('A policy with the same name already exists.');
    expect((await failureOf(createScp(client, 'FullAWSAccess'))).name).toBe('DuplicatePolicyException');
  });

  test.each([
    [
      'a Principal element',
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] },
      /Principal is not supported/,
    ],
    ['invalid JSON', '{"Version": "2012-10-17", "Statement": [', /invalid JSON/],
    [
      'a wrong Effect',
      { Version: '2012-10-17', Statement: [{ Effect: 'deny', Action: '*', Resource: '*' }] },
      /Effect must be/,
    ],
    ['no Version', { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }, /Version is missing/],
  ])('%s is MalformedPolicyDocumentException', async (_label, content, detail) => {
    const client = organizationsClient(await startTestSandbox());
    await organizationWithMember(client);
    const error = await failureOf(createScp(client, 'Broken', content));
    expect(error.name).toBe('MalformedPolicyDocumentException');
    expect(error.message).toMatch(
      /^The provided policy document doesn't meet the requirements of the specified policy type\./,
    );
    expect(error.message).toMatch(detail);
  });

  test('content over 5,120 characters (white space counted, as stored) is ConstraintViolationException POLICY_CONTENT_LIMIT_EXCEEDED', async () => {
    const client = organizationsClient(await startTestSandbox());
    await organizationWithMember(client);
    const padded = JSON.stringify(DENY_LEAVING, null, 2).replace('{', `{${' '.repeat(5200)}`);
    const error = await failureOf(createScp(client, 'Padded', padded));
    expect(error.name).toBe('ConstraintViolationException');
    expect(error.Reason).toBe('POLICY_CONTENT_LIMIT_EXCEEDED');
    await createScp(client, 'Compact', JSON.stringify(JSON.parse(padded)));
  });

  test('UpdatePolicy changes content and name; FullAWSAccess cannot be changed or deleted', async () => {
    const client = organizationsClient(await startTestSandbox());
    await organizationWithMember(client);
    const id = await createScp(client, 'Guard');
    const updated = await client.send(
      new UpdatePolicyCommand({
        PolicyId: id,
        Name: 'Guard2',
        Content: JSON.stringify({ ...DENY_LEAVING, Statement: [{ ...DENY_LEAVING.Statement[0], Sid: 'Other' }] }),
      }),
    );
    expect(updated.Policy?.PolicySummary?.Name).toBe('Guard2');
    expect(updated.Policy?.Content).toContain('"Other"');
    expect(
      (await failureOf(client.send(new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Description: 'x' })))).name,
    ).toBe('AccessDeniedException');
    expect((await failureOf(client.send(new DeletePolicyCommand({ PolicyId: 'p-FullAWSAccess' })))).name).toBe(
      'AccessDeniedException',
    );
    expect((await failureOf(client.send(new DescribePolicyCommand({ PolicyId: 'p-doesnotexist' })))).name).toBe(
      'PolicyNotFoundException',
    );
    const badId = await failureOf(client.send(new DescribePolicyCommand({ PolicyId: 'nope' })));
    expect([badId.name, badId.Reason]).toEqual(['InvalidInputException', 'INVALID_SYNTAX_POLICY_ID']);
  });

  test('only the management account manages policies', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    const org = await organizationWithMember(client);
    const member = organizationsClient(sandbox, {
      credentials: await assumeMemberRole(stsClient(sandbox), org.memberAccountId),
    });
    expect((await failureOf(createScp(member, 'Mine'))).name).toBe('AccessDeniedException');
    expect((await failureOf(member.send(new ListPoliciesCommand({ Filter: SCP })))).name).toBe('AccessDeniedException');
  });

  test('a policy type the sandbox does not implement says so', async () => {
    const client = organizationsClient(await startTestSandbox());
    await organizationWithMember(client);
    const error = await failureOf(client.send(new ListPoliciesCommand({ Filter: 'TAG_POLICY' })));
    expect(error.name).toBe('PolicyTypeNotAvailableForOrganizationException');
    expect(error.message).toMatch(/implements only SERVICE_CONTROL_POLICY/);
  });
});

describe('attachments', () => {
  test('AttachPolicy before SCPs are enabled is PolicyTypeNotEnabledException', async () => {
    const client = organizationsClient(await startTestSandbox());
    const org = await organizationWithMember(client, { enableScps: false });
    const id = await createScp(client, 'Guard');
    const error = await failureOf(client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: org.workloadsOuId })));
    expect(error.name).toBe('PolicyTypeNotEnabledException');
  });

  test('attach, list both ways, duplicate attach, detach, detach again', async () => {
    const client = organizationsClient(await startTestSandbox());
    const org = await organizationWithMember(client);
    const id = await attachScp(client, 'Guard', DENY_LEAVING, org.workloadsOuId);
    expect(await attachedNames(client, org.workloadsOuId)).toEqual(['FullAWSAccess', 'Guard']);
    const { Targets } = await client.send(new ListTargetsForPolicyCommand({ PolicyId: id }));
    expect(Targets).toEqual([
      {
        TargetId: org.workloadsOuId,
        Arn: expect.stringMatching(/:ou\/o-/),
        Name: 'Workloads',
        Type: 'ORGANIZATIONAL_UNIT',
      },
    ]);
    const duplicate = await failureOf(
      client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: org.workloadsOuId })),
    );
    expect(duplicate.name).toBe('DuplicatePolicyAttachmentException');
    expect((await failureOf(client.send(new DeletePolicyCommand({ PolicyId: id })))).name).toBe('PolicyInUseException');
    await client.send(new DetachPolicyCommand({ PolicyId: id, TargetId: org.workloadsOuId }));
    const notAttached = await failureOf(
      client.send(new DetachPolicyCommand({ PolicyId: id, TargetId: org.workloadsOuId })),
    );
    expect(notAttached.name).toBe('PolicyNotAttachedException');
    await client.send(new DeletePolicyCommand({ PolicyId: id }));
  });

  test('a sixth SCP on a target is ConstraintViolationException MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED', async () => {
    const client = organizationsClient(await startTestSandbox());
    const org = await organizationWithMember(client);
    for (let i = 1; i <= 4; i++) await attachScp(client, `Guard${i}`, DENY_LEAVING, org.workloadsOuId);
    const sixth = await createScp(client, 'Guard5');
    const error = await failureOf(
      client.send(new AttachPolicyCommand({ PolicyId: sixth, TargetId: org.workloadsOuId })),
    );
    expect(error.name).toBe('ConstraintViolationException');
    expect(error.Reason).toBe('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    expect(await attachedNames(client, org.workloadsOuId)).toHaveLength(5);
  });

  test('detaching the last SCP is ConstraintViolationException MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED', async () => {
    const client = organizationsClient(await startTestSandbox());
    const org = await organizationWithMember(client);
    const error = await failureOf(
      client.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: org.memberAccountId })),
    );
    expect(error.name).toBe('ConstraintViolationException');
    expect(error.Reason).toBe('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
  });

  test('unknown targets and malformed target ids', async () => {
    const client = organizationsClient(await startTestSandbox());
    await organizationWithMember(client);
    const id = await createScp(client, 'Guard');
    expect(
      (await failureOf(client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: '999999999999' })))).name,
    ).toBe('TargetNotFoundException');
    const malformed = await failureOf(client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: 'nowhere' })));
    expect([malformed.name, malformed.Reason]).toEqual(['InvalidInputException', 'INVALID_PATTERN_TARGET_ID']);
  });
});

describe('LeaveOrganization', () => {
  test('the management account cannot leave; a new member account is in its waiting period', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    const org = await organizationWithMember(client, { enableScps: false });
    expect((await failureOf(client.send(new LeaveOrganizationCommand({})))).name).toBe(
      'MasterCannotLeaveOrganizationException',
    );
    const member = organizationsClient(sandbox, {
      credentials: await assumeMemberRole(stsClient(sandbox), org.memberAccountId),
    });
    const error = await failureOf(member.send(new LeaveOrganizationCommand({})));
    expect([error.name, error.Reason]).toEqual(['ConstraintViolationException', 'WAIT_PERIOD_ACTIVE']);
  });
});
