import type {
  AccountCompliance,
  CellState,
  ComplianceAssessment,
  ConfigCell,
  FindingsCell,
  LoggingCell,
  ScpCell,
  SourceProblem,
  WorstItem,
} from './assessment.js';
import {
  accountPoliciesLink,
  aggregatedRuleLink,
  guardDutyFindingLink,
  securityHubFindingLink,
  trailLink,
} from './console-links.js';
import {
  SEVERITIES,
  type AttachedScp,
  type ComplianceSnapshot,
  type ConfigReading,
  type FindingsReading,
  type LoggingReading,
  type Severity,
  type SeverityCounts,
  type SourceReading,
  type TrailReading,
} from './model.js';

export interface AssessOptions {
  /** --max-log-age: the newest log delivery must be at most this old. */
  maxLogAgeMinutes: number;
  failOn: Severity;
  /** --top: how many worst items to keep. */
  top: number;
}

type Account = ComplianceSnapshot['accounts'][number];

const zeroCounts = (): SeverityCounts => ({ critical: 0, high: 0, medium: 0 });
const SECURITY_HUB_RULE = /^securityhub-/;
const FULL_AWS_ACCESS = 'FullAWSAccess';

function assessConfig(account: Account, reading: SourceReading<ConfigReading>): ConfigCell {
  if (reading.state === 'unavailable') return { state: 'unknown', compliant: 0, nonCompliant: 0 };
  const rules = reading.data.rules.filter((rule) => rule.accountId === account.id);
  const compliant = rules.filter((rule) => rule.compliance === 'COMPLIANT').length;
  const nonCompliant = rules.filter((rule) => rule.compliance === 'NON_COMPLIANT').length;
  const state: CellState = rules.length === 0 ? 'missing' : nonCompliant > 0 ? 'issues' : 'ok';
  return { state, compliant, nonCompliant };
}

function assessFindings(account: Account, reading: SourceReading<FindingsReading>): FindingsCell {
  if (reading.state === 'unavailable') return { state: 'unknown', counts: zeroCounts() };
  const counts = zeroCounts();
  for (const finding of reading.data.findings) if (finding.accountId === account.id) counts[finding.severity] += 1;
  const member = reading.data.members.includes(account.id);
  const any = SEVERITIES.some((severity) => counts[severity] > 0);
  return { state: any ? 'issues' : member ? 'ok' : 'missing', counts };
}

const minutesBetween = (from: string, to: string) => Math.floor((Date.parse(to) - Date.parse(from)) / 60_000);

/** The trail that counts for the account: logging into the log archive beats logging elsewhere beats stopped. */
function pickTrail(trails: TrailReading[], homeRegion: string, bucket: string | undefined): TrailReading | undefined {
  const covering = trails.filter((trail) => trail.multiRegion || trail.homeRegion === homeRegion);
  const score = (trail: TrailReading) =>
    (trail.logging ? 4 : 0) + (bucket === undefined || trail.bucket === bucket ? 2 : 0) + (trail.validation ? 1 : 0);
  return [...covering].sort((a, b) => score(b) - score(a) || a.name.localeCompare(b.name))[0];
}

function assessLogging(
  reading: LoggingReading | undefined,
  snapshot: ComplianceSnapshot,
  maxAgeMinutes: number,
): LoggingCell {
  if (!reading) return { state: 'unknown', problems: [] };
  if ('error' in reading) return { state: 'error', problems: [reading.error] };
  const trail = pickTrail(reading.trails, snapshot.homeRegion, snapshot.logArchiveBucket);
  if (!trail) return { state: 'missing', problems: ['no trail covers the account'] };
  const problems: string[] = [];
  const age = trail.latestDelivery ? minutesBetween(trail.latestDelivery, snapshot.collectedAt) : undefined;
  if (!trail.logging)
    problems.push(
      `trail ${trail.name} is not logging${trail.stoppedAt ? ` (stopped ${describeAge(minutesBetween(trail.stoppedAt, snapshot.collectedAt))} ago)` : ''}`,
    );
  if (snapshot.logArchiveBucket !== undefined && trail.bucket !== snapshot.logArchiveBucket)
    problems.push(`trail ${trail.name} delivers to ${trail.bucket ?? 'no bucket'}, not ${snapshot.logArchiveBucket}`);
  if (trail.latestDeliveryError) problems.push(`delivery fails: ${trail.latestDeliveryError}`);
  if (age === undefined) problems.push(`trail ${trail.name} has delivered nothing yet`);
  // A stopped trail's deliveries are stale by definition: said once, as "not logging".
  else if (age > maxAgeMinutes && trail.logging)
    problems.push(`last delivery ${describeAge(age)} ago (more than ${describeAge(maxAgeMinutes)})`);
  if (!trail.validation) problems.push(`log file validation is off on ${trail.name}`);
  return {
    state: problems.length > 0 ? 'issues' : 'ok',
    trail: trail.name,
    lastDelivery: trail.latestDelivery,
    deliveryAgeMinutes: age,
    problems,
  };
}

