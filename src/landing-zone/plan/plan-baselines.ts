import { liveAccountOf } from '../live/accounts.js';
import { bucketName } from '../live/read-prerequisites.js';
import type { LiveLandingZone } from '../live/model.js';
import type { AccountSpec, LandingZoneSpec } from '../spec.js';
import { keys } from './keys.js';
import type { Change, PlanWarning } from './model.js';
import { PLAN_WARNING } from './plan-codes.js';

type BaselineStepChange = Extract<Change, { kind: 'baseline' }>['steps'][number];

/**
 * Pure: the network prerequisites the file declares and AWS lacks - the transit gateway in its owner
 * account, the log-archive bucket and the statements of its policy that let CloudTrail and AWS Config
 * deliver (added to whatever the policy already says).
 */
export function planPrerequisites(
  spec: LandingZoneSpec,
  live: LiveLandingZone,
  created: ReadonlySet<string>,
): Change[] {
  const network = spec.network;
  if (!network) return [];
  const changes: Change[] = [];
  const accountDeps = (name: string) => [
    ...(live.organization ? [] : [keys.organization]),
    ...(created.has(keys.account(name)) ? [keys.account(name)] : []),
  ];
  const tgw = live.prerequisites.transitGateway;
  if (tgw === undefined || tgw === 'missing')
    changes.push({
      kind: 'create-transit-gateway',
      key: keys.transitGateway,
      name: network.transitGateway.name,
      owner: network.transitGateway.owner,
      region: network.region,
      amazonSideAsn: network.transitGateway.amazonSideAsn,
      dependsOn: accountDeps(network.transitGateway.owner),
      drift: false,
      writes: 1,
    });
  const bucket = live.prerequisites.bucket;
  const missing = [
    ...(!bucket?.deliveryAllowed.cloudtrail ? ['CloudTrail'] : []),
    ...(!bucket?.deliveryAllowed.config ? ['AWS Config'] : []),
  ];
  if (!bucket?.exists || missing.length > 0)
    changes.push({
      kind: 'log-archive-bucket',
      key: keys.bucket,
      bucket: live.organization ? bucketName(network, live.organization.organization.id) : network.logArchive.bucket,
      account: network.logArchive.account,
      region: network.region,
      create: !bucket?.exists,
      missing,
      dependsOn: accountDeps(network.logArchive.account),
      drift: bucket?.exists === true,
      writes: bucket?.exists ? 1 : 3,
    });
  return changes;
}

/** The accounts a baseline names (administrator, trusted accounts) that this apply creates. */
function namedAccountDeps(spec: LandingZoneSpec, key: string, created: ReadonlySet<string>): string[] {
  const definition = spec.baselines[key];
  if (!definition) return [];
  const names = definition.steps.flatMap((step) =>
    step.step === 'guardduty'
      ? [step.administrator]
      : step.step === 'roles'
        ? step.roles.map((role) => role.trustedAccount)
        : [],
  );
  return [...new Set(names)].map(keys.account).filter((candidate) => created.has(candidate));
}

function stepsOf(
  account: AccountSpec,
  live: LiveLandingZone,
  accountId: string | undefined,
): {
  steps: BaselineStepChange[];
  drift: boolean;
  warnings: PlanWarning[];
} {
  const wanted = account.baseline?.steps ?? [];
  if (!accountId)
    return {
      steps: wanted.map((step) => ({ step, summary: 'new account', changes: [], differences: [] })),
      drift: false,
      warnings: [],
    };
  const cells = live.baselines.accounts[accountId] ?? [];
  const steps: BaselineStepChange[] = [];
  const warnings: PlanWarning[] = [];
  let drift = false;
  for (const step of wanted) {
    const blocked = live.baselines.blocked[step];
    const cell = cells.find((candidate) => candidate.step === step);
    if (blocked && !cell) {
      steps.push({ step, summary: `after ${blocked} exists`, changes: [], differences: [] });
      continue;
    }
    if (!cell || cell.state === 'ok') continue;
    if (cell.state === 'error') {
      warnings.push({ code: PLAN_WARNING.BASELINE_UNREADABLE, message: `${account.name} ${step}: ${cell.summary}` });
      steps.push({ step, summary: `could not be read (${cell.summary})`, changes: [], differences: [] });
      continue;
    }
    drift ||= cell.found === 'drift';
    steps.push({ step, summary: cell.summary, changes: cell.changes, differences: cell.differences });
  }
  return { steps, drift, warnings };
}

/**
 * Pure: each account's baseline steps that change (a new account gets all of its baseline's), from
 * the dry-run cells read for it; steps waiting for a prerequisite this apply creates are planned
 * whole. Organization-level work of a baseline (the GuardDuty administrator) is a change of its own.
 */
export function planBaselines(
  spec: LandingZoneSpec,
  live: LiveLandingZone,
  created: ReadonlySet<string>,
  prerequisiteKeys: readonly string[],
): { changes: Change[]; warnings: PlanWarning[] } {
  const changes: Change[] = [];
  const warnings: PlanWarning[] = [];
  const management = live.organization?.organization.managementAccountId;
  for (const account of spec.accounts) {
    if (!account.baseline) continue;
    const found = liveAccountOf(live.organization, account);
    if (found && (found.id === management || found.status !== 'ACTIVE')) continue;
    const { steps, drift, warnings: stepWarnings } = stepsOf(account, live, found?.id);
    warnings.push(...stepWarnings);
    if (steps.length === 0) continue;
    changes.push({
      kind: 'baseline',
      key: keys.baseline(account.name),
      name: account.name,
      ...(found ? { accountId: found.id } : {}),
      baseline: account.baseline.key,
      steps,
      dependsOn: [
        ...[keys.account(account.name), keys.accountMove(account.name)].filter((key) => created.has(key)),
        ...prerequisiteKeys,
        ...namedAccountDeps(spec, account.baseline.key, created),
      ],
      drift,
      writes: steps.reduce((sum, step) => sum + Math.max(1, step.changes.length), 0),
    });
  }
  const organizationSteps = live.baselines.organization.filter((cell) => cell.state === 'planned');
  for (const cell of live.baselines.organization.filter((candidate) => candidate.state === 'error'))
    warnings.push({ code: PLAN_WARNING.BASELINE_BLOCKED, message: `baseline ${cell.step}: ${cell.summary}` });
  if (organizationSteps.length > 0) {
    const key = Object.keys(spec.baselines)[0] ?? 'default';
    changes.push({
      kind: 'baseline-organization',
      key: `baseline-organization:${key}`,
      baseline: key,
      steps: organizationSteps.map((cell) => ({ step: cell.step, changes: cell.changes })),
      dependsOn: prerequisiteKeys.slice(),
      drift: false,
      writes: organizationSteps.reduce((sum, cell) => sum + cell.changes.length, 0),
    });
  }
  return { changes, warnings };
}
