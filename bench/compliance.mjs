#!/usr/bin/env node
// `npm run bench -- compliance` (or `npm run build && node bench/compliance.mjs`): what `awsarch --sandbox
// compliance --all` costs, reading from the organization aggregator and the delegated administrators, against
// the naive reading of the same facts account by account (each account's own Config rules, Security Hub and
// GuardDuty findings in every Region, its trail, the SCPs of it and of the OUs above it, through its member
// role). Both on the demo organization and on BENCH_ACCOUNTS (default 200) member accounts, built with awsarch
// itself (apply -f, then `sandbox seed compliance`). Figures: API calls, rounds (the longest chain of calls
// that wait for one another; the bound on calls in flight is not counted), wall time (median of BENCH_RUNS,
// default 3). The naive reader runs in this process with the same client factory and its scheduler.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const accountCount = Number(process.env.BENCH_ACCOUNTS ?? 200);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const keep = process.env.BENCH_KEEP === '1';
const dist = (path) => import(join(root, 'dist', path));

const ENV = { CI: 'true', AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '0', AWSARCH_SANDBOX_ROLE_PROPAGATION_MS: '0' };
Object.assign(process.env, ENV);

function awsarch(stateDir, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(root, 'bin', 'awsarch'), '--sandbox', ...args], {
      cwd: root,
      env: { ...process.env, AWSARCH_SANDBOX_DIR: stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 }),
    );
  });
}

async function must(stateDir, args, allowed = [0]) {
  const run = await awsarch(stateDir, args);
  if (!allowed.includes(run.code))
    throw new Error(`awsarch ${args.join(' ')} exited ${run.code}:\n${run.stderr.slice(-3000)}`);
  return run;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const totals = (accounts, column) =>
  ['critical', 'high', 'medium']
    .map((severity) => accounts.reduce((sum, account) => sum + account[column].counts[severity], 0))
    .join('/');

/** `compliance --all` through the binary: its own call counts (--verbose) and rounds (its JSON). */
async function measureAggregated(stateDir, file) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const run = await must(stateDir, ['--output', 'json', '--verbose', 'compliance', '--all', '-f', file]);
    const calls = run.stderr
      .split('\n')
      .filter((line) => line.includes('"aws-call-counts"'))
      .map((line) => JSON.parse(line).data)
      .at(-1);
    const report = JSON.parse(run.stdout);
    samples.push({
      seconds: report.collection.durationMs / 1000,
      process: run.seconds,
      calls: calls.total,
      rounds: report.collection.rounds,
      report,
    });
  }
  const { report } = samples[0];
  return {
    calls: samples[0].calls,
    rounds: samples[0].rounds,
    seconds: median(samples.map((sample) => sample.seconds)),
    process: median(samples.map((sample) => sample.process)),
    securityHub: totals(report.assessment.accounts, 'securityHub'),
    guardDuty: totals(report.assessment.accounts, 'guardDuty'),
  };
}

