import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeBudget, closeQuota } from '../../src/accounts/close-quota.js';
import { adoptableItems, adoptInto, selectAdoptions, unpadFlowSequences } from '../../src/landing-zone/adopt.js';
import { withoutBlockedSteps } from '../../src/landing-zone/apply/execute.js';
import {
  interruptedRun,
  journalPathFor,
  markSuperseded,
  RunJournal,
  summarizeJournal,
} from '../../src/landing-zone/apply/journal.js';
import { deliveryStatements, withDeliveryStatements } from '../../src/landing-zone/apply/log-archive-policy.js';
import { loadLandingZone } from '../../src/landing-zone/file/load.js';
import type { Change } from '../../src/landing-zone/plan/model.js';
import { planLandingZone } from '../../src/landing-zone/plan/plan.js';
import { compareWithSaved } from '../../src/landing-zone/saved-plan.js';
import type { LandingZoneSpec } from '../../src/landing-zone/spec.js';
import { appliedLive, emptyLive, idOf, ouIdByPath } from './fixtures/live.js';

const OPTIONS = { prune: false, close: false, adopt: false, now: new Date('2026-12-01T00:00:00Z') };
let spec: LandingZoneSpec;
beforeAll(async () => {
  spec = await loadLandingZone('templates/landing-zone.yaml');
});

describe('the run journal', () => {
  it('keeps every line on disk, ignores a line torn by a kill, and knows an interrupted run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsarch-journal-'));
    const path = journalPathFor(dir, 'plan0001');
    const journal = RunJournal.open(path, { planId: 'plan0001', source: 'lz.yaml', sha256: 'abc', changes: 3 });
    journal.begin('ou:Security');
    journal.done('ou:Security', 'ou-1');
    journal.begin('account:Dev');
    appendFileSync(path, '{"type":"done","key":"acc'); // the kill -9
    expect(summarizeJournal(path)).toMatchObject({
      planId: 'plan0001',
      ended: false,
      done: ['ou:Security'],
      changes: 3,
    });
    expect(interruptedRun(dir, 'abc')?.planId).toBe('plan0001');
    expect(interruptedRun(dir, 'other')).toBeUndefined();
    markSuperseded(path, 'plan0002');
    expect(interruptedRun(dir, 'abc')).toBeUndefined();
  });
});

describe('a saved plan against a fresh one', () => {
  it('is the same plan, stale when AWS changed, or resumable after an interrupted apply of it', () => {
    const saved = planLandingZone(spec, emptyLive(), OPTIONS);
    expect(compareWithSaved(saved, planLandingZone(spec, emptyLive(), OPTIONS))).toEqual({ state: 'same' });

    const applied = appliedLive(spec);
    const dev = applied.organization.accounts.find((account) => account.name === 'Dev');
    if (dev) dev.parentId = ouIdByPath(applied, 'Workloads/Prod');
    const base = appliedLive(spec);
    const before = planLandingZone(spec, base, OPTIONS);
    const after = planLandingZone(spec, applied, OPTIONS);
    const stale = compareWithSaved(before, after);
    expect(stale).toEqual({ state: 'stale', differences: ['+ account:Dev:move: not in the saved plan'] });

    // An interrupted apply of the saved plan did all but the baselines: what is left is part of it.
    const journal = { path: '', planId: saved.planId, startedAt: '', ended: false, done: [], begun: [], changes: 29 };
    const left = { ...saved, changes: saved.changes.filter((change) => change.kind === 'baseline') };
    expect(compareWithSaved(saved, left, journal)).toMatchObject({ state: 'resume', remaining: 6 });
    expect(compareWithSaved(saved, left, { ...journal, planId: 'another' }).state).toBe('stale');
    // Someone made the Security OU outside awsarch meanwhile: not part of the saved plan's work.
    const foreign = {
      ...left,
      changes: [
        ...left.changes,
        {
          kind: 'tag-ou' as const,
          key: 'ou:Security:tag',
          path: ['Security'],
          ouId: 'ou-x',
          dependsOn: [],
          drift: false,
          writes: 1,
          digest: 'x',
        },
      ],
    };
    expect(compareWithSaved(saved, foreign, journal).state).toBe('stale');
  });
});

describe('baselines when a prerequisite failed', () => {
  const change: Extract<Change, { kind: 'baseline' }> = {
    kind: 'baseline',
    key: 'baseline:Dev',
    name: 'Dev',
    baseline: 'default',
    steps: ['cloudtrail', 'config', 'guardduty', 'network', 'roles'].map((step) => ({
      step,
      summary: 'new account',
      changes: [],
      differences: [],
    })),
    dependsOn: ['account:Dev', 'prerequisite:transit-gateway', 'prerequisite:log-archive-bucket'],
    drift: false,
    writes: 5,
  };
  it('runs the steps that do not need it, skips the account when the account itself failed', () => {
    const tgwFailed = withoutBlockedSteps(change, (key) =>
      key === 'prerequisite:transit-gateway' ? 'failed' : 'done',
    );
    expect(tgwFailed.change.steps.map((step) => step.step)).toEqual(['cloudtrail', 'config', 'guardduty', 'roles']);
    expect(tgwFailed.dropped).toBe('network not applied: needs prerequisite:transit-gateway, which did not succeed');
    expect(withoutBlockedSteps(change, (key) => (key === 'account:Dev' ? 'failed' : 'done')).skipped).toMatch(
      /needs account:Dev/,
    );
    expect(withoutBlockedSteps(change, () => 'done')).toEqual({ change });
  });
});

