import { cloudTrailState, type TrailRecord } from '../services/cloudtrail/model.js';
import { configRegionOf, isRecording } from '../services/config/model.js';
import { securityHubRuleName } from '../services/config/rules.js';
import { recordFindings } from '../services/guardduty/findings.js';
import { detectorOf } from '../services/guardduty/model.js';
import { organizationsState } from '../services/organizations/model.js';
import { importFindings } from '../services/securityhub/findings.js';
import { hubOf, securityHubState, subscriptionsOf } from '../services/securityhub/model.js';
import { controlsFor, type ControlDefinition } from '../services/securityhub/standards-catalog.js';
import type { SandboxState } from '../state.js';
import {
  controlEvaluation,
  controlFinding,
  guardDutyAsff,
  guardDutyFinding,
  sampleResource,
} from './compliance-findings.js';
import { profileFor, randomFrom, THREATS, type AccountProfile } from './compliance-profiles.js';
import { SeedPreconditionError, type SandboxSeed, type SeedEnvironment } from './seed.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Controls on account-wide (global) resources run in the home Region only, like Config's global resource recording. */
const ACCOUNT_WIDE = new Set(['AwsAccount', 'AwsIamUser']);

interface Account {
  id: string;
  name: string;
}

function regionsWithHub(state: SandboxState, accountId: string): string[] {
  const prefix = `${accountId}/`;
  return Object.keys(securityHubState(state).hubs)
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length))
    .sort();
}

/** Config results and control findings for one account and Region: the profile's failing controls fail in the home Region. */
function seedControls(
  state: SandboxState,
  account: Account,
  region: string,
  profile: AccountProfile,
  env: SeedEnvironment,
): number {
  if (!isRecording(state, account.id, region)) return 0;
  const home = region === env.region;
  const controls = controlsFor(Object.keys(subscriptionsOf(state, account.id, region))).filter(
    (control: ControlDefinition) => home || !ACCOUNT_WIDE.has(control.resourceType),
  );
  const evaluations = (configRegionOf(state, account.id, region).evaluations ??= {});
  const findings: Array<Record<string, unknown>> = [];
  let failed = 0;
  for (const control of controls) {
    const failing = home && profile.failingControls.includes(control.id);
    const resource = sampleResource(control, account, region);
    const rule = securityHubRuleName(account.id, region, control);
    (evaluations[rule] ??= {})[`${resource.configType}/${resource.configId}`] = controlEvaluation(
      resource,
      failing,
      env.now - HOUR,
    );
    findings.push(
      controlFinding(control, account, region, resource, failing, {
        firstSeen: env.now - 6 * DAY,
        now: env.now - HOUR,
      }),
    );
    if (failing) failed += 1;
  }
  importFindings(state, { accountId: account.id, region, now: env.now, findings, asService: true });
  return failed;
}

/** GuardDuty findings in the account's detector; GuardDuty sends them on to Security Hub where it is enabled. */
function seedThreats(state: SandboxState, account: Account, profile: AccountProfile, env: SeedEnvironment): number {
  const detector = detectorOf(state, account.id, env.region);
  if (!detector) return 0;
  const findings = profile.threats.flatMap((key) => {
    const threat = THREATS[key];
    return threat
      ? [
          guardDutyFinding(threat, account, env.region, detector.detectorId, {
            firstSeen: env.now - 2 * DAY,
            now: env.now - 2 * HOUR,
          }),
        ]
      : [];
  });
  recordFindings(state, account.id, env.region, findings);
  if (hubOf(state, account.id, env.region))
    importFindings(state, {
      accountId: account.id,
      region: env.region,
      now: env.now,
      findings: findings.map((finding) => guardDutyAsff(finding, env.region)),
      asService: true,
    });
  return findings.length;
}

/**
 * An organization that has been running for a week: the account's trail started logging seven days ago;
 * what someone did to it since (stopped with break-glass, validation off) comes from the profile.
 */
function ageTrail(state: SandboxState, account: Account, profile: AccountProfile, env: SeedEnvironment): string[] {
  const trail = Object.values(cloudTrailState(state).trails).find(
    (candidate: TrailRecord) =>
      candidate.accountId === account.id && candidate.homeRegion === env.region && !candidate.isOrganizationTrail,
  );
  if (!trail?.isLogging || trail.startLoggingTime === undefined) return [];
  trail.startLoggingTime = Math.min(trail.startLoggingTime, env.now - 7 * DAY);
  const notes: string[] = [];
  if (profile.trailStoppedHoursAgo !== undefined) {
    trail.isLogging = false;
    trail.stopLoggingTime = env.now - profile.trailStoppedHoursAgo * HOUR;
    notes.push(`trail ${trail.name} stopped ${profile.trailStoppedHoursAgo} h ago`);
  }
  if (profile.validationOff) {
    trail.logFileValidationEnabled = false;
    notes.push(`log file validation of ${trail.name} turned off`);
  }
  return notes;
}

/**
 * `awsarch sandbox seed compliance`: what a week of running the landing zone leaves behind in every account
 * whose baseline enabled Security Hub: AWS Config results for the controls of its standards (most compliant,
 * some not) with the matching Security Hub control findings, GuardDuty findings, and a trail someone
 * stopped or weakened. Curated for the demo accounts, drawn at random (reproducibly) for others. Accounts
 * seeded before are left as they are.
 */
export const complianceSeed: SandboxSeed = {
  name: 'compliance',
  description:
    'a believable mix of Security Hub control findings, AWS Config rule results, GuardDuty findings and trail problems across the baselined accounts',
  apply(state, env) {
    const org = organizationsState(state);
    if (!org.organization)
      throw new SeedPreconditionError(
        'there is no organization yet: run `awsarch --sandbox apply -f templates/landing-zone.yaml` first',
      );
    const accounts: Account[] = [
      { id: org.organization.MasterAccountId, name: 'management' },
      ...Object.values(org.accounts)
        .filter(
          (account) => (account.State ?? 'ACTIVE') === 'ACTIVE' && account.Id !== org.organization?.MasterAccountId,
        )
        .map((account) => ({ id: account.Id, name: account.Name })),
    ];
    const baselined = accounts.filter((account) => regionsWithHub(state, account.id).length > 0);
    if (baselined.length === 0)
      throw new SeedPreconditionError(
        'Security Hub is enabled in no account: apply the baseline first (`awsarch --sandbox apply -f templates/landing-zone.yaml`)',
      );
    const created: string[] = [];
    const existing: string[] = [];
    for (const account of baselined) {
      const regions = regionsWithHub(state, account.id);
      const seeded = regions.some(
        (region) => Object.keys(configRegionOf(state, account.id, region).evaluations ?? {}).length > 0,
      );
      if (seeded) {
        existing.push(`${account.name} (${account.id}): seeded before`);
        continue;
      }
      const controlIds = controlsFor(Object.keys(subscriptionsOf(state, account.id, env.region))).map(
        (control) => control.id,
      );
      const profile = profileFor(account.name, controlIds, randomFrom(`${org.organization.Id}/${account.id}`));
      const failed = regions.reduce((sum, region) => sum + seedControls(state, account, region, profile, env), 0);
      const threats = seedThreats(state, account, profile, env);
      const notes = ageTrail(state, account, profile, env);
      created.push(
        `${account.name} (${account.id}): ${failed} failing control(s), ${threats} GuardDuty finding(s)${notes.length ? `; ${notes.join('; ')}` : ''}`,
      );
    }
    return { created, existing };
  },
};
