import { CreateOrganizationCommand, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { readOrganization } from '../../src/accounts/org-reader.js';
import { vendAccount } from '../../src/accounts/vend-account.js';
import { DEFAULT_VEND_TIMING, listInFlightRequests, type VendOptions } from '../../src/accounts/vend-model.js';
import { validateVendRequest } from '../../src/accounts/vend-request.js';
import { SANDBOX_CREDENTIALS } from '@awsarch/aws-sandbox';
import { testContext } from '../helpers/context.js';
import { firstOf, startLossyProxy } from '../helpers/lossy-proxy.js';
import { organizationsClient, startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';

const timing = { ...DEFAULT_VEND_TIMING, pollMinMs: 20, pollMaxMs: 100, retryMinMs: 20 };

describe('two vending runs for the same account at the same moment (the sandbox, no lease in between)', () => {
  it('both end with the one account: the run whose CreateAccount fails with EMAIL_ALREADY_EXISTS takes its twin', async () => {
    const sandbox = await startTestSandbox({ createAccountMs: 300 });
    const client = organizationsClient(sandbox);
    await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const request = validateVendRequest({
      name: 'Twin',
      email: 'aws+twin@example.com',
      ou: 'root',
      tags: {},
      accessRole: 'OrganizationAccountAccessRole',
    });
    const run = async () => {
      const { ctx } = testContext({
        target: { endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS, maxAttempts: 3 },
      });
      // Both read the organization before either asks: neither sees the other's request.
      const snapshot = await readOrganization(ctx.aws);
      const options: VendOptions = { wait: true, dryRun: false, timing, inFlight: await listInFlightRequests(ctx) };
      return { snapshot, options, ctx };
    };
    const [first, second] = await Promise.all([run(), run()]);
    const results = await Promise.all(
      [first, second].map(({ ctx, snapshot, options }) => vendAccount(ctx, request, snapshot, options)),
    );
    expect(results.map((result) => result.status)).toEqual(['vended', 'vended']);
    expect(results[0]?.accountId).toMatch(/^\d{12}$/);
    expect(results[1]?.accountId).toBe(results[0]?.accountId);
    expect(
      results.flatMap((result) => result.steps.filter((step) => step.step === 'wait')).map((step) => step.detail),
    ).toContainEqual(expect.stringMatching(/created by a concurrent run/));
    const { Accounts = [] } = await client.send(new ListAccountsCommand({}));
    expect(Accounts.filter((account) => account.Email === 'aws+twin@example.com')).toHaveLength(1);
  });

  it('a CreateAccount whose answer is lost and which the SDK sends again vends the one account', async () => {
    const sandbox = await startTestSandbox({ createAccountMs: 300 });
    const client = organizationsClient(sandbox);
    await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const proxy = await startLossyProxy(sandbox.endpoint, firstOf('CreateAccount'));
    try {
      const { ctx } = testContext({
        target: { endpoint: proxy.endpoint, credentials: SANDBOX_CREDENTIALS, maxAttempts: 3 },
      });
      const request = validateVendRequest({
        name: 'Lost',
        email: 'aws+lost@example.com',
        ou: 'root',
        tags: {},
        accessRole: 'OrganizationAccountAccessRole',
      });
      const snapshot = await readOrganization(ctx.aws);
      const options: VendOptions = { wait: true, dryRun: false, timing, inFlight: await listInFlightRequests(ctx) };
      const result = await vendAccount(ctx, request, snapshot, options);
      expect(proxy.lost).toHaveLength(1);
      expect(result.status).toBe('vended');
      const { Accounts = [] } = await client.send(new ListAccountsCommand({}));
      expect(Accounts.filter((account) => account.Email === 'aws+lost@example.com')).toEqual([
        expect.objectContaining({ Id: result.accountId, Name: 'Lost' }),
      ]);
    } finally {
      await proxy.close();
    }
  });
});
