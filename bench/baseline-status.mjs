#!/usr/bin/env node
// Issue 17 figures: `baseline status --all` on a baselined organization of N member accounts (default 200),
// without injected latency (target <= 3 s) and with AWSARCH_SANDBOX_FAULTS=latency=50ms (target <= 5 s;
// the floor there is about calls x 50 ms / concurrency), and on the demo organization (6 accounts).
// Each figure is the median of --runs runs (default 3) of the real binary in a fresh process: wall time
// (start-up and the sandbox thread included), CPU time, calls and attempts.
//   npm run build && node bench/baseline-status.mjs [--accounts 200] [--runs 3] [--state DIR] [--keep]
// --state reuses an organization built (and baselined) by an earlier --keep run.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { callCounts, median, must, probeMachine, seconds } from './lib/awsarch.mjs';
import { buildDemoOrganization, buildOrganization } from './lib/organization.mjs';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
    state: { type: 'string' },
    keep: { type: 'boolean' },
  },
});
const accounts = Number(values.accounts);
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), 'awsarch-bench-status-'));

async function measure(label, stateDir, env = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++)
    samples.push(await must(['--output', 'json', '--verbose', 'baseline', 'status', '--all'], { stateDir, env }));
  const calls = callCounts(samples[0]);
  const report = JSON.parse(samples[0].stdout);
  const cells = Object.entries(report.counts)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`)
    .join(', ');
  const cpu = samples.every((sample) => sample.cpuMs !== undefined)
    ? `, ${seconds(median(samples.map((sample) => sample.cpuMs)))} CPU`
    : '';
  const main = samples.every((sample) => sample.mainCpuMs !== undefined)
    ? ` (main thread ${seconds(median(samples.map((sample) => sample.mainCpuMs)))})`
    : '';
  console.log(
    `${label}: ${seconds(median(samples.map((sample) => sample.wallMs)))} wall${cpu}${main} (runs: ${samples.map((sample) => seconds(sample.wallMs)).join(', ')}); ${report.accounts.length} accounts, ${cells}; ${calls.total} calls, ${calls.attempts} attempts, at most ${calls.peakInFlight} in flight`,
  );
}

try {
  console.log(`machine: ${probeMachine().text}`);
  const demoDir = join(work, 'demo');
  await buildDemoOrganization(demoDir);
  await must(['baseline', 'apply', '--all'], { stateDir: demoDir });
  await measure('demo organization (6 accounts)', demoDir);

  const stateDir = values.state ?? join(work, 'large');
  if (!values.state || !existsSync(stateDir)) {
    console.log(`building and baselining an organization of ${accounts} member accounts (not timed) ...`);
    await buildOrganization(stateDir, work, accounts);
    await must(['baseline', 'apply', '--all'], { stateDir });
  }
  await measure(`${accounts} accounts, no injected latency`, stateDir);
  await measure(`${accounts} accounts, AWSARCH_SANDBOX_FAULTS=latency=50ms`, stateDir, {
    AWSARCH_SANDBOX_FAULTS: 'latency=50ms',
  });
  console.log(`command: AWSARCH_SANDBOX_DIR=<dir> bin/awsarch --sandbox --output json --verbose baseline status --all`);
  if (values.keep) console.log(`state kept in ${stateDir}`);
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
