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
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vendAccount } from '../../src/accounts/vend-account.js';
import { VendProgressReport } from '../../src/accounts/vend-progress-report.js';
import { vendStepPlan } from '../../src/accounts/vend-progress.js';
import { validateVendRequest } from '../../src/accounts/vend-request.js';
import { testContext } from '../helpers/context.js';
import { ROOT_ID, sampleSnapshot } from './fixtures.js';

const orgs = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);
const timing = { timeoutMs: 2_000, pollMinMs: 1, pollMaxMs: 5, accessTimeoutMs: 2_000, retryMinMs: 1 };
const request = validateVendRequest({
  name: 'Prod',
  email: 'aws+prod@example.com',
  ou: 'Workloads/Prod',
  tags: { env: 'prod' },
  accessRole: 'OrganizationAccountAccessRole',
});

/** A clock that moves 100 ms each time it is read: every step takes time, so there is something to measure. */
function tickingClock() {
  let time = 1_000_000;
  return { now: () => (time += 100) };
}

beforeEach(() => {
  orgs.reset();
  sts.reset();
  orgs.on(CreateAccountCommand).resolves({ CreateAccountStatus: { Id: 'car-new', State: 'IN_PROGRESS' } });
  orgs
    .on(DescribeCreateAccountStatusCommand)
    .resolvesOnce({ CreateAccountStatus: { Id: 'car-new', State: 'IN_PROGRESS' } })
    .resolves({ CreateAccountStatus: { Id: 'car-new', State: 'SUCCEEDED', AccountId: '333333333333' } });
  orgs.on(ListParentsCommand).resolves({ Parents: [{ Id: ROOT_ID, Type: 'ROOT' }] });
  orgs.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  orgs.on(TagResourceCommand).resolves({});
  sts.on(GetCallerIdentityCommand).resolves({ Account: '333333333333', Arn: 'arn:aws:sts::333333333333:x' });
});
afterEach(() => {
  orgs.reset();
  sts.reset();
});

describe('account create reports step k of n with an ETA', () => {
  it('counts every step of the real plan on the account task, with an ETA once one step was measured', async () => {
    orgs.on(MoveAccountCommand).resolves({});
    const { ctx, io } = testContext();
    const report = new VendProgressReport(tickingClock(), { concurrency: 1, typicalCreationMs: 30_000 });
    const progress = report.account(vendStepPlan({ wait: true, baseline: false }));
    const result = await vendAccount(ctx, request, sampleSnapshot(), {
      wait: true,
      dryRun: false,
      timing,
      inFlight: [],
      progress,
    });
    expect(result.status).toBe('vended');
    const reports = io.progress.filter((entry) => entry.path === 'Prod → Workloads/Prod');
    expect(new Set(reports.map((entry) => entry.total))).toEqual(new Set([6]));
    // One report per step change at least, counting up to 6 of 6.
    expect([...new Set(reports.map((entry) => entry.done))]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const first = reports[0];
    expect(first).toMatchObject({ done: 0, estimated: true });
    expect(first?.etaMs).toBeUndefined();
    const afterLocate = reports.find((entry) => entry.done === 1);
    expect(afterLocate?.etaMs).toBeGreaterThan(30_000 - 1_000);
    const last = reports.at(-1);
    expect(last).toMatchObject({ done: 6, total: 6, text: 'done', estimated: false });
    // Measured on the same run, the ETA only shrinks from one finished step to the next.
    const byStep = [1, 2, 3, 4, 5].map((done) => reports.filter((entry) => entry.done === done)[0]?.etaMs as number);
    for (let i = 1; i < byStep.length; i++) expect(byStep[i]).toBeLessThan(byStep[i - 1] as number);
  });

  it('drops the ETA when a step fails', async () => {
    orgs.on(MoveAccountCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const { ctx, io } = testContext();
    const report = new VendProgressReport(tickingClock(), { concurrency: 1, typicalCreationMs: 30_000 });
    const result = await vendAccount(ctx, request, sampleSnapshot(), {
      wait: true,
      dryRun: false,
      timing,
      inFlight: [],
      progress: report.account(vendStepPlan({ wait: true, baseline: false })),
    });
    expect(result.status).toBe('failed');
    const last = io.progress.filter((entry) => entry.path === 'Prod → Workloads/Prod').at(-1);
    expect(last).toMatchObject({ done: 4, total: 6, text: 'failed at move into the OU', estimated: false });
    expect(io.tasks.find((task) => task.path === 'Prod → Workloads/Prod')?.status).toBe('failed');
    expect(report.snapshot().etaMs).toBeUndefined();
  });

  it('shows a step and the account ended by Ctrl-C as cancelled, without an ETA', async () => {
    const controller = new AbortController();
    orgs.on(MoveAccountCommand).callsFake(() => {
      controller.abort(new Error('interrupted'));
      throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    });
    const { ctx, io } = testContext();
    const report = new VendProgressReport(tickingClock(), { concurrency: 1, typicalCreationMs: 30_000 });
    const result = await vendAccount({ ...ctx, signal: controller.signal }, request, sampleSnapshot(), {
      wait: true,
      dryRun: false,
      timing,
      inFlight: [],
      progress: report.account(vendStepPlan({ wait: true, baseline: false })),
    });
    expect(result.status).toBe('failed');
    expect(io.tasks.find((task) => task.path === 'Prod → Workloads/Prod › move')?.status).toBe('cancelled');
    expect(io.tasks.find((task) => task.path === 'Prod → Workloads/Prod')?.status).toBe('cancelled');
    const last = io.progress.filter((entry) => entry.path === 'Prod → Workloads/Prod').at(-1);
    expect(last).toMatchObject({ text: 'cancelled at move into the OU', estimated: false });
  });
});
