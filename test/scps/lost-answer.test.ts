import { ListPoliciesCommand, ListTagsForResourceCommand } from '@aws-sdk/client-organizations';
import { SANDBOX_CREDENTIALS } from '@awsarch/aws-sandbox';
import { afterEach, describe, expect, test } from 'vitest';
import { applyScps } from '../../src/scps/plan-actions.js';
import { organizationWithMember } from '../../packages/aws-sandbox/test/fixtures/scp-organization.js';
import { organizationsClient, startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';
import { testContext } from '../helpers/context.js';
import { firstOf, startLossyProxy, type LossyProxy } from '../helpers/lossy-proxy.js';

const proxies: LossyProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

// CreatePolicy has no idempotency token: when its answer is lost, the SDK sends it again and AWS answers
// DuplicatePolicyException. The SCP the first attempt made (tagged awsarch:managed) is then taken.
describe('scp apply when the answer to CreatePolicy is lost', () => {
  test('the retry takes the SCP the first attempt made: one SCP, attached, reported done', async () => {
    const sandbox = await startTestSandbox();
    const client = organizationsClient(sandbox);
    const org = await organizationWithMember(client, { enableScps: true });
    const proxy = await startLossyProxy(sandbox.endpoint, firstOf('CreatePolicy'));
    proxies.push(proxy);
    const { ctx } = testContext({
      target: { endpoint: proxy.endpoint, credentials: SANDBOX_CREDENTIALS, maxAttempts: 3 },
      options: { yes: true },
    });
    const result = await applyScps(
      ctx,
      { targets: ['Workloads'], policies: ['DenyRootAccountUsage'], params: [], exclusive: false, adopt: false },
      { dryRun: false },
    );
    expect(proxy.lost).toHaveLength(1);
    expect(result.outcome?.policies.map((policy) => [policy.name, policy.status])).toEqual([
      ['DenyRootAccountUsage', 'done'],
    ]);
    expect(result.outcome?.targets.filter((step) => step.status === 'failed')).toEqual([]);
    const { Policies = [] } = await client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    const made = Policies.filter((policy) => policy.Name === 'DenyRootAccountUsage');
    expect(made).toHaveLength(1);
    const { Tags = [] } = await client.send(new ListTagsForResourceCommand({ ResourceId: made[0]?.Id }));
    expect(Tags).toContainEqual({ Key: 'awsarch:managed', Value: 'true' });
    expect(org.workloadsOuId).toMatch(/^ou-/);
  });
});
