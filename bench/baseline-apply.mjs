#!/usr/bin/env node
// Issue 17 figure: `baseline apply --all` from nothing on an organization of N member accounts (default
// 200; target <= 20 s). The organization is built first with awsarch itself (org init, account create
// --from, the network seed), not counted; then one `baseline apply --all` is timed, and a second one,
// which finds nothing to do.
//   npm run build && node bench/baseline-apply.mjs [--accounts 200] [--keep]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { callCounts, must, probeMachine, timing } from './lib/awsarch.mjs';
import { buildOrganization } from './lib/organization.mjs';

const { values } = parseArgs({ options: { accounts: { type: 'string', default: '200' }, keep: { type: 'boolean' } } });
const accounts = Number(values.accounts);
const work = mkdtempSync(join(tmpdir(), 'awsarch-bench-apply-'));
const stateDir = join(work, 'sandbox');
try {
  console.log(`machine: ${probeMachine().text}`);
  console.log(`building an organization of ${accounts} member accounts (not timed) ...`);
  const built = await buildOrganization(stateDir, work, accounts);
  console.log(`  vended in ${timing(built.vend)}`);
  for (const label of ['from nothing', 'again (nothing to do)']) {
    const run = await must(['--output', 'json', '--verbose', 'baseline', 'apply', '--all'], { stateDir });
    const calls = callCounts(run);
    const report = JSON.parse(run.stdout);
    const applied = report.accounts.flatMap((row) => row.cells).filter((cell) => cell.state === 'applied').length;
    console.log(
      `baseline apply --all, ${label}: ${timing(run)}; ${calls.total} calls (${calls.writes} writes), ${calls.attempts} attempts; ${applied} cells applied`,
    );
  }
  console.log(`command: AWSARCH_SANDBOX_DIR=<dir> bin/awsarch --sandbox --output json --verbose baseline apply --all`);
} finally {
  if (values.keep) console.log(`state kept in ${stateDir}`);
  else rmSync(work, { recursive: true, force: true });
}
