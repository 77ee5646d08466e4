import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID, type RunningSandbox } from '../src/index.js';
import {
  type Credentials,
  editSandboxState,
  failureOf,
  organizationsClient,
  startTestSandbox,
  stsClient,
  temporaryStateDir,
} from './helpers.js';

async function memberAccount(client: OrganizationsClient, name = 'member'): Promise<string> {
  await client.send(new CreateOrganizationCommand({}));
  const { CreateAccountStatus } = await client.send(
    new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name }),
  );
  const status = await client.send(
    new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus?.Id }),
  );
  return status.CreateAccountStatus?.AccountId ?? '';
}

async function assumeAccessRole(
  sts: STSClient,
  accountId: string,
  durationSeconds?: number,
): Promise<Credentials & { expiration: Date }> {
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'awsarch',
      DurationSeconds: durationSeconds,
    }),
  );
  return {
    accessKeyId: Credentials?.AccessKeyId ?? '',
    secretAccessKey: Credentials?.SecretAccessKey ?? '',
    sessionToken: Credentials?.SessionToken ?? '',
    expiration: Credentials?.Expiration ?? new Date(0),
  };
}

describe('GetCallerIdentity', () => {
  test('the sandbox credentials are the management account user', async () => {
    const identity = await stsClient(await startTestSandbox()).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: SANDBOX_MANAGEMENT_ACCOUNT_ID,
      Arn: `arn:aws:iam::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:user/awsarch-sandbox`,
      UserId: expect.stringMatching(/^AIDA[A-Z0-9]{17}$/),
    });
  });

  test('any other long-term key is the management account too', async () => {
    const sandbox = await startTestSandbox();
    const identity = await stsClient(sandbox, {
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' },
    }).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(SANDBOX_MANAGEMENT_ACCOUNT_ID);
  });
});

