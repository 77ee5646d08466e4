#!/usr/bin/env node
// How many sequential rounds and API calls one `awsarch hybrid status` makes on the seeded topology,
// and how long it takes against the sandbox with 50 ms of injected latency per request.
//
//   npm run build && node bench/hybrid-status.mjs [runs]
//
// Each run is the real binary in a fresh process, exactly as a user types it:
//   AWSARCH_SANDBOX_FAULTS=latency=50ms bin/awsarch --sandbox --output json --verbose hybrid status [--account "Shared Services"]
// Scenario 1 reads the caller's own account (the seed without an organization lands in the
// management account); scenario 2 reads the "Shared Services" member account of a landing zone by
// name (one more round to resolve the name, one for AssumeRole); scenario 3 is the whole estate of
// the demo: the landing zone's accounts vended and baselined, so `hybrid status` also checks DNS in
// each of the seven member accounts (AssumeRole, then three reads each). Wall time is the whole
// process (Node start, module loading, the in-process sandbox); collection time is the API part alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 5);
const LATENCY = 'latency=50ms';

function awsarch(args, stateDir, env = {}) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [join(root, 'bin', 'awsarch'), ...args], {
    cwd: root,
    env: {
      ...process.env,
      CI: 'true',
      AWSARCH_SANDBOX_DIR: stateDir,
      AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '0',
      AWSARCH_SANDBOX_ROLE_PROPAGATION_MS: '0',
      ...env,
    },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`awsarch ${args.join(' ')} exited ${run.status}:\n${run.stderr}`);
  return { ...run, ms };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function measure(label, stateDir, extraArgs, note) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const run = awsarch(['--sandbox', '--output', 'json', '--verbose', 'hybrid', 'status', ...extraArgs], stateDir, {
      AWSARCH_SANDBOX_FAULTS: LATENCY,
    });
    const { snapshot, assessment } = JSON.parse(run.stdout);
    const counts = run.stderr
      .split('\n')
      .filter((line) => line.includes('"aws-call-counts"'))
      .map((line) => JSON.parse(line).data)[0];
    samples.push({
      wallMs: run.ms,
      collectMs: snapshot.collection.durationMs,
      rounds: snapshot.collection.rounds,
      collectCalls: snapshot.collection.calls,
      processCalls: counts.total,
      path: assessment.path,
      byOperation: counts.byOperation,
    });
  }
  const first = samples[0];
  console.log(`\n${label}`);
  console.log(
    `  command:           AWSARCH_SANDBOX_FAULTS=${LATENCY} bin/awsarch --sandbox --output json hybrid status ${extraArgs.map((arg) => (arg.includes(' ') ? `"${arg}"` : arg)).join(' ')}`.trimEnd(),
  );
  console.log(`  path:              ${first.path}`);
  console.log(`  sequential rounds: ${first.rounds} to read the network${note ? ` (${note})` : ''}`);
  console.log(
    `  API calls:         ${first.collectCalls} to read the network, ${first.processCalls} in the whole process`,
  );
  console.log(
    `  calls by operation: ${Object.entries(first.byOperation)
      .map(([operation, count]) => `${operation}${count > 1 ? ` x${count}` : ''}`)
      .join(', ')}`,
  );
  console.log(
    `  collection time:   median ${median(samples.map((sample) => sample.collectMs)).toFixed(0)} ms (runs: ${samples.map((sample) => sample.collectMs.toFixed(0)).join(', ')})`,
  );
  console.log(
    `  wall time:         median ${median(samples.map((sample) => sample.wallMs)).toFixed(0)} ms (runs: ${samples.map((sample) => sample.wallMs.toFixed(0)).join(', ')})`,
  );
}

const own = mkdtempSync(join(tmpdir(), 'awsarch-bench-hybrid-'));
const member = mkdtempSync(join(tmpdir(), 'awsarch-bench-hybrid-lz-'));
const estate = mkdtempSync(join(tmpdir(), 'awsarch-bench-hybrid-estate-'));
try {
  console.log(
    `awsarch hybrid status against the sandbox with ${LATENCY} per request, ${runs} runs each (node ${process.version}, ${process.platform})`,
  );
  awsarch(['sandbox', 'seed', 'hybrid'], own);
  measure("1. seeded topology in the caller's account", own, []);

  awsarch(['--sandbox', 'org', 'init', '--ou', 'Infrastructure'], member);
  awsarch(
    [
      '--sandbox',
      'account',
      'create',
      '--name',
      'Shared Services',
      '--email',
      'aws+shared-services@example.com',
      '--ou',
      'Infrastructure',
    ],
    member,
  );
  awsarch(['sandbox', 'seed', 'hybrid'], member);
  measure(
    '2. seeded topology in the Shared Services member account, named by --account',
    member,
    ['--account', 'Shared Services'],
    'AssumeRole included; resolving the name first is one more round: ListAccounts + DescribeOrganization',
  );

  const landingZone = 'templates/landing-zone.yaml';
  awsarch(['--sandbox', 'org', 'init', '--from', landingZone], estate);
  awsarch(['--sandbox', 'account', 'create', '--from', landingZone, '--concurrency', '3'], estate);
  awsarch(['sandbox', 'seed', 'hybrid'], estate);
  awsarch(['sandbox', 'seed', 'network'], estate);
  awsarch(['--sandbox', 'baseline', 'apply', '--all'], estate, { AWSARCH_SANDBOX_CFN_RESOURCE_MS: '0' });
  measure(
    '3. the whole estate: Shared Services by --account, DNS checked in the 7 baselined member accounts',
    estate,
    ['--account', 'Shared Services'],
    'the member accounts: ListAccounts, then AssumeRole, then their reads; resolving the name is one more round',
  );
} finally {
  rmSync(own, { recursive: true, force: true });
  rmSync(member, { recursive: true, force: true });
  rmSync(estate, { recursive: true, force: true });
}
