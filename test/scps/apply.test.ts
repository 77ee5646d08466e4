import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  ListAccountsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListTagsForResourceCommand,
  UpdatePolicyCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { describe, expect, test } from 'vitest';
import { applyExitCode, applyScps, diffScps, type ScpPlanRequest } from '../../src/scps/plan-actions.js';
import { diffView } from '../../src/scps/plan-views.js';
import { SANDBOX_CREDENTIALS, SANDBOX_MANAGEMENT_ACCOUNT_ID, type RunningSandbox } from '@awsarch/aws-sandbox';
import { testContext } from '../helpers/context.js';
import {
  organizationWithMember,
  type ScpOrganization,
} from '../../packages/aws-sandbox/test/fixtures/scp-organization.js';
import { organizationsClient, startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';

const LAYOUT = 'templates/scps/landing-zone-scps.yaml';
const SCP = 'SERVICE_CONTROL_POLICY' as const;

function contextFor(sandbox: RunningSandbox) {
  return testContext({
    target: { endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS },
    options: { yes: true },
  });
}

const request = (overrides: Partial<ScpPlanRequest>): ScpPlanRequest => ({
  targets: [],
  policies: [],
  params: [],
  exclusive: false,
  adopt: false,
  ...overrides,
});

async function snapshotOf(client: OrganizationsClient, targets: string[]) {
  const policies = (await client.send(new ListPoliciesCommand({ Filter: SCP }))).Policies?.map((policy) => policy.Name);
  const attached = await Promise.all(
    targets.map(async (target) =>
      (await client.send(new ListPoliciesForTargetCommand({ TargetId: target, Filter: SCP }))).Policies?.map(
        (policy) => policy.Name,
      ),
    ),
  );
  return { policies, attached };
}

async function setUp(): Promise<{ sandbox: RunningSandbox; client: OrganizationsClient; org: ScpOrganization }> {
  const sandbox = await startTestSandbox();
  const client = organizationsClient(sandbox);
  const org = await organizationWithMember(client, { enableScps: false });
  return { sandbox, client, org };
}

describe('scp apply against the sandbox', () => {
  test('applies the layout, then a second run makes no write call; diff agrees', async () => {
    const { sandbox, client, org } = await setUp();
    const first = contextFor(sandbox);
    const result = await applyScps(first.ctx, request({ from: LAYOUT }), { dryRun: false, concurrency: 4 });
    expect(result.outcome?.enabledScps).toBe(true);
    expect(result.outcome?.policies.map((policy) => [policy.name, policy.status])).toEqual([
      ['DenyRootAccountUsage', 'done'],
      ['PreventSecurityChanges', 'done'],
      ['DenyPublicS3', 'done'],
      ['RequireEncryption', 'done'],
      ['RequireRegions', 'done'],
      ['RequireTags', 'done'],
    ]);
    expect(applyExitCode(result)).toBe(0);
    expect(first.ctx.aws.calls.snapshot().writes).toBe(1 + 6 + 6);
    expect(await snapshotOf(client, [org.rootId, org.workloadsOuId, org.memberAccountId])).toEqual({
      policies: [
        'FullAWSAccess',
        'DenyRootAccountUsage',
        'PreventSecurityChanges',
        'DenyPublicS3',
        'RequireEncryption',
        'RequireRegions',
        'RequireTags',
      ],
      attached: [
        ['FullAWSAccess', 'DenyRootAccountUsage', 'PreventSecurityChanges', 'DenyPublicS3', 'RequireEncryption'],
        ['FullAWSAccess', 'RequireRegions', 'RequireTags'],
        ['FullAWSAccess'],
      ],
    });
    const managed = await client.send(
      new ListTagsForResourceCommand({ ResourceId: result.outcome?.policies[0]?.policyId }),
    );
    expect(managed.Tags).toEqual([{ Key: 'awsarch:managed', Value: 'true' }]);

    const second = contextFor(sandbox);
    const again = await applyScps(second.ctx, request({ from: LAYOUT }), { dryRun: false, concurrency: 4 });
    expect(again.plan.writes).toBe(0);
    expect(again.outcome).toBeUndefined();
    const calls = second.ctx.aws.calls.snapshot();
    expect(calls.writes).toBe(0);
    expect(again.apiCalls).toEqual({ total: calls.total, reads: calls.reads, writes: 0 });
    expect(second.io.codes()).toContain('scp-no-changes');

    const diff = await diffScps(contextFor(sandbox).ctx, request({ from: LAYOUT }));
    expect(diffView(diff, true).exitCode).toBe(0);
  });

  test('a change made outside awsarch shows up in diff as a JSON diff (exit 3 with --detailed-exitcode) and apply reverts it', async () => {
    const { sandbox, client } = await setUp();
    const applied = await applyScps(
      contextFor(sandbox).ctx,
      request({ targets: ['Workloads'], policies: ['RequireRegions'] }),
      { dryRun: false, concurrency: 2 },
    );
    const policyId = applied.outcome?.policies[0]?.policyId;
    await client.send(
      new UpdatePolicyCommand({
        PolicyId: policyId,
        Content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*' }],
        }),
      }),
    );
    const diff = await diffScps(
      contextFor(sandbox).ctx,
      request({ targets: ['Workloads'], policies: ['RequireRegions'] }),
    );
    expect(diff.plan.policies[0]).toMatchObject({ action: 'update', contentChanged: true });
    expect(diff.plan.policies[0]?.diff).toContain('-       "Action": "ec2:RunInstances",');
    expect(diffView(diff, true).exitCode).toBe(3);
    const reverted = contextFor(sandbox);
    await applyScps(reverted.ctx, request({ targets: ['Workloads'], policies: ['RequireRegions'] }), {
      dryRun: false,
      concurrency: 2,
    });
    expect(reverted.ctx.aws.calls.snapshot().byOperation['Organizations:UpdatePolicy']).toBe(1);
  });

  test('--dry-run shows the plan and writes nothing', async () => {
    const { sandbox, client, org } = await setUp();
    const { ctx } = contextFor(sandbox);
    const before = await snapshotOf(client, [org.rootId]);
    const result = await applyScps(ctx, request({ from: LAYOUT }), { dryRun: true, concurrency: 4 });
    expect(result.plan.writes).toBe(1 + 6 + 6);
    expect(ctx.aws.calls.snapshot().writes).toBe(0);
    expect(await snapshotOf(client, [org.rootId])).toEqual(before);
  });

  test('the layout is declarative: an SCP moved to another OU is detached from the old one', async () => {
    const { sandbox, client, org } = await setUp();
    const { OrganizationalUnit: prod } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: org.workloadsOuId, Name: 'Prod' }),
    );
    await applyScps(contextFor(sandbox).ctx, request({ from: LAYOUT }), { dryRun: false, concurrency: 4 });
    const dir = await mkdtemp(join(tmpdir(), 'awsarch-layout-'));
    const moved = join(dir, 'layout.yaml');
    await writeFile(
      moved,
      'attachments:\n  - { target: root, policies: [DenyRootAccountUsage, PreventSecurityChanges, DenyPublicS3, RequireEncryption] }\n  - { target: Workloads, policies: [RequireRegions] }\n  - { target: Workloads/Prod, policies: [RequireTags] }\n',
    );
    const result = await applyScps(contextFor(sandbox).ctx, request({ from: moved }), {
      dryRun: false,
      concurrency: 4,
    });
    expect(result.outcome?.targets.map((target) => [target.target, target.attached, target.detached])).toEqual([
      ['root', [], []],
      ['Workloads', [], ['RequireTags']],
      ['Workloads/Prod', ['RequireTags'], []],
    ]);
    expect((await snapshotOf(client, [org.workloadsOuId, prod?.Id ?? ''])).attached).toEqual([
      ['FullAWSAccess', 'RequireRegions'],
      ['FullAWSAccess', 'RequireTags'],
    ]);
  });

  test('a Deny of every action headed for the root is called out', async () => {
    const { sandbox } = await setUp();
    const dir = await mkdtemp(join(tmpdir(), 'awsarch-deny-all-'));
    const file = join(dir, 'stop-everything.json');
    await writeFile(
      file,
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }),
    );
    const { ctx, io } = contextFor(sandbox);
    await applyScps(ctx, request({ targets: ['root'], policies: [file] }), { dryRun: true, concurrency: 2 });
    expect(io.codes('warn')).toContain('scp-deny-all-on-root');
  });

  test('many targets at once, a few at a time', async () => {
    const { sandbox, client } = await setUp();
    for (const name of ['A1', 'A2', 'A3', 'A4', 'A5'])
      await client.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    const { Accounts = [] } = await client.send(new ListAccountsCommand({}));
    const ids = Accounts.filter((account) => /^A\d$/.test(account.Name ?? '')).map((account) => account.Id ?? '');
    const result = await applyScps(
      contextFor(sandbox).ctx,
      request({ targets: ids, policies: ['DenyRootAccountUsage'] }),
      { dryRun: false, concurrency: 2 },
    );
    expect(result.outcome?.targets.map((target) => target.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
  });
});

