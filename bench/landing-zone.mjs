#!/usr/bin/env node
// `npm run bench -- landing-zone` (or `npm run build && node bench/landing-zone.mjs`): the landing zone as
// code on the sandbox, through the real binary:
// - `apply` of the demo landing zone (templates/landing-zone.yaml) from an empty sandbox: wall time and calls;
// - `plan` of that organization, and of one of BENCH_ACCOUNTS (default 200) member accounts built the same
//   way: API calls, wall time (median of BENCH_RUNS, default 3), and sequential rounds of calls, estimated
//   as (wall time with BENCH_LATENCY_MS of latency on every call - wall time without) / BENCH_LATENCY_MS;
// - a second `apply` of each, which must make zero write calls.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const accountCount = Number(process.env.BENCH_ACCOUNTS ?? 200);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
const keep = process.env.BENCH_KEEP === '1';

function awsarch(stateDir, args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(root, 'bin', 'awsarch'), '--sandbox', '--output', 'json', ...args], {
      cwd: root,
      env: {
        ...process.env,
        CI: 'true',
        AWSARCH_SANDBOX_DIR: stateDir,
        AWSARCH_JOURNAL_DIR: join(stateDir, 'runs'),
        AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '0',
        AWSARCH_SANDBOX_ROLE_PROPAGATION_MS: '0',
        ...env,
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

async function must(stateDir, args, env, accept = [0]) {
  const run = await awsarch(stateDir, args, env);
  if (!accept.includes(run.code))
    throw new Error(
      `awsarch ${args.join(' ')} exited ${run.code}:\n${run.stderr.slice(-3000)}${run.stdout.slice(-2000)}`,
    );
  return { ...run, document: JSON.parse(run.stdout) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Plans BENCH_RUNS times without latency and once with it: calls, wall time, estimated rounds. */
async function measurePlan(stateDir, file) {
  const plain = [];
  let document;
  for (let i = 0; i < runs; i++) {
    const run = await must(stateDir, ['plan', '-f', file]);
    plain.push(run.seconds);
    document = run.document;
  }
  const slow = await must(stateDir, ['plan', '-f', file], { AWSARCH_SANDBOX_FAULTS: `latency=${latencyMs}ms` });
  const base = median(plain);
  return {
    changes: document.totals.changes,
    calls: document.apiCalls,
    seconds: base,
    rounds: Math.max(0, Math.round(((slow.seconds - base) * 1000) / latencyMs)),
  };
}

function largeLandingZone(count) {
  const teams = Array.from({ length: 10 }, (_, i) => `Workloads/Team${String(i + 1).padStart(2, '0')}`);
  const text = readFileSync(join(root, 'templates', 'landing-zone.yaml'), 'utf8');
  const header = text.slice(0, text.indexOf('organizationalUnits:'));
  const rest = text.slice(text.indexOf('scps:'));
  const lines = [
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
    lines.push(
      `  - { name: ${name}, email: bench+${name.toLowerCase().replace(/ /g, '-')}@example.com, ou: ${ou}, tags: { owner: platform } }`,
    );
  for (let i = 1; i <= count - platform.length; i++) {
    const number = String(i).padStart(3, '0');
    lines.push(
      `  - { name: Workload ${number}, email: bench+workload-${number}@example.com, ou: ${teams[i % teams.length]}, tags: { owner: team-${i % 10} } }`,
    );
  }
  return `${header}${lines.join('\n')}\n\n${rest}`;
}

const work = mkdtempSync(join(tmpdir(), 'awsarch-bench-lz-'));
const rows = [];
try {
  process.stdout.write('applying the demo landing zone (templates/landing-zone.yaml) to an empty sandbox ...\n');
  const demoDir = join(work, 'demo');
  const demoFile = join(root, 'templates', 'landing-zone.yaml');
  const built = await must(demoDir, ['--yes', 'apply', '-f', demoFile]);
  process.stdout.write(
    `  apply from empty: ${built.seconds.toFixed(1)} s, ${built.document.totals.done} changes, ${built.document.apiCalls.total} API calls (${built.document.apiCalls.writes} writes)\n`,
  );
  const again = await must(demoDir, ['--yes', 'apply', '-f', demoFile]);
  rows.push({ label: 'demo organization', accounts: 6, plan: await measurePlan(demoDir, demoFile), noop: again });

  process.stdout.write(`applying a landing zone of ${accountCount} member accounts ...\n`);
  const bigDir = join(work, 'large');
  const bigFile = join(work, 'landing-zone-large.yaml');
  writeFileSync(bigFile, largeLandingZone(accountCount));
  const big = await must(bigDir, ['--yes', 'apply', '-f', bigFile, '--concurrency', '16'], {}, [0]);
  process.stdout.write(
    `  apply from empty: ${big.seconds.toFixed(1)} s, ${big.document.totals.done} changes, ${big.document.apiCalls.total} API calls (${big.document.apiCalls.writes} writes)\n`,
  );
  const bigAgain = await must(bigDir, ['--yes', 'apply', '-f', bigFile]);
  rows.push({
    label: `${accountCount} accounts`,
    accounts: accountCount,
    plan: await measurePlan(bigDir, bigFile),
    noop: bigAgain,
  });

  const columns = [
    ['organization', (row) => row.label],
    ['plan: changes', (row) => String(row.plan.changes)],
    ['plan: API calls', (row) => `${row.plan.calls.total} (${row.plan.calls.writes} writes)`],
    ['calls/account', (row) => (row.plan.calls.total / row.accounts).toFixed(1)],
    ['rounds', (row) => `~${row.plan.rounds}`],
    ['plan: wall time', (row) => `${row.plan.seconds.toFixed(2)} s`],
    ['no-change apply: writes', (row) => String(row.noop.document.apiCalls.writes)],
    ['no-change apply: wall', (row) => `${row.noop.seconds.toFixed(2)} s`],
  ];
  const cells = rows.map((row) => columns.map(([, cell]) => cell(row)));
  const widths = columns.map(([title], i) => Math.max(title.length, ...cells.map((row) => row[i].length)));
  const line = (values) =>
    values
      .map((value, i) => value.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  process.stdout.write(
    `\n${line(columns.map(([title]) => title))}\n${line(widths.map((width) => '-'.repeat(width)))}\n`,
  );
  for (const row of cells) process.stdout.write(`${line(row)}\n`);
  process.stdout.write(
    `\nplan: median of ${runs} runs of bin/awsarch --sandbox --output json plan -f FILE (whole process, in-process sandbox);\n` +
      `rounds: (wall time with latency=${latencyMs}ms on every call - without) / ${latencyMs} ms\n`,
  );
  if (rows.some((row) => row.noop.document.apiCalls.writes !== 0)) {
    process.stderr.write('a no-change apply made write calls\n');
    process.exitCode = 1;
  }
} finally {
  if (keep) process.stdout.write(`state kept in ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
