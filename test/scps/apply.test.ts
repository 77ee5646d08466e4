import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  ListAccountsCommand,
  ListTagsForResourceCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { describe, expect, test } from 'vitest';
import { applyOutcome, applyScps, diffOutcome, diffScps } from '../../src/scps/plan-actions.js';
import { LAYOUT, contextFor, request, setUp, snapshotOf } from './apply-fixture.js';

describe('scp apply against the sandbox', () => {
  test('applies the layout, then a second run makes no write call; diff agrees', async () => {
    const { sandbox, client, org } = await setUp();
    const first = contextFor(sandbox);
    const result = await applyScps(first.ctx, request({ from: LAYOUT }), { dryRun: false });
    expect(result.outcome?.enabledScps).toBe(true);
    expect(result.outcome?.policies.map((policy) => [policy.name, policy.status])).toEqual([
      ['DenyRootAccountUsage', 'done'],
      ['PreventSecurityChanges', 'done'],
      ['DenyPublicS3', 'done'],
      ['RequireEncryption', 'done'],
      ['RequireRegions', 'done'],
      ['RequireTags', 'done'],
    ]);
    expect(applyOutcome(result)).toBe('ok');
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
    const again = await applyScps(second.ctx, request({ from: LAYOUT }), { dryRun: false });
    expect(again.plan.writes).toBe(0);
    expect(again.outcome).toBeUndefined();
    const calls = second.ctx.aws.calls.snapshot();
    expect(calls.writes).toBe(0);
    expect(again.apiCalls).toEqual({ total: calls.total, reads: calls.reads, writes: 0 });
    expect(second.io.codes()).toContain('scp-no-changes');

    const diff = await diffScps(contextFor(sandbox).ctx, request({ from: LAYOUT }));
    expect(diffOutcome(diff, true)).toBe('ok');
  });

  test('a change made outside awsarch shows up in diff as a JSON diff (exit 3 with --detailed-exitcode) and apply reverts it', async () => {
    const { sandbox, client } = await setUp();
    const applied = await applyScps(
      contextFor(sandbox).ctx,
      request({ targets: ['Workloads'], policies: ['RequireRegions'] }),
      { dryRun: false },
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
    expect(diffOutcome(diff, true)).toBe('changes-pending');
    const reverted = contextFor(sandbox);
    await applyScps(reverted.ctx, request({ targets: ['Workloads'], policies: ['RequireRegions'] }), {
      dryRun: false,
    });
    expect(reverted.ctx.aws.calls.snapshot().byOperation['Organizations:UpdatePolicy']).toBe(1);
  });

  test('--dry-run shows the plan and writes nothing', async () => {
    const { sandbox, client, org } = await setUp();
    const { ctx } = contextFor(sandbox);
    const before = await snapshotOf(client, [org.rootId]);
    const result = await applyScps(ctx, request({ from: LAYOUT }), { dryRun: true });
    expect(result.plan.writes).toBe(1 + 6 + 6);
    expect(ctx.aws.calls.snapshot().writes).toBe(0);
    expect(await snapshotOf(client, [org.rootId])).toEqual(before);
  });

  test('the layout is declarative: an SCP moved to another OU is detached from the old one', async () => {
    const { sandbox, client, org } = await setUp();
    const { OrganizationalUnit: prod } = await client.send(
      new CreateOrganizationalUnitCommand({ ParentId: org.workloadsOuId, Name: 'Prod' }),
    );
    await applyScps(contextFor(sandbox).ctx, request({ from: LAYOUT }), { dryRun: false });
    const dir = await mkdtemp(join(tmpdir(), 'awsarch-layout-'));
    const moved = join(dir, 'layout.yaml');
    await writeFile(
      moved,
      'attachments:\n  - { target: root, policies: [DenyRootAccountUsage, PreventSecurityChanges, DenyPublicS3, RequireEncryption] }\n  - { target: Workloads, policies: [RequireRegions] }\n  - { target: Workloads/Prod, policies: [RequireTags] }\n',
    );
    const result = await applyScps(contextFor(sandbox).ctx, request({ from: moved }), {
      dryRun: false,
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

  test('many targets at once, a few at a time', async () => {
    const { sandbox, client } = await setUp();
    for (const name of ['A1', 'A2', 'A3', 'A4', 'A5'])
      await client.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    const { Accounts = [] } = await client.send(new ListAccountsCommand({}));
    const ids = Accounts.filter((account) => /^A\d$/.test(account.Name ?? '')).map((account) => account.Id ?? '');
    const result = await applyScps(
      contextFor(sandbox).ctx,
      request({ targets: ids, policies: ['DenyRootAccountUsage'] }),
      { dryRun: false },
    );
    expect(result.outcome?.targets.map((target) => target.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
  });
});

describe('two scp applies racing each other (no lease between them)', () => {
  test('both end with the one SCP: CreatePolicy meeting its twin adopts it when awsarch created it', async () => {
    const { sandbox, client, org } = await setUp();
    const { prepareScpPlan } = await import('../../src/scps/prepare.js');
    const { executeScpPlan } = await import('../../src/scps/apply.js');
    const { desiredFromOptions } = await import('../../src/scps/desired.js');
    const desired = await desiredFromOptions({
      targets: ['Workloads'],
      policies: ['DenyRootAccountUsage'],
      params: [],
    });
    const mode = { declarative: false, exclusive: false, adopt: false };
    const contexts = [contextFor(sandbox).ctx, contextFor(sandbox).ctx];
    const prepared = await Promise.all(contexts.map((ctx) => prepareScpPlan(ctx, desired, mode)));
    const outcomes = await Promise.all(
      contexts.map((ctx, i) => executeScpPlan(ctx, prepared[i]!.plan, org.rootId, desired.rendered)),
    );
    for (const outcome of outcomes)
      expect([...outcome.policies, ...outcome.targets].filter((step) => step.status === 'failed')).toEqual([]);
    const { policies } = await snapshotOf(client, []);
    expect(policies?.filter((name) => name === 'DenyRootAccountUsage')).toHaveLength(1);
  });
});
