import { afterEach, describe, expect, it } from 'vitest';
import { readOrganization } from '../../src/accounts/org-reader.js';
import { formatOuPath, pathOfParent } from '../../src/accounts/ou-path.js';
import { loadBaseline } from '../../src/baselines/definition.js';
import type { StepName } from '../../src/baselines/model.js';
import { newBaselineSession } from '../../src/baselines/run-context.js';
import { runBaseline } from '../../src/baselines/runner.js';
import { selectBaselineAccounts } from '../../src/baselines/select-accounts.js';
import { startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';
import { firstOf, firstRest, startLossyProxy, type LossyProxy, type ProxiedRequest } from '../helpers/lossy-proxy.js';
import { buildDemoOrganization, cellStates, sandboxContext } from './fixtures/demo-organization.js';

const proxies: LossyProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

// A create whose answer is lost (a dropped connection, a timeout after AWS made the change) is sent again
// by the SDK's retry: the retry must take what the first attempt made, never make a second one.
describe('a baseline create whose answer is lost is retried without creating twice', () => {
  it.each<[StepName, string, () => (request: ProxiedRequest) => boolean]>([
    ['roles', 'CreateRole', () => firstOf('CreateRole')],
    ['cloudtrail', 'CreateTrail', () => firstOf('CreateTrail')],
    // GuardDuty speaks REST: the operation is in the path.
    ['guardduty', 'EnableOrganizationAdminAccount', () => firstRest('POST', /^\/admin\/enable$/)],
    ['guardduty', 'CreateMembers', () => firstRest('POST', /^\/detector\/[^/]+\/member$/)],
    ['network', 'CreateVpc', () => firstOf('CreateVpc')],
    ['network', 'CreateSubnet', () => firstOf('CreateSubnet')],
    ['network', 'CreateTransitGatewayVpcAttachment', () => firstOf('CreateTransitGatewayVpcAttachment')],
  ])('%s: the answer to %s is lost once', async (step, _operation, lose) => {
    const { stateDir } = await buildDemoOrganization({ seed: true });
    const sandbox = await startTestSandbox({ stateDir });
    const proxy = await startLossyProxy(sandbox.endpoint, lose());
    proxies.push(proxy);
    const { ctx } = sandboxContext({ endpoint: proxy.endpoint });
    const snapshot = await readOrganization(ctx.aws);
    const baseline = await loadBaseline('default');
    const accounts = selectBaselineAccounts(snapshot, { accounts: [], all: true }).accounts.map((account) => ({
      ...account,
      ou: formatOuPath(pathOfParent(snapshot, account.parentId) ?? []),
    }));
    const run = (mode: 'apply' | 'status') =>
      runBaseline({ ctx, mode, baseline, snapshot, session: newBaselineSession() }, accounts, [step]);
    const applied = await run('apply');
    expect(proxy.lost).toHaveLength(1);
    expect(Object.entries(cellStates(applied)).filter(([, state]) => state === 'error')).toEqual([]);
    // Nothing was made twice: a duplicate would be DRIFT (two VPCs from the pool, two baseline trails).
    const status = await run('status');
    expect(Object.entries(cellStates(status)).filter(([, state]) => state !== 'ok')).toEqual([]);
  });
});
