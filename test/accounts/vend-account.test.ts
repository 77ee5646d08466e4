import {
  CreateAccountCommand,
  DescribeAccountCommand,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  DescribeCreateAccountStatusCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAILURE_REASONS } from '../../src/accounts/failure-reasons.js';
import { vendAccount } from '../../src/accounts/vend-account.js';
import type { VendOptions } from '../../src/accounts/vend-model.js';
import { validateVendRequest } from '../../src/accounts/vend-request.js';
import { ExitCode } from '../../src/core/exit-code.js';
import { testContext } from '../helpers/context.js';
import { PROD_OU, ROOT_ID, sampleSnapshot } from './fixtures.js';

const orgs = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);

const fastTiming = { timeoutMs: 2_000, pollMinMs: 1, pollMaxMs: 5, accessTimeoutMs: 2_000, retryMinMs: 1 };
const options = (overrides: Partial<VendOptions> = {}): VendOptions => ({
  wait: true,
  dryRun: false,
  timing: fastTiming,
  inFlight: [],
  ...overrides,
});
const request = validateVendRequest({
  name: 'Prod',
  email: 'aws+prod@example.com',
  ou: 'Workloads/Prod',
  tags: { env: 'prod' },
  accessRole: 'OrganizationAccountAccessRole',
});

const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });

function happyPath(accountId = '333333333333') {
  orgs
    .on(CreateAccountCommand)
    .resolves({ CreateAccountStatus: { Id: 'car-new', State: 'IN_PROGRESS', AccountName: 'Prod' } });
  orgs
    .on(DescribeCreateAccountStatusCommand)
    .resolvesOnce({ CreateAccountStatus: { Id: 'car-new', State: 'IN_PROGRESS' } })
    .resolves({ CreateAccountStatus: { Id: 'car-new', State: 'SUCCEEDED', AccountId: accountId } });
  orgs.on(ListParentsCommand).resolves({ Parents: [{ Id: ROOT_ID, Type: 'ROOT' }] });
  orgs.on(DescribeAccountCommand).resolves({ Account: { Id: accountId, Name: 'Prod', Email: 'aws+prod@example.com' } });
  orgs.on(ListAccountsCommand).resolves({ Accounts: [] });
  orgs.on(ListCreateAccountStatusCommand).resolves({ CreateAccountStatuses: [] });
  orgs.on(MoveAccountCommand).resolves({});
  orgs.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  orgs.on(TagResourceCommand).resolves({});
  sts.on(GetCallerIdentityCommand).resolves({
    Account: accountId,
    Arn: `arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/awsarch`,
  });
}

beforeEach(() => {
  orgs.reset();
  sts.reset();
});
afterEach(() => {
  orgs.reset();
  sts.reset();
});