/** The naive reading: every fact from the account it is about. */
async function naiveRead(stateDir, homeRegion, regions) {
  const { attachSandbox, SANDBOX_CREDENTIALS } = await import('@awsarch/aws-sandbox');
  const { AwsClients } = await dist('aws/clients.js');
  const { readOrganization } = await dist('accounts/org-reader.js');
  const { trackedCall, trackedPages, trackedEach } = await dist('compliance/reads.js');
  const { fromSecurityHub, findingFilters } = await dist('compliance/read-securityhub.js');
  const { fromGuardDuty } = await dist('compliance/read-guardduty.js');
  const sh = await import('@aws-sdk/client-securityhub');
  const gd = await import('@aws-sdk/client-guardduty');
  const cfg = await import('@aws-sdk/client-config-service');
  const ct = await import('@aws-sdk/client-cloudtrail');
  const orgs = await import('@aws-sdk/client-organizations');
  const sandbox = await attachSandbox({ stateDir });
  const aws = new AwsClients({
    region: homeRegion,
    endpoint: sandbox.endpoint,
    credentials: SANDBOX_CREDENTIALS,
    accessRole: 'OrganizationAccountAccessRole',
    userAgent: 'awsarch-bench',
  });
  try {
    const started = process.hrtime.bigint();
    const before = aws.calls.snapshot().total;
    const org = await readOrganization(aws);
    // As `compliance` counts it: DescribeOrganization, ListRoots, each OU level (the last one empty), accounts.
    const organizationRounds = 4 + Math.max(0, ...org.ous.map((ou) => ou.path.length));
    const accounts = org.accounts.filter(
      (account) => account.status === 'ACTIVE' && account.id !== org.organization.managementAccountId,
    );
    const parentOf = new Map(org.ous.map((ou) => [ou.id, ou.parentId]));
    const management = aws.client(orgs.OrganizationsClient);
    const policiesOf = new Map();
    const targetPolicies = (id) => {
      if (!policiesOf.has(id))
        policiesOf.set(
          id,
          trackedPages(
            0,
            (NextToken) =>
              management.send(
                new orgs.ListPoliciesForTargetCommand({ TargetId: id, Filter: 'SERVICE_CONTROL_POLICY', NextToken }),
              ),
            (page) => ({ items: page.Policies, next: page.NextToken }),
          ),
        );
      return policiesOf.get(id);
    };
    const counts = { securityHub: [0, 0, 0], guardDuty: [0, 0, 0] };
    const add = (column, finding) => {
      if (finding) counts[column][['critical', 'high', 'medium'].indexOf(finding.severity)] += 1;
    };
    const perAccount = await trackedEach(accounts, 0, async (account) => {
      const member = aws.forAccount(account.id);
      const chains = await Promise.all([
        ...regions.map(async (region) => {
          const config = member.client(cfg.ConfigServiceClient, { region });
          const hub = member.client(sh.SecurityHubClient, { region });
          const guard = member.client(gd.GuardDutyClient, { region });
          const [rules, findings, threats] = await Promise.all([
            trackedPages(
              0,
              (NextToken) => config.send(new cfg.DescribeComplianceByConfigRuleCommand({ NextToken })),
              (page) => ({ items: page.ComplianceByConfigRules, next: page.NextToken }),
            ),
            trackedPages(
              0,
              (NextToken) =>
                hub.send(
                  new sh.GetFindingsCommand({
                    Filters: findingFilters({ accountIds: [account.id], all: false }),
                    MaxResults: 100,
                    NextToken,
                  }),
                ),
              (page) => ({ items: page.Findings, next: page.NextToken }),
            ).catch(() => ({ value: [], depth: 1 })),
            (async () => {
              const detectors = await trackedCall(0, () => guard.send(new gd.ListDetectorsCommand({})));
              const DetectorId = detectors.value.DetectorIds?.[0];
              if (!DetectorId) return { value: [], depth: detectors.depth };
              const ids = await trackedPages(
                detectors.depth,
                (NextToken) =>
                  guard.send(
                    new gd.ListFindingsCommand({
                      DetectorId,
                      FindingCriteria: { Criterion: { severity: { Gte: 4 }, 'service.archived': { Eq: ['false'] } } },
                      MaxResults: 50,
                      NextToken,
                    }),
                  ),
                (page) => ({ items: page.FindingIds, next: page.NextToken }),
              );
              if (ids.value.length === 0) return { value: [], depth: ids.depth };
              const got = await trackedCall(ids.depth, () =>
                guard.send(new gd.GetFindingsCommand({ DetectorId, FindingIds: ids.value.slice(0, 50) })),
              );
              return { value: got.value.Findings ?? [], depth: got.depth };
            })(),
          ]);
          for (const finding of findings.value) add('securityHub', fromSecurityHub(finding));
          // The administrator's detector also lists its members' findings: count each account's own.
          for (const finding of threats.value.filter((candidate) => candidate.AccountId === account.id))
            add('guardDuty', fromGuardDuty(finding));
          return Math.max(rules.depth, findings.depth, threats.depth);
        }),
        (async () => {
          const trail = member.client(ct.CloudTrailClient, { region: homeRegion });
          const described = await trackedCall(0, () => trail.send(new ct.DescribeTrailsCommand({})));
          const statuses = await trackedEach(described.value.trailList ?? [], described.depth, (entry) =>
            trackedCall(described.depth, () => trail.send(new ct.GetTrailStatusCommand({ Name: entry.TrailARN }))),
          );
          return statuses.depth;
        })(),
        (async () => {
          const chain = [account.id];
          for (let id = account.parentId; id; id = parentOf.get(id)) chain.push(id);
          const read = await Promise.all(chain.map(targetPolicies));
          return Math.max(...read.map((entry) => entry.depth));
        })(),
      ]);
      // Assuming the member role comes first.
      return { value: undefined, depth: 1 + Math.max(...chains) };
    });
    return {
      calls: aws.calls.snapshot().total - before,
      rounds: organizationRounds + perAccount.depth,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      securityHub: counts.securityHub.join('/'),
      guardDuty: counts.guardDuty.join('/'),
    };
  } finally {
    aws.destroy();
    if (!sandbox.reused) await sandbox.close();
  }
}

