import {
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_VEND_TIMING } from '../../src/accounts/vend-model.js';
import { findTwin } from '../../src/accounts/vend-twins.js';
import { testContext } from '../helpers/context.js';

const orgs = mockClient(OrganizationsClient);
const request = { name: 'Workload', email: 'aws+workload@example.com' };
const timing = { ...DEFAULT_VEND_TIMING, pollMinMs: 1, pollMaxMs: 5, retryMinMs: 1 };
const task = { update: () => undefined };
const ACCOUNT = { Id: '111122223333', Name: 'Workload', Email: 'aws+workload@example.com', Status: 'ACTIVE' as const };

describe('findTwin: the account behind a CreateAccount that FAILED with EMAIL_ALREADY_EXISTS', () => {
  afterEach(() => orgs.reset());

  it('finds the twin whose request succeeds between the reads (it is not yet an account, then no longer in flight)', async () => {
    // AWS as another run's request sees it: IN_PROGRESS until the first answer, SUCCEEDED (an account) after it.
    let succeeded = false;
    const answered =
      <T>(value: () => T) =>
      () => {
        const answer = value();
        succeeded = true;
        return answer;
      };
    orgs.on(ListAccountsCommand).callsFake(answered(() => ({ Accounts: succeeded ? [ACCOUNT] : [] })));
    orgs.on(ListCreateAccountStatusCommand).callsFake(
      answered(() => ({
        CreateAccountStatuses: succeeded ? [] : [{ Id: 'car-1', AccountName: 'Workload', State: 'IN_PROGRESS' }],
      })),
    );
    orgs.on(DescribeCreateAccountStatusCommand).resolves({
      CreateAccountStatus: { Id: 'car-1', AccountName: 'Workload', State: 'SUCCEEDED', AccountId: ACCOUNT.Id },
    });
    orgs.on(DescribeAccountCommand).resolves({ Account: ACCOUNT });
    const { ctx } = testContext();
    await expect(
      findTwin(ctx, new OrganizationsClient({ region: 'us-east-1' }), request, timing, task),
    ).resolves.toMatchObject({
      accountId: ACCOUNT.Id,
    });
  });

  it('finds nothing when the e-mail belongs to no account or request of the organization', async () => {
    orgs.on(ListAccountsCommand).resolves({ Accounts: [] });
    orgs.on(ListCreateAccountStatusCommand).resolves({ CreateAccountStatuses: [] });
    const { ctx } = testContext();
    await expect(
      findTwin(ctx, new OrganizationsClient({ region: 'us-east-1' }), request, timing, task),
    ).resolves.toBeUndefined();
  });
});