describe('vendAccount', () => {
  it('creates, waits, moves, tags and verifies access for a new account', async () => {
    happyPath();
    const { ctx, io } = testContext();
    const result = await vendAccount(ctx, request, sampleSnapshot(), options());
    expect(result.status).toBe('vended');
    expect(result.accountId).toBe('333333333333');
    expect(result.createAccountRequestId).toBe('car-new');
    expect(result.steps.map((step) => `${step.step}:${step.status}`)).toEqual([
      'locate:done',
      'create:done',
      'wait:done',
      'move:done',
      'tag:done',
      'access:done',
    ]);
    expect(orgs.commandCalls(CreateAccountCommand)).toHaveLength(1);
    expect(orgs.commandCalls(CreateAccountCommand)[0]?.args[0].input).toMatchObject({
      AccountName: 'Prod',
      Email: 'aws+prod@example.com',
      RoleName: 'OrganizationAccountAccessRole',
      Tags: [{ Key: 'env', Value: 'prod' }],
    });
    expect(orgs.commandCalls(MoveAccountCommand)[0]?.args[0].input).toEqual({
      AccountId: '333333333333',
      SourceParentId: ROOT_ID,
      DestinationParentId: PROD_OU,
    });
    expect(orgs.commandCalls(DescribeCreateAccountStatusCommand).length).toBeGreaterThanOrEqual(2);
    expect(io.tasks.find((task) => task.path.endsWith('› access'))?.status).toBe('succeeded');
  });

  it('resumes with the existing account that has the e-mail, creating nothing', async () => {
    happyPath('444444444444');
    orgs.on(ListParentsCommand).resolves({ Parents: [{ Id: PROD_OU, Type: 'ORGANIZATIONAL_UNIT' }] });
    orgs.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'env', Value: 'prod' }] });
    const snapshot = sampleSnapshot();
    snapshot.accounts.push({
      id: '444444444444',
      name: 'Prod',
      email: 'AWS+Prod@example.com',
      status: 'ACTIVE',
      parentId: PROD_OU,
    });
    const { ctx } = testContext();
    const result = await vendAccount(ctx, request, snapshot, options());
    expect(result.status).toBe('vended');
    expect(result.accountId).toBe('444444444444');
    expect(orgs.commandCalls(CreateAccountCommand)).toHaveLength(0);
    expect(orgs.commandCalls(MoveAccountCommand)).toHaveLength(0);
    expect(orgs.commandCalls(TagResourceCommand)).toHaveLength(0);
    expect(result.steps.map((step) => `${step.step}:${step.status}`)).toEqual([
      'locate:done',
      'create:skipped',
      'wait:skipped',
      'move:skipped',
      'tag:skipped',
      'access:done',
    ]);
  });

  it('resumes an in-flight creation request for the same account name instead of creating a second', async () => {
    happyPath();
    const { ctx } = testContext();
    const result = await vendAccount(
      ctx,
      request,
      sampleSnapshot(),
      options({ inFlight: [{ id: 'car-earlier', accountName: 'Prod', requestedAt: 1 }] }),
    );
    expect(result.status).toBe('vended');
    expect(result.createAccountRequestId).toBe('car-earlier');
    expect(orgs.commandCalls(CreateAccountCommand)).toHaveLength(0);
    expect(orgs.commandCalls(DescribeCreateAccountStatusCommand)[0]?.args[0].input).toEqual({
      CreateAccountRequestId: 'car-earlier',
    });
    expect(orgs.commandCalls(DescribeAccountCommand)[0]?.args[0].input).toEqual({ AccountId: '333333333333' });
  });

  it('creates its own account when the in-flight request of the same name made an account with another e-mail', async () => {
    happyPath('444444444444');
    orgs.on(DescribeCreateAccountStatusCommand, { CreateAccountRequestId: 'car-other' }).resolves({
      CreateAccountStatus: { Id: 'car-other', State: 'SUCCEEDED', AccountId: '555555555555' },
    });
    orgs
      .on(DescribeAccountCommand, { AccountId: '555555555555' })
      .resolves({ Account: { Id: '555555555555', Name: 'Prod', Email: 'aws+prod-eu@example.com' } });
    const { ctx } = testContext();
    const result = await vendAccount(
      ctx,
      request,
      sampleSnapshot(),
      options({ inFlight: [{ id: 'car-other', accountName: 'Prod', requestedAt: 1 }] }),
    );
    expect(result).toMatchObject({ status: 'vended', accountId: '444444444444', createAccountRequestId: 'car-new' });
    expect(orgs.commandCalls(CreateAccountCommand)).toHaveLength(1);
  });

  it('takes the account a concurrent run created when its own request fails with EMAIL_ALREADY_EXISTS', async () => {
    happyPath();
    orgs
      .on(DescribeCreateAccountStatusCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-new', State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' } });
    orgs
      .on(ListAccountsCommand)
      .resolves({ Accounts: [{ Id: '666666666666', Name: 'Prod', Email: 'AWS+Prod@example.com' }] });
    sts.on(GetCallerIdentityCommand).resolves({ Account: '666666666666', Arn: 'arn:aws:sts::666666666666:x' });
    const { ctx } = testContext();
    const result = await vendAccount(ctx, request, sampleSnapshot(), options());
    expect(result).toMatchObject({ status: 'vended', accountId: '666666666666' });
    expect(result.steps.find((step) => step.step === 'wait')).toEqual({
      step: 'wait',
      status: 'done',
      detail: 'account 666666666666, created by a concurrent run',
    });
  });

  it('waits for a twin still being created when its own request fails with EMAIL_ALREADY_EXISTS', async () => {
    happyPath();
    orgs
      .on(DescribeCreateAccountStatusCommand, { CreateAccountRequestId: 'car-new' })
      .resolves({ CreateAccountStatus: { Id: 'car-new', State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' } });
    orgs.on(ListCreateAccountStatusCommand).resolves({
      CreateAccountStatuses: [{ Id: 'car-twin', AccountName: 'Prod', State: 'IN_PROGRESS' }],
    });
    orgs
      .on(DescribeCreateAccountStatusCommand, { CreateAccountRequestId: 'car-twin' })
      .resolvesOnce({ CreateAccountStatus: { Id: 'car-twin', State: 'IN_PROGRESS' } })
      .resolves({ CreateAccountStatus: { Id: 'car-twin', State: 'SUCCEEDED', AccountId: '333333333333' } });
    const { ctx } = testContext();
    const result = await vendAccount(ctx, request, sampleSnapshot(), options());
    expect(result).toMatchObject({ status: 'vended', accountId: '333333333333' });
  });

  it('keeps EMAIL_ALREADY_EXISTS as bad input when the e-mail belongs to an account of another name', async () => {
    happyPath();
    orgs
      .on(DescribeCreateAccountStatusCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-new', State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' } });
    orgs
      .on(ListAccountsCommand)
      .resolves({ Accounts: [{ Id: '666666666666', Name: 'Payments', Email: 'aws+prod@example.com' }] });
    const { ctx } = testContext();
    const result = await vendAccount(ctx, request, sampleSnapshot(), options());
    expect(result).toMatchObject({ status: 'failed', error: { code: 'email-in-use', exitCode: ExitCode.BadInput } });
  });

  it('refuses an e-mail that belongs to an account with another name, before any call', async () => {
    happyPath();
    const { ctx } = testContext();
    const stolen = { ...request, email: 'aws+log@example.com' };
    await expect(vendAccount(ctx, stolen, sampleSnapshot(), options())).rejects.toMatchObject({
      code: 'email-in-use',
      exitCode: ExitCode.BadInput,
    });
    expect(orgs.calls()).toHaveLength(0);
  });

  it('refuses an OU path that does not exist, before any call', async () => {
    happyPath();
    const { ctx } = testContext();
    await expect(
      vendAccount(ctx, { ...request, ou: 'Workloads/Nope' }, sampleSnapshot(), options()),
    ).rejects.toMatchObject({ code: 'unknown-ou', exitCode: ExitCode.BadInput });
    expect(orgs.calls()).toHaveLength(0);
  });

  describe.each(Object.entries(FAILURE_REASONS))('when creation fails with %s', (reason, explained) => {
    it('reports the reason in words, with a hint and the right exit code, and stops', async () => {
      happyPath();
      orgs
        .on(DescribeCreateAccountStatusCommand)
        .resolves({ CreateAccountStatus: { Id: 'car-new', State: 'FAILED', FailureReason: reason as never } });
      const { ctx } = testContext();
      const result = await vendAccount(ctx, request, sampleSnapshot(), options());
      expect(result.status).toBe('failed');
      expect(result.error?.code).toBe('account-create-failed');
      expect(result.error?.message).toContain(explained.message);
      expect(result.error?.message).toContain(reason);
      expect(result.error?.hint).toBe(explained.hint);
      expect(result.error?.exitCode).toBe(explained.badInput ? ExitCode.BadInput : ExitCode.Failed);
      expect(result.steps.at(-1)).toMatchObject({ step: 'wait', status: 'failed' });
      expect(orgs.commandCalls(MoveAccountCommand)).toHaveLength(0);
    });
  });

  it('leaves retrying throttled calls to the client factory: one that outlasts its attempts fails the step', async () => {
    happyPath();
    orgs.on(CreateAccountCommand).rejects(throttled());
    const { ctx } = testContext();
    const result = await vendAccount(ctx, request, sampleSnapshot(), options());
    expect(result.status).toBe('failed');
    expect(result.steps.at(-1)).toMatchObject({ step: 'create', status: 'failed' });
    // The mock stands in for the SDK client, retries included (test/aws/scheduler-sdk.test.ts covers those).
    expect(orgs.commandCalls(CreateAccountCommand)).toHaveLength(1);
  });

  it('gives up after --timeout with a hint to re-run, leaving the request to resume', async () => {
    happyPath();
    orgs
      .on(DescribeCreateAccountStatusCommand)
      .resolves({ CreateAccountStatus: { Id: 'car-new', State: 'IN_PROGRESS' } });
    const { ctx } = testContext();
    const result = await vendAccount(
      ctx,
      request,
      sampleSnapshot(),
      options({ timing: { ...fastTiming, timeoutMs: 60 } }),
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'vend-timeout', exitCode: ExitCode.Failed });
    expect(result.error?.hint).toMatch(/re-run/);
    expect(result.createAccountRequestId).toBe('car-new');
    expect(orgs.commandCalls(DescribeCreateAccountStatusCommand).length).toBeGreaterThan(1);
  });

  it('keeps assuming the new role while it propagates (AccessDenied), then verifies the account', async () => {
    happyPath();
    const denied = Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' });
    sts
      .on(GetCallerIdentityCommand)
      .rejectsOnce(denied)
      .rejectsOnce(denied)
      .resolves({ Account: '333333333333', Arn: 'arn:aws:sts::333333333333:assumed-role/x/awsarch' });
    const { ctx } = testContext();
    const result = await vendAccount(ctx, request, sampleSnapshot(), options());
    expect(result.status).toBe('vended');
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(3);
  });

  it('fails the access step when the role gives credentials for another account', async () => {
    happyPath();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999' });
    const { ctx } = testContext();
    const result = await vendAccount(ctx, request, sampleSnapshot(), options());
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('access-mismatch');
  });

  it('with --no-wait returns the request id and leaves the rest pending', async () => {
    happyPath();
    const { ctx } = testContext();
    const result = await vendAccount(ctx, request, sampleSnapshot(), options({ wait: false }));
    expect(result.status).toBe('in-progress');
    expect(result.createAccountRequestId).toBe('car-new');
    expect(orgs.commandCalls(DescribeCreateAccountStatusCommand)).toHaveLength(0);
    expect(result.steps.filter((step) => step.status === 'pending').map((step) => step.step)).toEqual([
      'wait',
      'move',
      'tag',
      'access',
    ]);
  });

  it('with --dry-run makes no call at all and shows the plan', async () => {
    happyPath();
    const { ctx } = testContext();
    const result = await vendAccount(ctx, request, sampleSnapshot(), options({ dryRun: true }));
    expect(result.status).toBe('planned');
    expect(orgs.calls()).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
    expect(result.steps.map((step) => `${step.step}:${step.status}`)).toEqual([
      'locate:done',
      'create:planned',
      'wait:planned',
      'move:planned',
      'tag:planned',
      'access:planned',
    ]);
  });
});
