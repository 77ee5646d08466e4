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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsarch as runBinary, probeMachine } from './lib/awsarch.mjs';

const runs = Number(process.argv[2] ?? 5);
const LATENCY = 'latency=50ms';

async function awsarch(args, stateDir, env = {}) {
  const run = await runBinary(args, { stateDir, env, sandbox: false });
  if (run.code !== 0) throw new Error(`awsarch ${args.join(' ')} exited ${run.code}:\n${run.stderr}`);
  return { ...run, ms: run.wallMs };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function measure(label, stateDir, extraArgs, note) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const run = await awsarch(
      ['--sandbox', '--output', 'json', '--verbose', 'hybrid', 'status', ...extraArgs],
      stateDir,
      {
        AWSARCH_SANDBOX_FAULTS: LATENCY,
      },
    );
    const { snapshot, assessment } = JSON.parse(run.stdout);
    const counts = run.stderr
      .split('\n')
      .filter((line) => line.includes('"aws-call-counts"'))
      .map((line) => JSON.parse(line).data)[0];
    samples.push({
      wallMs: run.ms,
      cpuMs: run.cpuMs,
      mainCpuMs: run.mainCpuMs,
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
  if (samples.every((sample) => sample.cpuMs !== undefined))
    console.log(
      `  CPU time:          median ${median(samples.map((sample) => sample.cpuMs)).toFixed(0)} ms (user + system, every thread)`,
    );
  if (samples.every((sample) => sample.mainCpuMs !== undefined))
    console.log(
      `  main thread CPU:   median ${median(samples.map((sample) => sample.mainCpuMs)).toFixed(0)} ms (the command and its SDK clients; the floor of the wall time on an idle machine)`,
    );
}

const own = mkdtempSync(join(tmpdir(), 'awsarch-bench-hybrid-'));
const member = mkdtempSync(join(tmpdir(), 'awsarch-bench-hybrid-lz-'));
const estate = mkdtempSync(join(tmpdir(), 'awsarch-bench-hybrid-estate-'));
try {
  console.log(
    `awsarch hybrid status against the sandbox with ${LATENCY} per request, ${runs} runs each (node ${process.version}, ${process.platform})`,
  );
  console.log(`machine: ${probeMachine().text}`);
  await awsarch(['sandbox', 'seed', 'hybrid'], own);
  await measure("1. seeded topology in the caller's account", own, []);

  await awsarch(['--sandbox', 'org', 'init', '--ou', 'Infrastructure'], member);
  await awsarch(
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
  await awsarch(['sandbox', 'seed', 'hybrid'], member);
  await measure(
    '2. seeded topology in the Shared Services member account, named by --account',
    member,
    ['--account', 'Shared Services'],
    'AssumeRole included; resolving the name first is one more round: ListAccounts + DescribeOrganization',
  );

  const landingZone = 'templates/landing-zone.yaml';
  await awsarch(['--sandbox', 'org', 'init', '--from', landingZone], estate);
  await awsarch(['--sandbox', 'account', 'create', '--from', landingZone, '--concurrency', '3'], estate);
  await awsarch(['sandbox', 'seed', 'hybrid'], estate);
  await awsarch(['sandbox', 'seed', 'network'], estate);
  await awsarch(['--sandbox', 'baseline', 'apply', '--all'], estate, { AWSARCH_SANDBOX_CFN_RESOURCE_MS: '0' });
  await measure(
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
