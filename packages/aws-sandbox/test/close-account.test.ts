import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DeleteOrganizationalUnitCommand,
  DescribeAccountCommand,
  ListAccountsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { closeAccountQuota } from '../src/services/organizations/close-account.js';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID } from '../src/index.js';
import { failureOf, organizationsClient, startTestSandbox, stsClient, waitFor } from './helpers.js';

async function organizationWithAccounts(client: OrganizationsClient, names: string[]) {
  await client.send(new CreateOrganizationCommand({}));
  const { Roots } = await client.send(new ListRootsCommand({}));
  for (const name of names)
    await client.send(new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name }));
  const { Accounts = [] } = await client.send(new ListAccountsCommand({}));
  const ids = Object.fromEntries(Accounts.map((account) => [account.Name ?? '', account.Id ?? '']));
  return { rootId: Roots?.[0]?.Id ?? '', ids };
}

const stateOf = async (client: OrganizationsClient, accountId: string) =>
  (await client.send(new DescribeAccountCommand({ AccountId: accountId }))).Account;

describe('CloseAccount', () => {
  test('an account is PENDING_CLOSURE, then SUSPENDED, and stays in the organization with its e-mail', async () => {
    const sandbox = await startTestSandbox({ closeAccountMs: 150 });
    const client = organizationsClient(sandbox);
    const { ids } = await organizationWithAccounts(client, ['old']);
    await client.send(new CloseAccountCommand({ AccountId: ids.old }));
    const pending = await stateOf(client, ids.old ?? '');
    expect(pending?.State).toBe('PENDING_CLOSURE');
    // Account.Status was retired by AWS: only State is answered.
    expect(pending?.Status).toBeUndefined();
    expect((await failureOf(client.send(new CloseAccountCommand({ AccountId: ids.old })))).name).toBe(
      'ConflictException',
    );
    await waitFor(async () => ((await stateOf(client, ids.old ?? ''))?.State === 'SUSPENDED' ? true : undefined));
    const again = await failureOf(client.send(new CloseAccountCommand({ AccountId: ids.old })));
    expect(again.name).toBe('AccountAlreadyClosedException');
    expect(again.$metadata.httpStatusCode).toBe(400);
    // Its e-mail cannot be reused: a new account with it fails.
    const { CreateAccountStatus } = await client.send(
      new CreateAccountCommand({ Email: 'old@example.com', AccountName: 'new' }),
    );
    const { Accounts = [] } = await client.send(new ListAccountsCommand({}));
    expect(Accounts.filter((account) => account.Email === 'old@example.com')).toHaveLength(1);
    expect(CreateAccountStatus?.State).toBe('IN_PROGRESS');
    // Nobody can sign in to a closed account any more.
    const denied = await failureOf(
      stsClient(sandbox).send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${ids.old}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 'late',
        }),
      ),
    );
    expect(denied.name).toBe('AccessDenied');
  });

  test('never the management account; unknown accounts are AccountNotFoundException', async () => {
    const client = organizationsClient(await startTestSandbox());
    await organizationWithAccounts(client, []);
    const management = await failureOf(
      client.send(new CloseAccountCommand({ AccountId: SANDBOX_MANAGEMENT_ACCOUNT_ID })),
    );
    expect([management.name, management.Reason]).toEqual([
      'ConstraintViolationException',
      'CANNOT_CLOSE_MANAGEMENT_ACCOUNT',
    ]);
    const unknown = await failureOf(client.send(new CloseAccountCommand({ AccountId: '999999999999' })));
    expect(unknown.name).toBe('AccountNotFoundException');
  });

  test('at most three closures at a time, and the rolling 30-day quota', async () => {
    const client = organizationsClient(await startTestSandbox({ closeAccountMs: 60_000, closeAccountQuota: 4 }));
    const { ids } = await organizationWithAccounts(client, ['a', 'b', 'c', 'd', 'e']);
    for (const name of ['a', 'b', 'c']) await client.send(new CloseAccountCommand({ AccountId: ids[name] }));
    const busy = await failureOf(client.send(new CloseAccountCommand({ AccountId: ids.d })));
    expect([busy.name, busy.Reason]).toEqual(['ConstraintViolationException', 'CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED']);

    const later = organizationsClient(await startTestSandbox({ closeAccountMs: 0, closeAccountQuota: 2 }));
    const second = await organizationWithAccounts(later, ['a', 'b', 'c']);
    await later.send(new CloseAccountCommand({ AccountId: second.ids.a }));
    await later.send(new CloseAccountCommand({ AccountId: second.ids.b }));
    const quota = await failureOf(later.send(new CloseAccountCommand({ AccountId: second.ids.c })));
    expect([quota.name, quota.Reason]).toEqual(['ConstraintViolationException', 'CLOSE_ACCOUNT_QUOTA_EXCEEDED']);
  });

  test("AWS's published quota: the higher of 250 and 20% of the member accounts, at most 1,000", () => {
    expect(closeAccountQuota(7)).toBe(250);
    expect(closeAccountQuota(2000)).toBe(400);
    expect(closeAccountQuota(10_000)).toBe(1000);
  });

  test('a closed account can still be moved into another OU', async () => {
    const client = organizationsClient(await startTestSandbox({ closeAccountMs: 0 }));
    const { rootId, ids } = await organizationWithAccounts(client, ['old']);
    const { OrganizationalUnit } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Suspended' }),
    );
    await client.send(new CloseAccountCommand({ AccountId: ids.old }));
    await client.send(
      new MoveAccountCommand({
        AccountId: ids.old,
        SourceParentId: rootId,
        DestinationParentId: OrganizationalUnit?.Id,
      }),
    );
    expect((await stateOf(client, ids.old ?? ''))?.State).toBe('SUSPENDED');
  });
});

describe('DeleteOrganizationalUnit', () => {
  test('deletes an empty OU; one with an account or a child OU is OrganizationalUnitNotEmptyException', async () => {
    const client = organizationsClient(await startTestSandbox());
    const { rootId, ids } = await organizationWithAccounts(client, ['app']);
    const { OrganizationalUnit: parent } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Legacy' }),
    );
    const { OrganizationalUnit: child } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: parent?.Id, Name: 'Old' }),
    );
    await client.send(
      new MoveAccountCommand({ AccountId: ids.app, SourceParentId: rootId, DestinationParentId: child?.Id }),
    );
    for (const id of [parent?.Id, child?.Id]) {
      const error = await failureOf(client.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: id })));
      expect(error.name).toBe('OrganizationalUnitNotEmptyException');
    }
    await client.send(
      new MoveAccountCommand({ AccountId: ids.app, SourceParentId: child?.Id, DestinationParentId: rootId }),
    );
    await client.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: child?.Id }));
    await client.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: parent?.Id }));
    const gone = await failureOf(
      client.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: parent?.Id })),
    );
    expect(gone.name).toBe('OrganizationalUnitNotFoundException');
  });
});
