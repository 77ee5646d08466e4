import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListAccountsCommand,
  ListChildrenCommand,
  ListCreateAccountStatusCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID } from '../src/index.js';
import {
  failureOf,
  organizationsClient,
  readSandboxState,
  startTestSandbox,
  stsClient,
  temporaryStateDir,
  waitFor,
} from './helpers.js';

/** A clock the test moves by hand, so the asynchronous lifecycle is checked without waiting. */
function manualClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

async function statusOf(client: OrganizationsClient, id: string) {
  return (await client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id })))
    .CreateAccountStatus;
}

describe('CreateAccount lifecycle', () => {
  test('IN_PROGRESS for createAccountMs, then SUCCEEDED with an account in the root, its tags and its role', async () => {
    const clock = manualClock();
    const sandbox = await startTestSandbox({ now: clock.now, createAccountMs: 1500, rolePropagationMs: 800 });
    const client = organizationsClient(sandbox);
    await client.send(new CreateOrganizationCommand({}));
    const rootId = (await client.send(new ListRootsCommand({}))).Roots?.[0]?.Id;

    const { CreateAccountStatus: created } = await client.send(
      new CreateAccountCommand({ Email: 'dev@example.com', AccountName: 'dev', Tags: [{ Key: 'env', Value: 'dev' }] }),
    );
    expect(created?.Id).toMatch(/^car-[0-9a-f]{32}$/);
    expect(created).toMatchObject({
      State: 'IN_PROGRESS',
      AccountName: 'dev',
      RequestedTimestamp: new Date(clock.now()),
    });
    expect(created?.AccountId).toBeUndefined();

    clock.advance(1499);
    expect((await statusOf(client, created?.Id ?? ''))?.State).toBe('IN_PROGRESS');
    expect((await client.send(new ListAccountsCommand({}))).Accounts).toHaveLength(1);

    clock.advance(1);
    const done = await statusOf(client, created?.Id ?? '');
    expect(done).toMatchObject({ State: 'SUCCEEDED', CompletedTimestamp: new Date(clock.now()) });
    const accountId = done?.AccountId ?? '';
    expect(accountId).toMatch(/^\d{12}$/);
    const { Account } = await client.send(new DescribeAccountCommand({ AccountId: accountId }));
    expect(Account).toMatchObject({ Name: 'dev', Email: 'dev@example.com', JoinedMethod: 'CREATED' });
    const rootChildren = await client.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT' }));
    expect(rootChildren.Children?.map((child) => child.Id)).toContain(accountId);
    expect((await client.send(new ListTagsForResourceCommand({ ResourceId: accountId }))).Tags).toEqual([
      { Key: 'env', Value: 'dev' },
    ]);

    const state = await readSandboxState(sandbox.stateDir);
    const role = state.services.iam.accounts[accountId].roles.OrganizationAccountAccessRole;
    expect(role).toMatchObject({
      RoleName: 'OrganizationAccountAccessRole',
      Arn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      Path: '/',
      CreateDate: new Date(clock.now()).toISOString(),
      AttachedPolicies: [
        { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      ],
    });
    expect(role.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(JSON.parse(role.AssumeRolePolicyDocument).Statement[0].Principal.AWS).toBe(
      `arn:aws:iam::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:root`,
    );

    // IAM is eventually consistent: the new role cannot be assumed during rolePropagationMs.
    const sts = stsClient(sandbox);
    const assume = () =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 'vend',
        }),
      );
    clock.advance(799);
    expect((await failureOf(assume())).name).toBe('AccessDenied');
    clock.advance(1);
    expect((await assume()).Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
  });

  test('a duplicate e-mail (case-insensitive) FAILS with EMAIL_ALREADY_EXISTS, also against a request still in progress', async () => {
    const clock = manualClock();
    const client = organizationsClient(await startTestSandbox({ now: clock.now, createAccountMs: 1000 }));
    await client.send(new CreateOrganizationCommand({}));
    const first = await client.send(new CreateAccountCommand({ Email: 'Shared@Example.com', AccountName: 'first' }));
    const second = await client.send(new CreateAccountCommand({ Email: 'shared@example.com', AccountName: 'second' }));
    const management = await client.send(
      new CreateAccountCommand({ Email: 'MANAGEMENT@example.com', AccountName: 'third' }),
    );
    expect(second.CreateAccountStatus?.State).toBe('IN_PROGRESS');
    clock.advance(1000);
    expect((await statusOf(client, first.CreateAccountStatus?.Id ?? ''))?.State).toBe('SUCCEEDED');
    for (const failed of [second, management]) {
      const status = await statusOf(client, failed.CreateAccountStatus?.Id ?? '');
      expect(status).toMatchObject({ State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' });
      expect(status?.AccountId).toBeUndefined();
    }
    expect((await client.send(new ListAccountsCommand({}))).Accounts).toHaveLength(2);
    const failed = await client.send(new ListCreateAccountStatusCommand({ States: ['FAILED'] }));
    expect(failed.CreateAccountStatuses?.map((status) => status.AccountName)).toEqual(['second', 'third']);
  });

  test('accounts beyond the account limit FAIL with ACCOUNT_LIMIT_EXCEEDED', async () => {
    const client = organizationsClient(await startTestSandbox({ accountLimit: 2 }));
    await client.send(new CreateOrganizationCommand({}));
    const allowed = await client.send(new CreateAccountCommand({ Email: 'one@example.com', AccountName: 'one' }));
    const refused = await client.send(new CreateAccountCommand({ Email: 'two@example.com', AccountName: 'two' }));
    expect((await statusOf(client, allowed.CreateAccountStatus?.Id ?? ''))?.State).toBe('SUCCEEDED');
    expect(await statusOf(client, refused.CreateAccountStatus?.Id ?? '')).toMatchObject({
      State: 'FAILED',
      FailureReason: 'ACCOUNT_LIMIT_EXCEEDED',
    });
  });

  test('the transition happens with the real clock and survives a restart of the sandbox', async () => {
    const stateDir = await temporaryStateDir();
    const first = await startTestSandbox({ stateDir, createAccountMs: 300 });
    const client = organizationsClient(first);
    await client.send(new CreateOrganizationCommand({}));
    const { CreateAccountStatus } = await client.send(
      new CreateAccountCommand({ Email: 'later@example.com', AccountName: 'later' }),
    );
    await first.close();

    const second = await startTestSandbox({ stateDir, createAccountMs: 300 });
    const restarted = organizationsClient(second);
    const status = await waitFor(async () => {
      const current = await statusOf(restarted, CreateAccountStatus?.Id ?? '');
      return current?.State === 'IN_PROGRESS' ? undefined : current;
    });
    expect(status.State).toBe('SUCCEEDED');
    expect((await restarted.send(new ListAccountsCommand({}))).Accounts?.map((account) => account.Name)).toContain(
      'later',
    );
  });

  test('a custom RoleName creates that role instead of OrganizationAccountAccessRole', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    await client.send(new CreateOrganizationCommand({}));
    const { CreateAccountStatus } = await client.send(
      new CreateAccountCommand({ Email: 'custom@example.com', AccountName: 'custom', RoleName: 'VendingRole' }),
    );
    const accountId = (await statusOf(client, CreateAccountStatus?.Id ?? ''))?.AccountId;
    const sts = stsClient(sandbox);
    await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/VendingRole`, RoleSessionName: 'vend' }),
    );
    const error = await failureOf(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 'vend',
        }),
      ),
    );
    expect(error.name).toBe('AccessDenied');
  });

  test('input validation and unknown request ids', async () => {
    const client = organizationsClient(await startTestSandbox());
    await client.send(new CreateOrganizationCommand({}));
    const create = (input: {
      Email: string;
      AccountName: string;
      RoleName?: string;
      IamUserAccessToBilling?: 'ALLOW';
    }) => failureOf(client.send(new CreateAccountCommand(input)));
    expect((await create({ Email: 'not-an-email', AccountName: 'x' })).Reason).toBe('INVALID_EMAIL_ADDRESS_TARGET');
    expect((await create({ Email: 'x@example.com', AccountName: '' })).Reason).toBe('MIN_LENGTH_EXCEEDED');
    expect((await create({ Email: 'x@example.com', AccountName: 'x'.repeat(51) })).Reason).toBe('MAX_LENGTH_EXCEEDED');
    expect((await create({ Email: 'x@example.com', AccountName: 'x', RoleName: 'bad role' })).Reason).toBe(
      'INVALID_PATTERN',
    );
    expect(
      (await create({ Email: 'x@example.com', AccountName: 'x', IamUserAccessToBilling: 'MAYBE' as 'ALLOW' })).Reason,
    ).toBe('INVALID_ENUM');
    expect((await create({ Email: undefined as unknown as string, AccountName: 'x' })).Reason).toBe('INPUT_REQUIRED');
    const notFound = await failureOf(
      client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: `car-${'0'.repeat(32)}` })),
    );
    expect(notFound.name).toBe('CreateAccountStatusNotFoundException');
    const malformed = await failureOf(
      client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'request-1' })),
    );
    expect(malformed.name).toBe('InvalidInputException');
  });
});
