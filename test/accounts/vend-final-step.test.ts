import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { vendAccount } from '../../src/accounts/vend-account.js';
import type { VendFinalStep, VendOptions } from '../../src/accounts/vend-model.js';
import { validateVendRequest } from '../../src/accounts/vend-request.js';
import { AwsarchError } from '../../src/core/errors.js';
import { testContext } from '../helpers/context.js';
import { ROOT_ID, sampleSnapshot } from './fixtures.js';
import { ERR } from '../../src/core/error-codes.js';

const orgs = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);
const request = validateVendRequest({
  name: 'Sandbox',
  email: 'aws+sandbox@example.com',
  ou: 'Workloads/Prod',
  tags: {},
  accessRole: 'OrganizationAccountAccessRole',
});
const timing = { timeoutMs: 2_000, pollMinMs: 1, pollMaxMs: 5, accessTimeoutMs: 2_000, retryMinMs: 1 };
const options = (baseline: VendFinalStep, overrides: Partial<VendOptions> = {}): VendOptions => ({
  wait: true,
  dryRun: false,
  timing,
  inFlight: [],
  baseline,
  ...overrides,
});

function vendableAccount(accountId = '444444444444') {
  orgs.on(CreateAccountCommand).resolves({ CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } });
  orgs
    .on(DescribeCreateAccountStatusCommand)
    .resolves({ CreateAccountStatus: { Id: 'car-1', State: 'SUCCEEDED', AccountId: accountId } });
  orgs.on(ListParentsCommand).resolves({ Parents: [{ Id: ROOT_ID, Type: 'ROOT' }] });
  orgs.on(MoveAccountCommand).resolves({});
  orgs.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  orgs.on(TagResourceCommand).resolves({});
  sts.on(GetCallerIdentityCommand).resolves({
    Account: accountId,
    Arn: `arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/awsarch`,
  });
}

afterEach(() => {
  orgs.reset();
  sts.reset();
});

describe('account create --baseline: the last vending step', () => {
  it('runs after access is proven, with the new account id', async () => {
    vendableAccount();
    const seen: string[] = [];
    const { ctx } = testContext();
    const result = await vendAccount(
      ctx,
      request,
      sampleSnapshot(),
      options({
        plan: 'apply baseline default',
        run: async (accountId) => (seen.push(accountId), 'default: network applied'),
      }),
    );
    expect(seen).toEqual(['444444444444']);
    expect(result.status).toBe('vended');
    expect(result.steps.map((step) => `${step.step}:${step.status}`).slice(-2)).toEqual([
      'access:done',
      'baseline:done',
    ]);
    expect(result.steps.at(-1)?.detail).toBe('default: network applied');
  });

  it('fails the vending (with the baseline error and its hint) when the baseline fails; the account stays vended for a re-run', async () => {
    vendableAccount();
    const { ctx } = testContext();
    const failing: VendFinalStep = {
      plan: 'x',
      run: async () =>
        Promise.reject(
          new AwsarchError(ERR.BASELINE_FAILED, 'baseline default: network: VpcLimitExceeded', {
            hint: 'run awsarch baseline apply',
          }),
        ),
    };
    const result = await vendAccount(ctx, request, sampleSnapshot(), options(failing));
    expect(result).toMatchObject({
      status: 'failed',
      accountId: '444444444444',
      error: { code: 'baseline-failed', hint: 'run awsarch baseline apply' },
    });
    expect(result.steps.at(-1)).toMatchObject({ step: 'baseline', status: 'failed' });
  });

  it('is planned in a dry run and pending with --no-wait', async () => {
    vendableAccount();
    const { ctx } = testContext();
    const step: VendFinalStep = { plan: 'apply baseline default (cloudtrail, roles)', run: async () => 'never' };
    const dryRun = await vendAccount(ctx, request, sampleSnapshot(), options(step, { dryRun: true }));
    expect(dryRun.steps.at(-1)).toEqual({
      step: 'baseline',
      status: 'planned',
      detail: 'apply baseline default (cloudtrail, roles)',
    });
    const noWait = await vendAccount(ctx, request, sampleSnapshot(), options(step, { wait: false }));
    expect(noWait.steps.at(-1)).toEqual({ step: 'baseline', status: 'pending', detail: 'not waited for (--no-wait)' });
  });
});
