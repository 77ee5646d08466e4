#!/usr/bin/env node
// `npm run bench -- baseline-status` (or `npm run build && node bench/baseline-status.mjs`): how many API calls and how long `awsarch --sandbox baseline status
// --all` takes on the demo organization (6 member accounts) and on an organization of BENCH_ACCOUNTS
// (default 200) member accounts, both built with awsarch itself (org init, account create --from, the
// network seed, baseline apply --all). Each figure is the median of BENCH_RUNS (default 3) runs of the
// real binary: wall time of the whole process (start-up and the in-process sandbox included), and the
// API calls it made (from its --verbose call counts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const accountCount = Number(process.env.BENCH_ACCOUNTS ?? 200);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const keep = process.env.BENCH_KEEP === '1';

function awsarch(stateDir, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(root, 'bin', 'awsarch'), '--sandbox', ...args], {
      cwd: root,
      env: {
        ...process.env,
        CI: 'true',
        AWSARCH_SANDBOX_DIR: stateDir,
        AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '0',
        AWSARCH_SANDBOX_ROLE_PROPAGATION_MS: '0',
      },
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

async function must(stateDir, args) {
  const run = await awsarch(stateDir, args);
  if (run.code !== 0) throw new Error(`awsarch ${args.join(' ')} exited ${run.code}:\n${run.stderr.slice(-3000)}`);
  return run;
}

/** One measured `baseline status --all`: wall time, API calls, and the cell counts of its report. */
async function measureStatus(stateDir) {
  const run = await awsarch(stateDir, ['--output', 'json', '--verbose', 'baseline', 'status', '--all']);
  if (run.code !== 0) throw new Error(`baseline status exited ${run.code}:\n${run.stderr.slice(-3000)}`);
  const events = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  const calls = events.filter((event) => event.code === 'aws-call-counts').at(-1)?.data;
  const times = events.filter((event) => event.code === 'aws-call').map((event) => Date.parse(event.time));
  const report = JSON.parse(run.stdout);
  return {
    seconds: run.seconds,
    callSeconds: (Math.max(...times) - Math.min(...times)) / 1000,
    calls,
    counts: report.counts,
    accounts: report.accounts.length,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(label, stateDir) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await measureStatus(stateDir));
  const first = samples[0];
  const states = Object.entries(first.counts)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`)
    .join(', ');
  return {
    label,
    accounts: first.accounts,
    cells: states,
    calls: `${first.calls.total} (${first.calls.reads} reads, ${first.calls.writes} writes)`,
    callsPerAccount: (first.calls.total / first.accounts).toFixed(1),
    wall: `${median(samples.map((sample) => sample.seconds)).toFixed(2)} s`,
    api: `${median(samples.map((sample) => sample.callSeconds)).toFixed(2)} s`,
  };
}

function landingZone(count) {
  const teams = Array.from({ length: 10 }, (_, i) => `Workloads/Team${String(i + 1).padStart(2, '0')}`);
  const lines = [
    'version: 1',
    'organizationalUnits:',
    '  - Security',
    '  - Infrastructure',
    ...teams.map((ou) => `  - ${ou}`),
    'accounts:',
  ];
  const platform = [
    ['Security', 'Security'],
    ['Log Archive', 'Security'],
    ['Shared Services', 'Infrastructure'],
  ];
  for (const [name, ou] of platform)
    lines.push(`  - { name: ${name}, email: bench+${name.toLowerCase().replace(/ /g, '-')}@example.com, ou: ${ou} }`);
  for (let i = 1; i <= count - platform.length; i++) {
    const number = String(i).padStart(3, '0');
    lines.push(
      `  - { name: Workload ${number}, email: bench+workload-${number}@example.com, ou: ${teams[i % teams.length]} }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function build(stateDir, landingZoneFile, concurrency) {
  const timings = {};
  const step = async (name, args) => {
    const run = await must(stateDir, args);
    timings[name] = run.seconds;
  };
  await step('org init', ['org', 'init', '--from', landingZoneFile]);
  await step('account create', ['account', 'create', '--from', landingZoneFile, '--concurrency', String(concurrency)]);
  await step('sandbox seed network', ['sandbox', 'seed', 'network']);
  return { timings, step };
}

const work = mkdtempSync(join(tmpdir(), 'awsarch-bench-'));
const rows = [];
try {
  process.stdout.write(`building the demo organization (templates/landing-zone.yaml) ...\n`);
  const demoDir = join(work, 'demo');
  const demo = await build(demoDir, 'templates/landing-zone.yaml', 3);
  await demo.step('baseline apply', ['baseline', 'apply', '--all']);
  rows.push(await measure('demo organization, baselined', demoDir));

  process.stdout.write(`building an organization of ${accountCount} member accounts ...\n`);
  const bigDir = join(work, 'large');
  const file = join(work, 'landing-zone-large.yaml');
  writeFileSync(file, landingZone(accountCount));
  const big = await build(bigDir, file, 20);
  rows.push(await measure(`${accountCount} accounts, not baselined`, bigDir));
  await big.step('baseline apply', ['baseline', 'apply', '--all', '--concurrency', '16']);
  rows.push(await measure(`${accountCount} accounts, baselined`, bigDir));

  process.stdout.write(
    `\nbuild times (s): demo ${JSON.stringify(demo.timings)}; ${accountCount} accounts ${JSON.stringify(big.timings)}\n\n`,
  );
  const columns = [
    ['organization', 'label'],
    ['member accounts', 'accounts'],
    ['cells', 'cells'],
    ['API calls', 'calls'],
    ['calls/account', 'callsPerAccount'],
    ['wall time (process)', 'wall'],
    ['first to last call', 'api'],
  ];
  const widths = columns.map(([title, key]) => Math.max(title.length, ...rows.map((row) => String(row[key]).length)));
  const line = (cells) =>
    cells
      .map((cell, i) => String(cell).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(columns.map(([title]) => title))}\n${line(widths.map((width) => '-'.repeat(width)))}\n`);
  for (const row of rows) process.stdout.write(`${line(columns.map(([, key]) => row[key]))}\n`);
  process.stdout.write(
    `\nmedian of ${runs} runs of: AWSARCH_SANDBOX_DIR=<dir> bin/awsarch --sandbox --output json --verbose baseline status --all\n`,
  );
} finally {
  if (keep) process.stdout.write(`state kept in ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
