import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePolicyCommand, ListTagsForResourceCommand } from '@aws-sdk/client-organizations';
import { describe, expect, test } from 'vitest';
import { applyScps, type ScpPlanRequest } from '../../src/scps/plan-actions.js';
import { SANDBOX_CREDENTIALS, SANDBOX_MANAGEMENT_ACCOUNT_ID } from '@awsarch/aws-sandbox';
import { testContext } from '../helpers/context.js';
import { LAYOUT, SCP, contextFor, request, setUp, snapshotOf } from './apply-fixture.js';

describe('scp apply guardrails refuse and change nothing', () => {
  async function refused(setUpDone: Awaited<ReturnType<typeof setUp>>, planRequest: ScpPlanRequest, code: string) {
    const { sandbox, client, org } = setUpDone;
    const before = await snapshotOf(client, [org.rootId, org.workloadsOuId, SANDBOX_MANAGEMENT_ACCOUNT_ID]);
    const { ctx } = contextFor(sandbox);
    const error = await applyScps(ctx, planRequest, { dryRun: false }).then(
      () => undefined,
      (failure: unknown) =>
        failure as { code: string; exitCode: number; details?: { refusals: Array<{ code: string }> } },
    );
    expect(error?.exitCode).toBe(2);
    expect(error?.details?.refusals.map((refusal) => refusal.code) ?? [error?.code]).toContain(code);
    expect(ctx.aws.calls.snapshot().writes).toBe(0);
    expect(await snapshotOf(client, [org.rootId, org.workloadsOuId, SANDBOX_MANAGEMENT_ACCOUNT_ID])).toEqual(before);
    return error;
  }

  async function denyAllFile(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'awsarch-deny-all-'));
    const file = join(dir, 'stop-everything.json');
    await writeFile(
      file,
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }),
    );
    return file;
  }

  test('a Deny of every action on an OU, naming the policy, the OU and the accounts locked out', async () => {
    const setUpDone = await setUp();
    const error = await refused(
      setUpDone,
      request({ targets: ['Workloads'], policies: [await denyAllFile()] }),
      'scp-lockout',
    );
    expect(error?.details?.refusals).toEqual([
      expect.objectContaining({
        code: 'scp-lockout',
        target: 'Workloads',
        policy: 'StopEverything',
        accounts: [
          { id: setUpDone.org.memberAccountId, label: expect.stringContaining(setUpDone.org.memberAccountId) },
        ],
      }),
    ]);
  });

  test('a Deny of every action on the root, even with --allow-lockout', async () => {
    await refused(
      await setUp(),
      request({ targets: ['root'], policies: [await denyAllFile()], allowLockout: true }),
      'scp-lockout',
    );
  });

  test('more SCPs on a target than the quota of five', async () => {
    const error = await refused(
      await setUp(),
      request({
        targets: ['root'],
        policies: [
          'DenyRootAccountUsage',
          'PreventSecurityChanges',
          'DenyPublicS3',
          'RequireEncryption',
          'RequireRegions',
        ],
      }),
      'scp-attachment-quota',
    );
    expect((error as unknown as Error).message).toMatch(/root would have 6 SCPs attached/);
  });

  test('the management account as a target', async () => {
    const error = await refused(
      await setUp(),
      request({ targets: [SANDBOX_MANAGEMENT_ACCOUNT_ID], policies: ['RequireRegions'] }),
      'scp-management-account',
    );
    expect((error as unknown as Error).message).toMatch(/SCPs never restrict the management account/);
  });

  test('detaching FullAWSAccess (--exclusive without it)', async () => {
    const ready = await setUp();
    await applyScps(contextFor(ready.sandbox).ctx, request({ targets: ['Workloads'], policies: ['RequireRegions'] }), {
      dryRun: false,
    });
    await refused(
      ready,
      request({ targets: ['Workloads'], policies: ['RequireRegions'], exclusive: true }),
      'scp-detach-full-access',
    );
  });

  test('an SCP of the same name that awsarch did not create; --adopt takes it over', async () => {
    const ready = await setUp();
    await ready.client.send(
      new CreatePolicyCommand({
        Name: 'RequireRegions',
        Description: 'hand-made',
        Type: SCP,
        Content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }],
        }),
      }),
    );
    await refused(ready, request({ targets: ['Workloads'], policies: ['RequireRegions'] }), 'scp-not-managed');
    const adopted = await applyScps(
      contextFor(ready.sandbox).ctx,
      request({ targets: ['Workloads'], policies: ['RequireRegions'], adopt: true }),
      { dryRun: false },
    );
    expect(adopted.outcome?.policies[0]).toMatchObject({ action: 'adopt', status: 'done' });
    const tags = await ready.client.send(
      new ListTagsForResourceCommand({ ResourceId: adopted.outcome?.policies[0]?.policyId }),
    );
    expect(tags.Tags).toEqual([{ Key: 'awsarch:managed', Value: 'true' }]);
  });

  test('an invalid policy or parameter stops before any AWS call', async () => {
    const { sandbox } = await setUp();
    const { ctx } = contextFor(sandbox);
    await expect(
      applyScps(ctx, request({ targets: ['root'], policies: ['RequireRegions'], params: ['allowedRegions=mars-1'] }), {
        dryRun: false,
      }),
    ).rejects.toThrow(/does not look right/);
    await expect(
      applyScps(
        ctx,
        request({ targets: ['root'], policies: ['RequireRegions'], params: ['allowedRegion=eu-west-1'] }),
        { dryRun: false },
      ),
    ).rejects.toThrow(/no selected SCP has a parameter named allowedRegion/);
    await expect(
      applyScps(ctx, request({ targets: ['Nowhere'], policies: ['RequireRegions'] }), {
        dryRun: false,
      }),
    ).rejects.toThrow(/OU "Nowhere" does not exist/);
    expect(ctx.aws.calls.snapshot().writes).toBe(0);
  });

  test('without --yes and without a terminal, apply asks for confirmation and changes nothing', async () => {
    const { sandbox } = await setUp();
    const { ctx } = testContext({ target: { endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS } });
    await expect(applyScps(ctx, request({ from: LAYOUT }), { dryRun: false })).rejects.toMatchObject({
      code: 'confirmation-required',
      exitCode: 2,
    });
    expect(ctx.aws.calls.snapshot().writes).toBe(0);
  });
});
