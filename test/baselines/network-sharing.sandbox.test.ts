import { DescribeTransitGatewaysCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DeleteResourceShareCommand,
  DisassociateResourceShareCommand,
  GetResourceSharesCommand,
  RAMClient,
} from '@aws-sdk/client-ram';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { baselineOutcome } from '../../src/baselines/report.js';
import { exitCodeOf } from '../../src/core/exit-code.js';
import { clientConfig, startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';
import {
  buildDemoOrganization,
  cellStates,
  memberConfig,
  runDemoBaseline,
  sandboxContext,
} from './fixtures/demo-organization.js';

describe('the network step shares the transit gateway through AWS RAM', () => {
  it('shares it once with the organization before attaching; status shows a missing share or principal; apply repairs it', async () => {
    const { stateDir, accounts } = await buildDemoOrganization();
    const sandbox = await startTestSandbox({ stateDir });
    const { ctx } = sandboxContext(sandbox);
    const owner = await memberConfig(sandbox, accounts['Shared Services'] ?? '');
    const dev = new EC2Client(await memberConfig(sandbox, accounts.Dev ?? ''));
    // Before the baseline, Dev cannot see the Shared Services transit gateway at all.
    expect((await dev.send(new DescribeTransitGatewaysCommand({}))).TransitGateways).toEqual([]);
    const before = await runDemoBaseline(ctx, 'status');
    expect(cellStates(before)['organization/network']).toBe('missing');
    expect(before.organization.find((cell) => cell.step === 'network')?.differences).toEqual([
      'AWS RAM sharing with the organization is not enabled',
      expect.stringMatching(/^transit gateway tgw-[0-9a-f]+ is not shared through AWS RAM$/),
    ]);

    const applied = await runDemoBaseline(ctx, 'apply');
    expect(cellStates(applied)['organization/network']).toBe('applied');
    expect(cellStates(applied)['Dev/network']).toBe('applied');
    expect((await dev.send(new DescribeTransitGatewaysCommand({}))).TransitGateways).toHaveLength(1);
    const ram = new RAMClient(owner);
    const { resourceShares = [] } = await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));
    expect(resourceShares.map((share) => [share.name, share.allowExternalPrincipals])).toEqual([
      ['awsarch-transit-gateway', false],
    ]);
    const shareArn = resourceShares[0]?.resourceShareArn ?? '';
    expect(exitCodeOf(baselineOutcome(await runDemoBaseline(ctx, 'status'), true))).toBe(0);

    // Someone removes the organization from the share: DRIFT, repaired by apply into the same share.
    const { Organization } = await new OrganizationsClient(clientConfig(sandbox, {})).send(
      new DescribeOrganizationCommand({}),
    );
    const { resourceShareAssociations = [] } = await ram.send(
      new DisassociateResourceShareCommand({ resourceShareArn: shareArn, principals: [Organization?.Arn ?? ''] }),
    );
    expect(resourceShareAssociations[0]?.status).toBe('DISASSOCIATED');
    const drifted = await runDemoBaseline(ctx, 'status');
    expect(cellStates(drifted)['organization/network']).toBe('drift');
    expect(exitCodeOf(baselineOutcome(drifted, true))).toBe(3);
    await runDemoBaseline(ctx, 'apply');
    expect(cellStates(await runDemoBaseline(ctx, 'status'))['organization/network']).toBe('ok');

    // The share deleted: MISSING, and apply shares the gateway again.
    await ram.send(new DeleteResourceShareCommand({ resourceShareArn: shareArn }));
    expect(cellStates(await runDemoBaseline(ctx, 'status'))['organization/network']).toBe('missing');
    await runDemoBaseline(ctx, 'apply');
    expect(cellStates(await runDemoBaseline(ctx, 'status'))['organization/network']).toBe('ok');
  });
});
