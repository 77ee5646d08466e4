import {
  AWSOrganizationsNotInUseException,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { describe, expect, test } from 'vitest';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID, SANDBOX_MANAGEMENT_EMAIL } from '../src/index.js';
import { editSandboxState, failureOf, organizationsClient, startTestSandbox, temporaryStateDir } from './helpers.js';

async function organizationWithRoot(client: OrganizationsClient): Promise<{ organizationId: string; rootId: string }> {
  const { Organization } = await client.send(new CreateOrganizationCommand({}));
  const { Roots } = await client.send(new ListRootsCommand({}));
  return { organizationId: Organization?.Id ?? '', rootId: Roots?.[0]?.Id ?? '' };
}

async function createAccount(client: OrganizationsClient, name: string): Promise<string> {
  const { CreateAccountStatus } = await client.send(
    new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name }),
  );
  // createAccountMs is 0 in these tests: the next request settles the account.
  const { Accounts } = await client.send(new ListAccountsCommand({}));
  const account = Accounts?.find((candidate) => candidate.Name === name);
  expect(CreateAccountStatus?.State).toBe('IN_PROGRESS');
  return account?.Id ?? '';
}

describe('organization and root', () => {
  test('DescribeOrganization before CreateOrganization is AWSOrganizationsNotInUseException with HTTP 400', async () => {
    const client = organizationsClient(await startTestSandbox());
    const error = await failureOf(client.send(new DescribeOrganizationCommand({})));
    expect(error).toBeInstanceOf(AWSOrganizationsNotInUseException);
    expect(error.message).toBe('Your account is not a member of an organization.');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('CreateOrganization makes an ALL-features organization, a root and the management account', async () => {
    const client = organizationsClient(await startTestSandbox());
    const { Organization } = await client.send(new CreateOrganizationCommand({}));
    expect(Organization).toMatchObject({
      FeatureSet: 'ALL',
      MasterAccountId: SANDBOX_MANAGEMENT_ACCOUNT_ID,
      MasterAccountEmail: SANDBOX_MANAGEMENT_EMAIL,
    });
    expect(Organization?.Id).toMatch(/^o-[a-z0-9]{10}$/);
    expect(Organization?.Arn).toBe(
      `arn:aws:organizations::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:organization/${Organization?.Id}`,
    );
    expect(Organization?.MasterAccountArn).toBe(
      `arn:aws:organizations::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:account/${Organization?.Id}/${SANDBOX_MANAGEMENT_ACCOUNT_ID}`,
    );
    expect((await client.send(new DescribeOrganizationCommand({}))).Organization).toEqual(Organization);

    const { Roots } = await client.send(new ListRootsCommand({}));
    expect(Roots).toHaveLength(1);
    expect(Roots?.[0]?.Id).toMatch(/^r-[a-z0-9]{4}$/);
    expect(Roots?.[0]).toMatchObject({
      Name: 'Root',
      Arn: `arn:aws:organizations::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:root/${Organization?.Id}/${Roots?.[0]?.Id}`,
    });

    const { Accounts } = await client.send(new ListAccountsCommand({}));
    expect(Accounts).toEqual([
      expect.objectContaining({
        Id: SANDBOX_MANAGEMENT_ACCOUNT_ID,
        Email: SANDBOX_MANAGEMENT_EMAIL,
        Name: 'Management',
        State: 'ACTIVE',
        JoinedTimestamp: expect.any(Date),
      }),
    ]);
    const children = await client.send(new ListChildrenCommand({ ParentId: Roots?.[0]?.Id, ChildType: 'ACCOUNT' }));
    expect(children.Children).toEqual([{ Id: SANDBOX_MANAGEMENT_ACCOUNT_ID, Type: 'ACCOUNT' }]);
  });

  test('a second CreateOrganization is AlreadyInOrganizationException', async () => {
    const client = organizationsClient(await startTestSandbox());
    await client.send(new CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }));
    const error = await failureOf(client.send(new CreateOrganizationCommand({})));
    expect(error.name).toBe('AlreadyInOrganizationException');
  });

  test('an unknown FeatureSet is InvalidInputException INVALID_ENUM', async () => {
    const client = organizationsClient(await startTestSandbox());
    const error = await failureOf(client.send(new CreateOrganizationCommand({ FeatureSet: 'SOME' as 'ALL' })));
    expect(error.name).toBe('InvalidInputException');
    expect(error.Reason).toBe('INVALID_ENUM');
  });
});

