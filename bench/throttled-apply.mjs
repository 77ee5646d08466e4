#!/usr/bin/env node
// Issue 17 figure: with 30 % of requests throttled (AWSARCH_SANDBOX_FAULTS=throttle=0.3), `baseline apply
// --all` on the demo organization (6 member accounts) takes at most twice its unthrottled time. Each run
// is on a freshly built organization (the build is not timed); the figure is the ratio of the medians.
//   npm run build && node bench/throttled-apply.mjs [--runs 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { callCounts, median, must, probeMachine, seconds } from './lib/awsarch.mjs';
import { buildDemoOrganization } from './lib/organization.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), 'awsarch-bench-throttle-'));
try {
  console.log(`machine: ${probeMachine().text}`);
  const results = {};
  for (const [label, faults] of [
    ['unthrottled', ''],
    ['30% throttled', 'throttle=0.3'],
  ]) {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const stateDir = join(work, `${label.replace(/\W/g, '')}-${i}`);
      await buildDemoOrganization(stateDir);
      const run = await must(['--output', 'json', '--verbose', 'baseline', 'apply', '--all'], {
        stateDir,
        env: { AWSARCH_SANDBOX_FAULTS: faults },
      });
      const report = JSON.parse(run.stdout);
      const failed = report.accounts.flatMap((row) => row.cells).filter((cell) => cell.state === 'error');
      if (failed.length) throw new Error(`${label}: ${failed.length} cells failed`);
      samples.push({ wallMs: run.wallMs, cpuMs: run.cpuMs, calls: callCounts(run) });
    }
    results[label] = median(samples.map((sample) => sample.wallMs));
    const calls = samples[0].calls;
    console.log(
      `${label}: median ${seconds(results[label])} (runs: ${samples.map((sample) => seconds(sample.wallMs)).join(', ')}); ${calls.total} calls, ${calls.attempts} attempts, ${calls.throttled} throttled`,
    );
  }
  console.log(`ratio: ${(results['30% throttled'] / results.unthrottled).toFixed(2)}x (target <= 2x)`);
  console.log(
    `command: AWSARCH_SANDBOX_FAULTS=throttle=0.3 bin/awsarch --sandbox --output json --verbose baseline apply --all`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