async function measureNaive(stateDir) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await naiveRead(stateDir, 'us-east-1', ['us-east-1', 'us-west-2']));
  return { ...samples[0], seconds: median(samples.map((sample) => sample.seconds)) };
}

/** The demo landing zone with `count` member accounts: its SCPs, network and log archive, Security Hub and the rest of the baseline. */
function largeLandingZone(count) {
  const demo = readFileSync(join(root, 'templates', 'landing-zone.yaml'), 'utf8');
  const teams = Array.from({ length: 10 }, (_, i) => `Workloads/Team${String(i + 1).padStart(2, '0')}`);
  const accounts = [
    '  - { name: Security, email: bench+security@example.com, ou: Security }',
    '  - { name: Log Archive, email: bench+log-archive@example.com, ou: Security }',
    '  - { name: Shared Services, email: bench+shared-services@example.com, ou: Infrastructure }',
  ];
  for (let i = 1; i <= count - 3; i++) {
    const number = String(i).padStart(3, '0');
    accounts.push(
      `  - { name: Workload ${number}, email: bench+workload-${number}@example.com, ou: ${teams[i % teams.length]} }`,
    );
  }
  const scps = demo.slice(demo.indexOf('\nscps:'), demo.indexOf('\nbaselines:'));
  const network = demo.slice(demo.indexOf('\nnetwork:'), demo.indexOf('\nprune:'));
  return [
    'version: 1',
    'organizationalUnits:',
    '  - Security',
    '  - Infrastructure',
    ...teams.map((ou) => `  - ${ou}`),
    'accounts:',
    ...accounts,
    scps.trim(),
    // The VPCs and roles are no part of compliance; leaving them out keeps the build short.
    'baselines:',
    '  - { ou: root, baseline: default, skip: [network, roles] }',
    network.trim(),
    '',
  ].join('\n');
}

const work = mkdtempSync(join(tmpdir(), 'awsarch-bench-compliance-'));
const rows = [];
try {
  const organizations = [['demo organization', 'templates/landing-zone.yaml', join(work, 'demo')]];
  if (accountCount > 0) {
    const file = join(work, 'landing-zone-large.yaml');
    writeFileSync(file, largeLandingZone(accountCount));
    organizations.push([`${accountCount} accounts`, file, join(work, 'large')]);
  }
  for (const [label, file, stateDir] of organizations) {
    process.stdout.write(`building ${label} (apply -f, seed compliance) ...\n`);
    const built = await must(stateDir, ['--yes', 'apply', '-f', file, '--concurrency', '16']);
    const seeded = await must(stateDir, ['sandbox', 'seed', 'compliance']);
    process.stdout.write(`  built in ${built.seconds.toFixed(1)} s, seeded in ${seeded.seconds.toFixed(1)} s\n`);
    const aggregated = await measureAggregated(stateDir, file);
    const naive = await measureNaive(stateDir);
    rows.push({ label, how: 'aggregator + administrators', ...aggregated });
    rows.push({ label, how: 'naive, account by account', ...naive });
  }
  const columns = [
    ['organization', 'label'],
    ['reading', 'how'],
    ['API calls', 'calls'],
    ['rounds', 'rounds'],
    ['wall time', 'seconds'],
    ['SH C/H/M', 'securityHub'],
    ['GD C/H/M', 'guardDuty'],
  ];
  const text = (row, key) => (key === 'seconds' ? `${row[key].toFixed(2)} s` : String(row[key]));
  const widths = columns.map(([title, key]) => Math.max(title.length, ...rows.map((row) => text(row, key).length)));
  const line = (cells) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  process.stdout.write(
    `\n${line(columns.map(([title]) => title))}\n${line(widths.map((width) => '-'.repeat(width)))}\n`,
  );
  for (const row of rows) process.stdout.write(`${line(columns.map(([, key]) => text(row, key)))}\n`);
  process.stdout.write(
    `\naggregated: median of ${runs} runs of bin/awsarch --sandbox --output json --verbose compliance --all -f FILE (the whole process);\n` +
      `naive: median of ${runs} in-process reads (wall time without process start-up); both count the organization read in calls and rounds.\n`,
  );
} finally {
  if (keep) process.stdout.write(`state kept in ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