describe('organizational units', () => {
  test('CreateOrganizationalUnit returns the OU with id, ARN and path; Describe and List return it too', async () => {
    const client = organizationsClient(await startTestSandbox());
    const { organizationId, rootId } = await organizationWithRoot(client);
    const { OrganizationalUnit: ou } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }),
    );
    expect(ou?.Id).toMatch(new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`));
    expect(ou?.Arn).toBe(`arn:aws:organizations::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:ou/${organizationId}/${ou?.Id}`);
    expect(ou?.Path).toBe(`${organizationId}/${rootId}/${ou?.Id}/`);
    const { OrganizationalUnit: nested } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: ou?.Id, Name: 'Prod' }),
    );
    expect(nested?.Path).toBe(`${organizationId}/${rootId}/${ou?.Id}/${nested?.Id}/`);

    expect(
      (await client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: ou?.Id }))).OrganizationalUnit,
    ).toEqual(ou);
    const listed = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }));
    expect(listed.OrganizationalUnits).toEqual([ou]);
    const children = await client.send(new ListChildrenCommand({ ParentId: ou?.Id, ChildType: 'ORGANIZATIONAL_UNIT' }));
    expect(children.Children).toEqual([{ Id: nested?.Id, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect((await client.send(new ListParentsCommand({ ChildId: nested?.Id }))).Parents).toEqual([
      { Id: ou?.Id, Type: 'ORGANIZATIONAL_UNIT' },
    ]);
    expect((await client.send(new ListParentsCommand({ ChildId: ou?.Id }))).Parents).toEqual([
      { Id: rootId, Type: 'ROOT' },
    ]);
  });

  test('the same name under the same parent is DuplicateOrganizationalUnitException; under another parent it is fine', async () => {
    const client = organizationsClient(await startTestSandbox());
    const { rootId } = await organizationWithRoot(client);
    const { OrganizationalUnit: first } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Security' }),
    );
    const error = await failureOf(
      client.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Security' })),
    );
    expect(error.name).toBe('DuplicateOrganizationalUnitException');
    expect(error.message).toBe('An OU with the same name already exists.');
    await client.send(new CreateOrganizationalUnitCommand({ ParentId: first?.Id, Name: 'Security' }));
  });

  test('a sixth level of OUs is ConstraintViolationException OU_DEPTH_LIMIT_EXCEEDED', async () => {
    const client = organizationsClient(await startTestSandbox());
    let { rootId: parentId } = await organizationWithRoot(client);
    for (let depth = 1; depth <= 5; depth++) {
      const { OrganizationalUnit } = await client.send(
        new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: `Level${depth}` }),
      );
      parentId = OrganizationalUnit?.Id ?? '';
    }
    const error = await failureOf(
      client.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: 'Level6' })),
    );
    expect(error.name).toBe('ConstraintViolationException');
    expect(error.Reason).toBe('OU_DEPTH_LIMIT_EXCEEDED');
  });

  test('the 1001st OU of an organization is ConstraintViolationException OU_NUMBER_LIMIT_EXCEEDED', async () => {
    const stateDir = await temporaryStateDir();
    const first = await startTestSandbox({ stateDir });
    const { organizationId, rootId } = await organizationWithRoot(organizationsClient(first));
    await first.close();
    // 1000 OUs through the API would be slow; write them the way the sandbox stores them.
    await editSandboxState(stateDir, (state) => {
      const organizations = state.services.organizations;
      for (let i = 0; i < 1000; i++) {
        const id = `ou-${rootId.slice(2)}-${String(i).padStart(8, '0')}`;
        organizations.sequence += 1;
        organizations.organizationalUnits[id] = {
          Id: id,
          Arn: `arn:aws:organizations::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:ou/${organizationId}/${id}`,
          Name: `ou${i}`,
          ParentId: rootId,
          Sequence: organizations.sequence,
        };
      }
    });
    const client = organizationsClient(await startTestSandbox({ stateDir }));
    const error = await failureOf(
      client.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'one-too-many' })),
    );
    expect(error.name).toBe('ConstraintViolationException');
    expect(error.Reason).toBe('OU_NUMBER_LIMIT_EXCEEDED');
  });

  test('unknown and malformed ids get the not-found and InvalidInputException errors', async () => {
    const client = organizationsClient(await startTestSandbox());
    const { rootId } = await organizationWithRoot(client);
    const missingOu = `ou-${rootId.slice(2)}-zzzzzzzz`;
    expect(
      (await failureOf(client.send(new CreateOrganizationalUnitCommand({ ParentId: missingOu, Name: 'X' })))).name,
    ).toBe('ParentNotFoundException');
    expect(
      (await failureOf(client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: missingOu })))).name,
    ).toBe('OrganizationalUnitNotFoundException');
    expect(
      (await failureOf(client.send(new ListChildrenCommand({ ParentId: 'r-zzzz', ChildType: 'ACCOUNT' })))).name,
    ).toBe('ParentNotFoundException');
    expect((await failureOf(client.send(new ListParentsCommand({ ChildId: '999999999999' })))).name).toBe(
      'ChildNotFoundException',
    );
    const malformed = await failureOf(
      client.send(new CreateOrganizationalUnitCommand({ ParentId: 'not-an-id', Name: 'X' })),
    );
    expect(malformed.name).toBe('InvalidInputException');
    expect(malformed.Reason).toBe('INVALID_PATTERN');
    const missingName = await failureOf(
      client.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: undefined as unknown as string })),
    );
    expect(missingName.Reason).toBe('INPUT_REQUIRED');
    const badChildType = await failureOf(
      client.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'POLICY' as 'ACCOUNT' })),
    );
    expect(badChildType.Reason).toBe('INVALID_ENUM');
  });
});

describe('accounts', () => {
  test('DescribeAccount, ListAccountsForParent and MoveAccount between root and OU', async () => {
    const client = organizationsClient(await startTestSandbox());
    const { rootId } = await organizationWithRoot(client);
    const accountId = await createAccount(client, 'workload');
    expect(accountId).toMatch(/^\d{12}$/);
    const { Account } = await client.send(new DescribeAccountCommand({ AccountId: accountId }));
    expect(Account).toMatchObject({
      Id: accountId,
      Name: 'workload',
      Email: 'workload@example.com',
      JoinedMethod: 'CREATED',
      State: 'ACTIVE',
    });
    const { OrganizationalUnit } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }),
    );
    const ouId = OrganizationalUnit?.Id ?? '';

    await client.send(
      new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: ouId }),
    );
    expect((await client.send(new ListParentsCommand({ ChildId: accountId }))).Parents).toEqual([
      { Id: ouId, Type: 'ORGANIZATIONAL_UNIT' },
    ]);
    expect(
      (await client.send(new ListAccountsForParentCommand({ ParentId: ouId }))).Accounts?.map((a) => a.Id),
    ).toEqual([accountId]);
    expect(
      (await client.send(new ListAccountsForParentCommand({ ParentId: rootId }))).Accounts?.map((a) => a.Id),
    ).toEqual([SANDBOX_MANAGEMENT_ACCOUNT_ID]);
  });

  test('MoveAccount errors: unknown account, source, destination, and a move to where the account already is', async () => {
    const client = organizationsClient(await startTestSandbox());
    const { rootId } = await organizationWithRoot(client);
    const accountId = await createAccount(client, 'mover');
    const { OrganizationalUnit } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Target' }),
    );
    const ouId = OrganizationalUnit?.Id ?? '';
    const missingOu = `ou-${rootId.slice(2)}-zzzzzzzz`;
    const move = (AccountId: string, SourceParentId: string, DestinationParentId: string) =>
      failureOf(client.send(new MoveAccountCommand({ AccountId, SourceParentId, DestinationParentId })));
    expect((await move('111111111111', rootId, ouId)).name).toBe('AccountNotFoundException');
    expect((await move(accountId, missingOu, ouId)).name).toBe('SourceParentNotFoundException');
    expect((await move(accountId, rootId, missingOu)).name).toBe('DestinationParentNotFoundException');
    const duplicate = await move(accountId, rootId, rootId);
    expect(duplicate.name).toBe('DuplicateAccountException');
    expect(duplicate.$metadata.httpStatusCode).toBe(400);
  });

  test('DescribeAccount of an unknown account is AccountNotFoundException', async () => {
    const client = organizationsClient(await startTestSandbox());
    await organizationWithRoot(client);
    const error = await failureOf(client.send(new DescribeAccountCommand({ AccountId: '111122223333' })));
    expect(error.name).toBe('AccountNotFoundException');
    expect(error.message).toBe("You specified an account that doesn't exist.");
  });

  test('management-only operations need an organization first', async () => {
    const client = organizationsClient(await startTestSandbox());
    for (const command of [
      new ListAccountsCommand({}),
      new ListRootsCommand({}),
      new CreateAccountCommand({ Email: 'a@example.com', AccountName: 'a' }),
    ]) {
      expect(await failureOf(client.send(command as never))).toBeInstanceOf(AWSOrganizationsNotInUseException);
    }
  });
});