describe('AssumeRole', () => {
  test('issues ASIA credentials bound to the member account, scoping later calls to it', async () => {
    const clock = { now: Date.parse('2026-03-01T12:00:00Z') };
    const sandbox = await startTestSandbox({ now: () => clock.now });
    const accountId = await memberAccount(organizationsClient(sandbox));
    const { Credentials, AssumedRoleUser } = await stsClient(sandbox).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'vending-1',
      }),
    );
    expect(Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(Credentials?.SecretAccessKey).toHaveLength(40);
    expect(Credentials?.SessionToken?.length).toBeGreaterThan(100);
    expect(Credentials?.Expiration).toEqual(new Date(clock.now + 3600_000));
    expect(AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/vending-1`);
    expect(AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]{17}:vending-1$/);

    const member: Credentials = {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    };
    const identity = await stsClient(sandbox, { credentials: member }).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: accountId,
      Arn: AssumedRoleUser?.Arn,
      UserId: AssumedRoleUser?.AssumedRoleId,
    });

    const memberOrganizations = organizationsClient(sandbox, { credentials: member });
    const denied = await failureOf(memberOrganizations.send(new ListAccountsCommand({})));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe("You don't have permissions to access this resource.");
    expect((await memberOrganizations.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId).toBe(
      SANDBOX_MANAGEMENT_ACCOUNT_ID,
    );
    const alreadyMember = await failureOf(memberOrganizations.send(new CreateOrganizationCommand({})));
    expect(alreadyMember.name).toBe('AlreadyInOrganizationException');
    expect(sandbox.calls.filter((call) => call.accountId === accountId).map((call) => call.operation)).toEqual([
      'GetCallerIdentity',
      'ListAccounts',
      'DescribeOrganization',
      'CreateOrganization',
    ]);
  });

  test('a role that does not exist, or does not trust the caller, is AccessDenied with HTTP 403', async () => {
    const sandbox = await startTestSandbox();
    const accountId = await memberAccount(organizationsClient(sandbox));
    const sts = stsClient(sandbox);
    const missing = await failureOf(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::210987654321:role/OrganizationAccountAccessRole',
          RoleSessionName: 's1',
        }),
      ),
    );
    expect(missing.name).toBe('AccessDenied');
    expect(missing.$metadata.httpStatusCode).toBe(403);
    expect(missing.message).toBe(
      `User: arn:aws:iam::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:user/awsarch-sandbox is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/OrganizationAccountAccessRole`,
    );
    // The member's session may not assume the role, which trusts only the management account.
    const member = await assumeAccessRole(sts, accountId);
    const chained = await failureOf(
      stsClient(sandbox, { credentials: member }).send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 's2',
        }),
      ),
    );
    expect(chained.name).toBe('AccessDenied');
    expect(chained.message).toContain(
      `User: arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/awsarch is not authorized`,
    );
  });

  test('DurationSeconds: 900..43200, at most the role MaxSessionDuration, and 3600 when chaining roles', async () => {
    const stateDir = await temporaryStateDir();
    let sandbox: RunningSandbox = await startTestSandbox({ stateDir });
    const organizations = organizationsClient(sandbox);
    const accountId = await memberAccount(organizations, 'first');
    const { CreateAccountStatus } = await organizations.send(
      new CreateAccountCommand({ Email: 'second@example.com', AccountName: 'second' }),
    );
    const secondAccountId = (
      await organizations.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus?.Id }),
      )
    ).CreateAccountStatus?.AccountId as string;
    await sandbox.close();

    // Give the second account a role that trusts the first account, as an IAM CreateRole would.
    await editSandboxState(stateDir, (state) => {
      const roles = state.services.iam.accounts[secondAccountId].roles;
      roles.Deployer = {
        ...roles.OrganizationAccountAccessRole,
        RoleName: 'Deployer',
        Arn: `arn:aws:iam::${secondAccountId}:role/Deployer`,
        MaxSessionDuration: 43200,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: accountId }, Action: 'sts:AssumeRole' }],
        }),
      };
    });
    sandbox = await startTestSandbox({ stateDir });
    const sts = stsClient(sandbox);

    const validation = async (
      durationSeconds: number,
      client = sts,
      role = `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
    ) => {
      const error = await failureOf(
        client.send(
          new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'duration', DurationSeconds: durationSeconds }),
        ),
      );
      expect(error.name).toBe('ValidationError');
      return error.message;
    };
    expect(await validation(899)).toBe(
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    expect(await validation(43201)).toContain('less than or equal to 43200');
    expect(await validation(7200)).toBe(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    expect((await assumeAccessRole(sts, accountId, 900)).accessKeyId).toMatch(/^ASIA/);

    const member = stsClient(sandbox, { credentials: await assumeAccessRole(sts, accountId) });
    const deployer = `arn:aws:iam::${secondAccountId}:role/Deployer`;
    expect(await validation(7200, member, deployer)).toBe(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    const chained = await member.send(
      new AssumeRoleCommand({ RoleArn: deployer, RoleSessionName: 'chain', DurationSeconds: 3600 }),
    );
    expect(chained.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${secondAccountId}:assumed-role/Deployer/chain`);
  });

  test('a RoleSessionName that is too short or has bad characters is ValidationError', async () => {
    const sts = stsClient(await startTestSandbox());
    const assume = (RoleSessionName: string) =>
      failureOf(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::210987654321:role/Any', RoleSessionName })));
    expect((await assume('a')).message).toContain('Member must have length greater than or equal to 2');
    expect((await assume('has space')).name).toBe('ValidationError');
  });
});

describe('credentials the sandbox does not accept', () => {
  test('an ASIA key it did not issue is InvalidClientTokenId (query) / UnrecognizedClientException (JSON)', async () => {
    const sandbox = await startTestSandbox();
    const unknown = { accessKeyId: 'ASIAUNKNOWNKEY000000', secretAccessKey: 'x', sessionToken: 'y' };
    const queryError = await failureOf(
      stsClient(sandbox, { credentials: unknown }).send(new GetCallerIdentityCommand({})),
    );
    expect(queryError.name).toBe('InvalidClientTokenId');
    expect(queryError.message).toBe('The security token included in the request is invalid.');
    expect(queryError.$metadata.httpStatusCode).toBe(403);
    const jsonError = await failureOf(
      organizationsClient(sandbox, { credentials: unknown }).send(new DescribeOrganizationCommand({})),
    );
    expect(jsonError.name).toBe('UnrecognizedClientException');
    expect(sandbox.calls.at(-1)).toEqual({
      service: 'organizations',
      operation: 'DescribeOrganization',
      accountId: '',
      errorCode: 'UnrecognizedClientException',
    });
  });

  test('a sandbox key with the wrong session token is rejected too', async () => {
    const sandbox = await startTestSandbox();
    const accountId = await memberAccount(organizationsClient(sandbox));
    const member = await assumeAccessRole(stsClient(sandbox), accountId);
    const error = await failureOf(
      stsClient(sandbox, { credentials: { ...member, sessionToken: 'forged' } }).send(new GetCallerIdentityCommand({})),
    );
    expect(error.name).toBe('InvalidClientTokenId');
  });

  test('expired session credentials are ExpiredToken (query) / ExpiredTokenException (JSON)', async () => {
    let now = Date.parse('2026-05-01T00:00:00Z');
    const sandbox = await startTestSandbox({ now: () => now });
    const accountId = await memberAccount(organizationsClient(sandbox));
    const member = await assumeAccessRole(stsClient(sandbox), accountId, 900);
    now += 899_000;
    await stsClient(sandbox, { credentials: member }).send(new GetCallerIdentityCommand({}));
    now += 1_000;
    const queryError = await failureOf(
      stsClient(sandbox, { credentials: member }).send(new GetCallerIdentityCommand({})),
    );
    expect(queryError.name).toBe('ExpiredToken');
    expect(queryError.message).toBe('The security token included in the request is expired');
    const jsonError = await failureOf(
      organizationsClient(sandbox, { credentials: member }).send(new DescribeOrganizationCommand({})),
    );
    expect(jsonError.name).toBe('ExpiredTokenException');
  });

  test("a request without an Authorization header gets the protocol's missing-token error", async () => {
    const sandbox = await startTestSandbox();
    const query = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(query.status).toBe(403);
    const xml = await query.text();
    expect(xml).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(xml).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type>/,
    );
    const json = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts',
      },
      body: '{}',
    });
    expect(json.status).toBe(403);
    expect(await json.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      Message: 'Missing Authentication Token',
    });
  });
});