describe("AWS's closing quota", () => {
  it('counts every closed account still in the organization, and never goes below zero', () => {
    expect(closeQuota(10)).toBe(250);
    const accounts = [
      { id: '1', name: 'm', email: 'm', status: 'ACTIVE', parentId: 'r' },
      ...Array.from({ length: 3 }, (_, i) => ({
        id: `c${i}`,
        name: 'c',
        email: 'c',
        status: 'SUSPENDED',
        parentId: 'r',
      })),
      { id: 'p', name: 'p', email: 'p', status: 'PENDING_CLOSURE', parentId: 'r' },
    ];
    expect(closeBudget(accounts, '1')).toEqual({ quota: 250, used: 4, remaining: 246, inProgress: 1 });
  });
});

describe('the log-archive bucket policy', () => {
  it('adds the delivery statements and keeps the bucket owner’s own', () => {
    const own = {
      Sid: 'TeamReadOnly',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::1:root' },
      Action: 's3:GetObject',
      Resource: '*',
    };
    const stale = {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'old',
    };
    const merged = JSON.parse(
      withDeliveryStatements(
        JSON.stringify({ Version: '2012-10-17', Statement: [own, stale] }),
        deliveryStatements('logs', 'o-1', 'org'),
      ),
    );
    expect(merged.Statement.map((statement: { Sid: string }) => statement.Sid)).toEqual([
      'TeamReadOnly',
      'AWSCloudTrailAclCheck',
      'AWSCloudTrailWrite',
      'AWSConfigBucketPermissionsCheck',
      'AWSConfigBucketDelivery',
    ]);
    expect(merged.Statement[2].Resource).toBe('arn:aws:s3:::logs/org/AWSLogs/*');
    expect(JSON.parse(withDeliveryStatements(undefined, deliveryStatements('logs', 'o-1'))).Statement).toHaveLength(4);
  });
});

describe('adopting drift into the file', () => {
  it('writes the live OU, tags, attachments and accounts into the file, keeping its comments and layout', async () => {
    const live = appliedLive(spec);
    const dev = live.organization.accounts.find((account) => account.name === 'Dev');
    if (dev) dev.parentId = ouIdByPath(live, 'Workloads/Prod');
    (live.tags[idOf(live, 'Prod')] as Record<string, string>).env = 'production';
    const workloads = ouIdByPath(live, 'Workloads');
    const tags = live.scps.policies.find((policy) => policy.name === 'RequireTags')?.id;
    live.scps.attachments[workloads] = (live.scps.attachments[workloads] ?? []).filter((id) => id !== tags);
    live.organization.accounts.push({
      id: '299999999999',
      name: 'Legacy',
      email: 'legacy@example.com',
      status: 'ACTIVE',
      parentId: live.organization.rootId,
    });
    live.tags['299999999999'] = { 'awsarch:managed': 'true', team: 'old' };
    const plan = planLandingZone(spec, live, OPTIONS);
    const items = adoptableItems(plan, live, spec);
    expect(items.map((item) => item.key)).toEqual([
      'account:Dev:move',
      'account:Prod:tags',
      'scp-target:Workloads',
      'unmanaged:account:Legacy',
    ]);
    expect(() => selectAdoptions(items, ['Nope'])).toThrow(/nothing in the plan to adopt by that name/);
    const text = adoptInto(spec.source.text, selectAdoptions(items, ['all']));
    expect(text).toContain('  - name: Dev\n    email: aws+dev@example.com\n    ou: Workloads/Prod\n');
    expect(text).toContain('tags: { env: production, owner: product }');
    expect(text).toContain('      policies: [RequireRegions]\n');
    expect(text).toContain('  - name: Legacy\n    email: legacy@example.com\n    ou: root\n    tags: { team: old }\n');
    expect(text).toContain('# yaml-language-server: $schema=../schemas/landing-zone.schema.json');
    // The file as adopted plans no change for those items.
    const adopted = await (
      await import('../../src/landing-zone/file/load.js')
    ).parseLandingZone(text, 'templates/landing-zone.yaml');
    const again = planLandingZone(adopted, live, OPTIONS);
    expect(again.changes.filter((change) => change.kind !== 'tag-account').map((change) => change.key)).toEqual([]);
  });

  it('writes flow sequences as the formatter does, leaving quotes and comments alone', () => {
    expect(unpadFlowSequences("a: [ x, 'y ]' ] # [ keep ]\nb: { k: v }")).toBe("a: [x, 'y ]'] # [ keep ]\nb: { k: v }");
  });
});
