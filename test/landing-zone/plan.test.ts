import { beforeAll, describe, expect, it } from 'vitest';
import { loadLandingZone } from '../../src/landing-zone/file/load.js';
import type { LiveLandingZone } from '../../src/landing-zone/live/model.js';
import { planLandingZone, type PlanOptions } from '../../src/landing-zone/plan/plan.js';
import type { LandingZoneSpec } from '../../src/landing-zone/spec.js';
import { compactPlanLines } from '../../src/ui/views/landing-zone-plan.js';
import {
  appliedLive,
  emptyLive,
  FULL_AWS_ACCESS_ID,
  idOf,
  MANAGEMENT_ID,
  organizationOf,
  ouIdByPath,
} from './fixtures/live.js';

const OPTIONS: PlanOptions = { prune: false, close: false, adopt: false, now: new Date('2026-12-01T00:00:00Z') };
let spec: LandingZoneSpec;

beforeAll(async () => {
  spec = await loadLandingZone('templates/landing-zone.yaml');
});

const render = (live: LiveLandingZone, options: Partial<PlanOptions> = {}, details = false) =>
  `${compactPlanLines(planLandingZone(spec, live, { ...OPTIONS, ...options }), { details }).join('\n')}\n`;

describe('the plan (golden outputs of the compact plan)', () => {
  it('builds the whole landing zone from nothing: organization, OUs, accounts, prerequisites, SCPs, baselines', async () => {
    const plan = planLandingZone(spec, emptyLive(), OPTIONS);
    expect(plan.refusals).toEqual([]);
    expect(plan.totals).toMatchObject({
      ous: { create: 5 },
      accounts: { create: 6 },
      scps: { create: 6, attach: 6 },
      prerequisites: 2,
      baselines: { accounts: 6, steps: 36 },
    });
    // In order: organization, OUs (parents first), accounts, prerequisites, SCPs, baselines.
    expect(plan.changes.map((change) => change.kind).filter((kind, i, all) => all.indexOf(kind) === i)).toEqual([
      'create-organization',
      'enable-scps',
      'create-ou',
      'create-account',
      'create-transit-gateway',
      'log-archive-bucket',
      'scp-policy',
      'scp-attachments',
      'baseline',
    ]);
    await expect(render(emptyLive())).toMatchFileSnapshot('golden/empty-organization.txt');
  });

  it('says nothing changes when AWS matches the file', async () => {
    const plan = planLandingZone(spec, appliedLive(spec), OPTIONS);
    expect(plan.changes).toEqual([]);
    expect(plan.totals.writes).toBe(0);
    await expect(render(appliedLive(spec))).toMatchFileSnapshot('golden/in-sync.txt');
  });

  it('shows drift: an account moved, a tag changed, an SCP edited and one detached, a baseline step broken', async () => {
    const live = appliedLive(spec);
    const dev = idOf(live, 'Dev');
    const account = live.organization.accounts.find((candidate) => candidate.id === dev);
    if (account) account.parentId = ouIdByPath(live, 'Workloads/Prod');
    (live.tags[idOf(live, 'Staging')] as Record<string, string>).env = 'test';
    const requireTags = live.scps.policies.find((policy) => policy.name === 'RequireTags');
    if (requireTags?.content) requireTags.content = requireTags.content.replace('"Deny"', '"Allow"');
    const workloads = ouIdByPath(live, 'Workloads');
    const regions = live.scps.policies.find((policy) => policy.name === 'RequireRegions')?.id;
    live.scps.attachments[workloads] = (live.scps.attachments[workloads] ?? []).filter((id) => id !== regions);
    live.baselines.accounts[idOf(live, 'Prod')] =
      live.baselines.accounts[idOf(live, 'Prod')]?.map((cell) =>
        cell.step === 'config'
          ? {
              ...cell,
              state: 'planned',
              found: 'drift',
              summary: '1 change(s): recorder stopped in us-west-2',
              differences: ['us-west-2: the recorder is not recording'],
              changes: ['start the recorder in us-west-2'],
            }
          : cell,
      ) ?? [];
    const plan = planLandingZone(spec, live, OPTIONS);
    expect(plan.changes.filter((change) => change.drift).map((change) => change.key)).toEqual([
      'account:Dev:move',
      'scp:RequireTags',
      'baseline:Prod',
    ]);
    await expect(render(live)).toMatchFileSnapshot('golden/drift.txt');
    await expect(render(live, {}, true)).toMatchFileSnapshot('golden/drift-details.txt');
  });

  it('reports what awsarch manages but the file no longer lists, and acts on it only with --prune', async () => {
    const live = appliedLive(spec);
    const old = organizationOf(
      ['Legacy', 'Security'],
      [{ name: 'Old', email: 'old@example.com', ou: 'Legacy', id: '299999999999' }],
    );
    live.organization.ous.push(...old.ous.filter((ou) => ou.path[0] === 'Legacy'));
    live.organization.accounts.push(...old.accounts.filter((acct) => acct.name === 'Old'));
    live.tags['299999999999'] = { 'awsarch:managed': 'true', 'awsarch:ou': 'Legacy' };
    live.tags[ouIdByPath(live, 'Legacy')] = { 'awsarch:managed': 'true' };
    live.scps.policies.push({
      id: 'p-oldpolicy1',
      name: 'OldGuardrail',
      description: 'old',
      content: '{}',
      awsManaged: false,
      managed: true,
    });
    live.scps.targetsOfPolicies['p-oldpolicy1'] = [{ id: ROOT(live), type: 'ROOT', name: 'Root' }];
    const report = planLandingZone(spec, live, OPTIONS);
    expect(report.changes).toEqual([]);
    expect(report.unmanaged.map((item) => `${item.type}:${item.name}`)).toEqual([
      'account:Old',
      'ou:Legacy',
      'scp:OldGuardrail',
    ]);
    await expect(render(live)).toMatchFileSnapshot('golden/unmanaged.txt');

    const prune = planLandingZone(spec, live, { ...OPTIONS, prune: true });
    expect(prune.changes.map((change) => change.key)).toEqual([
      'ou:Suspended',
      'prune:scp:OldGuardrail',
      'prune:account:Old',
      'prune:ou:Legacy',
    ]);
    await expect(render(live, { prune: true })).toMatchFileSnapshot('golden/prune.txt');
    const close = planLandingZone(spec, live, { ...OPTIONS, prune: true, close: true });
    expect(close.changes.map((change) => change.key)).toEqual(['prune:scp:OldGuardrail', 'prune:close:Old']);
    expect(close.unmanaged.find((item) => item.type === 'ou')?.prune).toBe('kept: it holds Old');
  });

  it('refuses, changing nothing, what would break a guardrail or belongs to someone else', async () => {
    const live = appliedLive(spec);
    const workloads = ouIdByPath(live, 'Workloads');
    // Three SCPs someone else attached to Workloads leave no room for awsarch's two: 6 of 5.
    for (const [id, name] of [
      ['p-foreign001', 'TeamGuardrail'],
      ['p-foreign002', 'CostGuardrail'],
      ['p-foreign003', 'DataGuardrail'],
    ] as const)
      live.scps.policies.push({ id, name, description: '', content: '{}', awsManaged: false, managed: false });
    live.scps.attachments[workloads] = [FULL_AWS_ACCESS_ID, 'p-foreign001', 'p-foreign002', 'p-foreign003'];
    const dev = live.organization.accounts.find((account) => account.name === 'Dev');
    if (dev) dev.name = 'Developer Sandbox';
    const plan = planLandingZone(spec, live, OPTIONS);
    expect(plan.refusals.map((refusal) => refusal.code)).toEqual(['email-in-use', 'scp-attachment-quota']);
    await expect(render(live)).toMatchFileSnapshot('golden/refused.txt');
  });

  it('never baselines the management account and waits for prerequisites this apply creates', () => {
    const live = appliedLive(spec);
    live.prerequisites.transitGateway = 'missing';
    live.baselines.blocked.network = 'the transit gateway awsarch-shared-tgw';
    for (const id of Object.keys(live.baselines.accounts))
      live.baselines.accounts[id] = (live.baselines.accounts[id] ?? []).filter((cell) => cell.step !== 'network');
    const plan = planLandingZone(spec, live, OPTIONS);
    const baselines = plan.changes.filter((change) => change.kind === 'baseline');
    expect(baselines).toHaveLength(6);
    expect(baselines.every((change) => change.dependsOn.includes('prerequisite:transit-gateway'))).toBe(true);
    expect(plan.changes.some((change) => 'accountId' in change && change.accountId === MANAGEMENT_ID)).toBe(false);
  });

  it("warns when the accounts exceed AWS's default quota of ten per organization", () => {
    const extra = Array.from({ length: 4 }, (_, i) => ({
      name: `Team ${i}`,
      email: `team${i}@example.com`,
      ou: ['Workloads', 'Prod'],
      tags: {},
    }));
    const plan = planLandingZone({ ...spec, accounts: [...spec.accounts, ...extra] }, emptyLive(), OPTIONS);
    expect(plan.warnings.map((warning) => warning.code)).toContain('account-quota');
    expect(planLandingZone(spec, emptyLive(), OPTIONS).warnings).toEqual([]);
  });

  it('gives the same plan id and digests for the same inputs, and others when AWS differs', () => {
    const first = planLandingZone(spec, emptyLive(), OPTIONS);
    const again = planLandingZone(spec, emptyLive(), { ...OPTIONS, now: new Date('2027-01-01T00:00:00Z') });
    expect(again.planId).toBe(first.planId);
    expect(again.changes.map((change) => change.digest)).toEqual(first.changes.map((change) => change.digest));
    const live = appliedLive(spec);
    live.organization.accounts = live.organization.accounts.filter((account) => account.name !== 'Prod');
    expect(planLandingZone(spec, live, OPTIONS).planId).not.toBe(first.planId);
  });
});

describe('an account creation already in progress', () => {
  it('is waited for, and the plan says its account is taken only if the e-mail matches (AWS shows it only then)', () => {
    const live = emptyLive();
    live.inFlight = [{ id: 'car-0123456789abcdef', accountName: 'Security' }];
    const plan = planLandingZone(spec, live, OPTIONS);
    const security = plan.changes.find((change) => change.key === 'account:Security');
    expect(security).toMatchObject({ kind: 'create-account', requestId: 'car-0123456789abcdef' });
    const lines = compactPlanLines(plan, { details: false });
    const accountLine = lines.slice(lines.indexOf('Accounts')).find((text) => text.startsWith('  + Security'));
    expect(accountLine).toContain(
      'create (a request for this name is in progress: its account is taken if the e-mail matches)',
    );
    expect(compactPlanLines(plan, { details: false }).join('\n')).not.toContain('already requested');
  });
});

function ROOT(live: ReturnType<typeof appliedLive>): string {
  return live.organization.rootId;
}