/** "45m", "3h", "2d": short ages for cells and messages. */
export function describeAge(minutes: number): string {
  if (minutes < 60) return `${Math.max(0, minutes)}m`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h`;
  return `${Math.floor(minutes / 1440)}d`;
}

function assessScps(account: Account, snapshot: ComplianceSnapshot): ScpCell {
  const reading = snapshot.scps;
  if (reading.state === 'unavailable') return { state: 'unknown', inEffect: [], missing: [], unexpected: [] };
  const scope = new Set([...account.parentIds, account.id]);
  const inEffect = [
    ...new Set(
      reading.data.filter((scp: AttachedScp) => scp.targets.some((id) => scope.has(id))).map((scp) => scp.name),
    ),
  ].sort();
  const expected = snapshot.expectedScps?.byAccount[account.id];
  if (!expected) return { state: 'unchecked', inEffect, missing: [], unexpected: [] };
  const wanted = new Set([...expected, FULL_AWS_ACCESS]);
  const missing = [...wanted].filter((name) => !inEffect.includes(name)).sort();
  const unexpected = inEffect.filter((name) => !wanted.has(name));
  return { state: missing.length + unexpected.length > 0 ? 'issues' : 'ok', inEffect, missing, unexpected };
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 3 };
/** Logging and SCP problems rank below high findings and above medium ones; Config rules come last. */
const SOURCE_RANK: Record<WorstItem['source'], number> = {
  securityhub: 0,
  guardduty: 0,
  cloudtrail: 2,
  scp: 2,
  config: 4,
};
const rankOf = (item: WorstItem) => (item.severity ? SEVERITY_RANK[item.severity] : SOURCE_RANK[item.source]);

function worstItems(snapshot: ComplianceSnapshot, accounts: AccountCompliance[]): WorstItem[] {
  const names = new Map(snapshot.accounts.map((account) => [account.id, account.name]));
  const selected = (id: string) => names.has(id);
  const items: WorstItem[] = [];
  for (const [source, reading, link] of [
    ['securityhub', snapshot.securityHub, securityHubFindingLink],
    ['guardduty', snapshot.guardDuty, guardDutyFindingLink],
  ] as const) {
    if (reading.state !== 'read') continue;
    for (const finding of reading.data.findings.filter((candidate) => selected(candidate.accountId)))
      items.push({
        source,
        severity: finding.severity,
        title: finding.title,
        resource: finding.resource,
        accountId: finding.accountId,
        accountName: names.get(finding.accountId) ?? '',
        region: finding.region,
        link: link(finding.region, finding.id),
      });
  }
  if (snapshot.config.state === 'read') {
    const { aggregator } = snapshot.config.data;
    const region = snapshot.config.region;
    // Security Hub's own rules are already listed as its control findings, with their severity.
    for (const rule of snapshot.config.data.rules.filter(
      (candidate) =>
        candidate.compliance === 'NON_COMPLIANT' &&
        !SECURITY_HUB_RULE.test(candidate.rule) &&
        selected(candidate.accountId),
    ))
      items.push({
        source: 'config',
        title: `Config rule ${rule.rule} is non-compliant${rule.nonCompliantResources ? ` (${rule.nonCompliantResources} resource(s))` : ''}`,
        resource: rule.sampleResource ?? `${rule.nonCompliantResources ?? 'some'} resource(s)`,
        accountId: rule.accountId,
        accountName: names.get(rule.accountId) ?? '',
        region: rule.region,
        link: aggregatedRuleLink(region, aggregator, rule.rule, rule.accountId),
      });
  }
  for (const account of accounts) {
    const reading = snapshot.logging[account.accountId];
    const trail =
      reading && 'trails' in reading
        ? reading.trails.find((candidate) => candidate.name === account.logging.trail)
        : undefined;
    if (account.logging.state === 'issues' || account.logging.state === 'missing')
      for (const problem of account.logging.problems)
        items.push({
          source: 'cloudtrail',
          title: problem,
          resource: trail?.arn ?? 'CloudTrail',
          accountId: account.accountId,
          accountName: account.name,
          region: trail?.homeRegion ?? snapshot.homeRegion,
          link: trail ? trailLink(trail.homeRegion, trail.arn) : trailLink(snapshot.homeRegion, ''),
        });
    const scps = account.scps;
    for (const [names, what] of [
      [scps.missing, 'not in effect (the landing-zone file attaches it)'],
      [scps.unexpected, 'in effect but not in the landing-zone file'],
    ] as const)
      for (const name of names)
        items.push({
          source: 'scp',
          title: `SCP ${name} is ${what}`,
          resource: name,
          accountId: account.accountId,
          accountName: account.name,
          region: 'global',
          link: accountPoliciesLink(account.accountId),
        });
  }
  return items.sort(
    (a, b) =>
      rankOf(a) - rankOf(b) ||
      a.accountName.localeCompare(b.accountName) ||
      a.source.localeCompare(b.source) ||
      a.title.localeCompare(b.title),
  );
}

function sourceProblems(snapshot: ComplianceSnapshot): SourceProblem[] {
  const problems: SourceProblem[] = [];
  for (const [source, reading] of [
    ['config', snapshot.config],
    ['securityhub', snapshot.securityHub],
    ['guardduty', snapshot.guardDuty],
    ['scps', snapshot.scps],
  ] as const)
    if (reading.state === 'unavailable') problems.push({ source, problem: reading.problem, fix: reading.fix });
  return problems;
}

const sourceLabel = (reading: SourceReading<unknown>) =>
  reading.state === 'read' ? `${reading.administrator} (${reading.region})` : undefined;

/**
 * Pure: the compliance matrix of the selected accounts (Config rules, Security Hub and GuardDuty findings by
 * severity, logging, SCPs in effect), the worst items across them, sources that could not be read, and how
 * many findings are at or above --fail-on.
 */
export function assessCompliance(snapshot: ComplianceSnapshot, options: AssessOptions): ComplianceAssessment {
  const accounts: AccountCompliance[] = snapshot.accounts.map((account) => ({
    accountId: account.id,
    name: account.name,
    ou: account.ou,
    config: assessConfig(account, snapshot.config),
    securityHub: assessFindings(account, snapshot.securityHub),
    guardDuty: assessFindings(account, snapshot.guardDuty),
    logging: assessLogging(snapshot.logging[account.id], snapshot, options.maxLogAgeMinutes),
    scps: assessScps(account, snapshot),
  }));
  const sum = (pick: (account: AccountCompliance) => SeverityCounts): SeverityCounts => {
    const total = zeroCounts();
    for (const account of accounts) for (const severity of SEVERITIES) total[severity] += pick(account)[severity];
    return total;
  };
  const totals = {
    securityHub: sum((account) => account.securityHub.counts),
    guardDuty: sum((account) => account.guardDuty.counts),
    nonCompliantRules: accounts.reduce((count, account) => count + account.config.nonCompliant, 0),
  };
  const threshold = SEVERITIES.indexOf(options.failOn);
  const atOrAboveFailOn = SEVERITIES.slice(0, threshold + 1).reduce(
    (count, severity) => count + totals.securityHub[severity] + totals.guardDuty[severity],
    0,
  );
  const items = worstItems(snapshot, accounts);
  const notes = [snapshot.config, snapshot.securityHub, snapshot.guardDuty, snapshot.scps].flatMap((reading) =>
    reading.state === 'read' ? reading.notes : [],
  );
  return {
    collectedAt: snapshot.collectedAt,
    homeRegion: snapshot.homeRegion,
    maxLogAgeMinutes: options.maxLogAgeMinutes,
    failOn: options.failOn,
    accounts,
    totals,
    atOrAboveFailOn,
    worst: items.slice(0, options.top),
    itemCount: items.length,
    problems: sourceProblems(snapshot),
    notes,
    sources: {
      config:
        snapshot.config.state === 'read'
          ? `${snapshot.config.data.aggregator} in ${sourceLabel(snapshot.config) ?? ''}`
          : undefined,
      securityHub: sourceLabel(snapshot.securityHub),
      guardDuty: sourceLabel(snapshot.guardDuty),
      scps: snapshot.expectedScps?.file,
    },
  };
}
