import { describe, expect, it } from 'vitest';
import type { Ec2State } from '../../packages/aws-sandbox/src/services/ec2/model.js';
import type { CloudTrailState } from '../../packages/aws-sandbox/src/services/cloudtrail/model.js';
import { readSandboxState, startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';
import { buildDemoOrganization, cellStates, runDemoBaseline, sandboxContext } from './fixtures/demo-organization.js';

describe('the baseline runner under injected throttling', () => {
  it('converges with 30% of requests throttled, and nothing is lost or made twice', { timeout: 60_000 }, async () => {
    const { stateDir, accounts } = await buildDemoOrganization();
    const sandbox = await startTestSandbox({ stateDir, faults: 'throttle=0.3' });
    // The client factory's scheduler retries every throttled attempt, waiting in proportion to the
    // sandbox's round trip (milliseconds here); nothing in the baseline code retries on its own.
    const { ctx } = sandboxContext(sandbox);

    const applied = await runDemoBaseline(ctx, 'apply');
    // The errored cells with their error, so a failure says why (not only which cell).
    const errored = [
      ...applied.organization.map((cell) => ({ name: 'organization', cell })),
      ...applied.accounts.flatMap((account) => account.cells.map((cell) => ({ name: account.name, cell }))),
    ]
      .filter(({ cell }) => cell.state === 'error')
      .map(({ name, cell }) => `${name}/${cell.step}: ${cell.error?.code} ${cell.error?.message}`);
    expect(errored).toEqual([]);
    const status = await runDemoBaseline(ctx, 'status');
    expect(Object.entries(cellStates(status)).filter(([, state]) => state !== 'ok')).toEqual([]);
    // The throttling was real: a good share of the sandbox's answers were throttling errors.
    const throttled = sandbox.calls.filter(
      (call) =>
        call.errorCode !== undefined && /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/.test(call.errorCode),
    ).length;
    expect(throttled / sandbox.calls.length).toBeGreaterThan(0.2);

    // Exactly one of everything per member account: no VPC, attachment or trail was created twice by a retry.
    const state = (await readSandboxState(stateDir)) as unknown as {
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