describe('scp apply guardrails refuse and change nothing', () => {
  async function refused(setUpDone: Awaited<ReturnType<typeof setUp>>, planRequest: ScpPlanRequest, code: string) {
    const { sandbox, client, org } = setUpDone;
    const before = await snapshotOf(client, [org.rootId, org.workloadsOuId, SANDBOX_MANAGEMENT_ACCOUNT_ID]);
    const { ctx } = contextFor(sandbox);
    const error = await applyScps(ctx, planRequest, { dryRun: false, concurrency: 4 }).then(
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
      concurrency: 2,
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
      { dryRun: false, concurrency: 2 },
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
        concurrency: 2,
      }),
    ).rejects.toThrow(/does not look right/);
    await expect(
      applyScps(
        ctx,
        request({ targets: ['root'], policies: ['RequireRegions'], params: ['allowedRegion=eu-west-1'] }),
        { dryRun: false, concurrency: 2 },
      ),
    ).rejects.toThrow(/no selected SCP has a parameter named allowedRegion/);
    await expect(
      applyScps(ctx, request({ targets: ['Nowhere'], policies: ['RequireRegions'] }), {
        dryRun: false,
        concurrency: 2,
      }),
    ).rejects.toThrow(/OU "Nowhere" does not exist/);
    expect(ctx.aws.calls.snapshot().writes).toBe(0);
  });

  test('without --yes and without a terminal, apply asks for confirmation and changes nothing', async () => {
    const { sandbox } = await setUp();
    const { ctx } = testContext({ target: { endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS } });
    await expect(applyScps(ctx, request({ from: LAYOUT }), { dryRun: false, concurrency: 2 })).rejects.toMatchObject({
      code: 'confirmation-required',
      exitCode: 2,
    });
    expect(ctx.aws.calls.snapshot().writes).toBe(0);
  });
});
