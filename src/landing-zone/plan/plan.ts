import type { LiveLandingZone } from '../live/model.js';
import type { LandingZoneSpec } from '../spec.js';
import { canonicalJson, digestOf } from './keys.js';
import type { Change, ChangeKind, LandingZonePlan, PlanTotals } from './model.js';
import { planOrganizationAndAccounts } from './plan-accounts.js';
import { planBaselines, planPrerequisites } from './plan-baselines.js';
import { planPrune } from './plan-prune.js';
import { planScps } from './plan-scps.js';

export interface PlanOptions {
  prune: boolean;
  close: boolean;
  /** Take over same-named SCPs awsarch did not create. */
  adopt: boolean;
  now: Date;
}

/** The order apply works in: the organization, OUs, accounts, prerequisites, SCPs, baselines, then removals. */
export const PHASES: Record<ChangeKind, number> = {
  'create-organization': 0,
  'enable-scps': 1,
  'create-ou': 2,
  'tag-ou': 2,
  'create-account': 3,
  'move-account': 3,
  'tag-account': 4,
  'create-transit-gateway': 5,
  'log-archive-bucket': 5,
  'scp-policy': 6,
  'scp-attachments': 7,
  'baseline-organization': 8,
  baseline: 8,
  'prune-move-account': 9,
  'close-account': 9,
  'delete-scp': 9,
  'delete-ou': 10,
};

function totalsOf(changes: readonly Change[], unmanaged: number, unchangedAccounts: number): PlanTotals {
  const count = (kind: ChangeKind) => changes.filter((change) => change.kind === kind).length;
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const baselines = changes.flatMap((change) => (change.kind === 'baseline' ? [change] : []));
  const targets = changes.flatMap((change) => (change.kind === 'scp-attachments' ? [change] : []));
  const policies = changes.flatMap((change) => (change.kind === 'scp-policy' ? [change] : []));
  return {
    changes: changes.length,
    writes: sum(changes.map((change) => change.writes)),
    drift: changes.filter((change) => change.drift).length,
    ous: { create: count('create-ou'), delete: count('delete-ou') },
    accounts: {
      create: count('create-account'),
      move: count('move-account') + count('prune-move-account'),
      tag: count('tag-account'),
      close: count('close-account'),
      unchanged: unchangedAccounts,
    },
    scps: {
      create: policies.filter((policy) => policy.action === 'create').length,
      update: policies.filter((policy) => policy.action !== 'create').length,
      attach: sum(targets.map((target) => target.attach.length)),
      detach: sum(targets.map((target) => target.detach.length)),
      delete: count('delete-scp'),
    },
    baselines: { accounts: baselines.length, steps: sum(baselines.map((change) => change.steps.length)) },
    prerequisites: count('create-transit-gateway') + count('log-archive-bucket'),
    unmanaged,
  };
}

/**
 * Pure: the whole plan from the file (resolved) and what AWS says now. The same inputs always give
 * the same plan, with the same id and digests; apply of a saved plan relies on that.
 */
export function planLandingZone(spec: LandingZoneSpec, live: LiveLandingZone, options: PlanOptions): LandingZonePlan {
  const organization = planOrganizationAndAccounts(spec, live);
  const prune = planPrune(spec, live, options);
  const scps = planScps(spec, live, options);
  const planned = new Set([...organization.changes, ...prune.changes, ...scps.changes].map((change) => change.key));
  const prerequisites = planPrerequisites(spec, live, planned);
  for (const change of prerequisites) planned.add(change.key);
  const baselines = planBaselines(
    spec,
    live,
    planned,
    prerequisites.map((change) => change.key),
  );
  const seen = new Set<string>();
  const changes = [...organization.changes, ...prerequisites, ...scps.changes, ...baselines.changes, ...prune.changes]
    .filter((change) => !seen.has(change.key) && seen.add(change.key))
    .map((change, index) => ({ change, index }))
    .sort((a, b) => PHASES[a.change.kind] - PHASES[b.change.kind] || a.index - b.index)
    .map(({ change }) => ({ ...change, digest: digestOf(change) }));
  const touched = new Set(
    changes.flatMap((change) =>
      'name' in change && (change.kind.includes('account') || change.kind === 'baseline') ? [change.name] : [],
    ),
  );
  const unmanaged = [...prune.unmanaged, ...scps.unmanaged];
  const refusals = [...organization.refusals, ...scps.refusals];
  const source = { path: spec.source.path, sha256: spec.source.sha256 };
  return {
    planId: digestOf(canonicalJson({ source: source.sha256, changes: changes.map((change) => change.digest) })),
    createdAt: options.now.toISOString(),
    source,
    organization: {
      ...(live.organization
        ? {
            id: live.organization.organization.id,
            managementAccountId: live.organization.organization.managementAccountId,
            rootId: live.organization.rootId,
          }
        : {}),
    },
    options: { prune: options.prune, close: options.close, adopt: options.adopt },
    changes,
    unmanaged,
    refusals,
    warnings: [...organization.warnings, ...prune.warnings, ...baselines.warnings],
    totals: totalsOf(changes, unmanaged.length, spec.accounts.filter((account) => !touched.has(account.name)).length),
  };
}
