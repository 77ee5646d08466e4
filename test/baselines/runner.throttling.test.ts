import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { describe, expect, it } from 'vitest';
import type { Ec2State } from '../../packages/aws-sandbox/src/services/ec2/model.js';
import type { CloudTrailState } from '../../packages/aws-sandbox/src/services/cloudtrail/model.js';
import { startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';
import { buildDemoOrganization, cellStates, runDemoBaseline, sandboxContext } from './fixtures/demo-organization.js';

describe('the baseline runner under injected throttling', () => {
  it('converges with 30% of requests throttled, and nothing is lost or made twice', { timeout: 60_000 }, async () => {
    const { stateDir, accounts } = await buildDemoOrganization();
    const sandbox = await startTestSandbox({ stateDir, faults: 'throttle=0.3' });
    // The SDK's adaptive retries wait 0.5 s and more per throttled call (minutes for this test); the same
    // number of attempts with 5 ms waits keeps the test short. ServiceLimits retries on top, as always.
    const { ctx } = sandboxContext(sandbox, { retryStrategy: new ConfiguredRetryStrategy(6, 5) });
    // The default baseline without resolverRules: the one Route 53 Resolver client on npm (3.654) predates the
    // retry-strategy interface of ConfiguredRetryStrategy above and cannot take it.
    const baseline = join(stateDir, 'baseline-without-resolver-rules.yaml');
    const text = await readFile('templates/baselines/default.yaml', 'utf8');
    await writeFile(baseline, text.replace(/\n    resolverRules:\n      owner: [^\n]*/, ''));
    const retry = { retry: { retries: 8, minTimeoutMs: 5 }, baseline };

    const applied = await runDemoBaseline(ctx, 'apply', retry);
    expect(Object.entries(cellStates(applied)).filter(([, state]) => state === 'error')).toEqual([]);
    const status = await runDemoBaseline(ctx, 'status', retry);
    expect(Object.entries(cellStates(status)).filter(([, state]) => state !== 'ok')).toEqual([]);
    // The throttling was real: a good share of the sandbox's answers were throttling errors.
    const throttled = sandbox.calls.filter(
      (call) =>
        call.errorCode !== undefined && /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/.test(call.errorCode),
    ).length;
    expect(throttled / sandbox.calls.length).toBeGreaterThan(0.2);

    // Exactly one of everything per member account: no VPC, attachment or trail was created twice by a retry.
    const state = JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8')) as {
      services: { ec2: Ec2State; cloudtrail: CloudTrailState };
    };
    for (const accountId of Object.values(accounts)) {
      expect(Object.keys(state.services.ec2.accounts[accountId]?.['us-east-1']?.vpcs ?? {}), accountId).toHaveLength(1);
      expect(Object.keys(state.services.ec2.accounts[accountId]?.['us-east-1']?.subnets ?? {}), accountId).toHaveLength(
        3,
      );
      expect(
        Object.values(state.services.cloudtrail.trails).filter((trail) => trail.accountId === accountId),
      ).toHaveLength(1);
    }
    const attachments = Object.values(state.services.ec2.accounts).flatMap((regions) =>
      Object.values(regions['us-east-1']?.transitGatewayAttachments ?? {}),
    );
    expect(attachments.filter((attachment) => attachment.state === 'available')).toHaveLength(6);
  });
});
