#!/usr/bin/env node
// Issue 17 figures for a 1,000-account organization: built (vend + baseline apply --all) in under three
// minutes; `baseline status --all` <= 15 s; no file of the sandbox's state over 50 MB.
// 1,000 accounts with the management account: 999 member accounts (the sandbox's default quota of accounts
// per organization is 1,000, AWSARCH_SANDBOX_ACCOUNT_LIMIT, and counts the management account as AWS does).
//   npm run build && node bench/organization-1000.mjs [--accounts 999] [--keep]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { callCounts, must, probeMachine, root, seconds, timing } from './lib/awsarch.mjs';
import { buildOrganization, filesBySize, megabytes } from './lib/organization.mjs';

const { values } = parseArgs({ options: { accounts: { type: 'string', default: '999' }, keep: { type: 'boolean' } } });
const accounts = Number(values.accounts);
const work = mkdtempSync(join(tmpdir(), 'awsarch-bench-1000-'));
const stateDir = join(work, 'sandbox');
// The default baseline gives each account a /16 of 10.0.0.0/8: room for 256 VPCs. A thousand accounts get
// a /20 each (4,096 fit), with /24 subnets: the default baseline otherwise.
const baseline = join(work, 'baseline-1000.yaml');
const defaults = readFileSync(join(root, 'templates', 'baselines', 'default.yaml'), 'utf8');
const sized = defaults
  .replace('vpcPrefixLength: 16', 'vpcPrefixLength: 20')
  .replace('subnetPrefixLength: 20', 'subnetPrefixLength: 24');
if (sized === defaults) throw new Error('templates/baselines/default.yaml no longer has vpcPrefixLength: 16');
writeFileSync(baseline, sized);
try {
  console.log(`machine: ${probeMachine().text}`);
  const built = await buildOrganization(stateDir, work, accounts);
  const apply = await must(['--output', 'json', '--verbose', 'baseline', 'apply', '--all', '--baseline', baseline], {
    stateDir,
  });
  const buildMs = [built.init, built.vend, built.seed, apply].reduce((sum, run) => sum + run.wallMs, 0);
  console.log(`org init: ${timing(built.init)}`);
  console.log(`account create --from (${accounts} accounts, 5 at a time): ${timing(built.vend)}`);
  console.log(`sandbox seed network: ${timing(built.seed)}`);
  console.log(`baseline apply --all: ${timing(apply)}; ${callCounts(apply).total} calls`);
  console.log(`built (vend + baseline) in ${seconds(buildMs)}`);
  const status = await must(['--output', 'json', '--verbose', 'baseline', 'status', '--all', '--baseline', baseline], {
    stateDir,
  });
  const report = JSON.parse(status.stdout);
  console.log(
    `baseline status --all: ${timing(status)}; ${callCounts(status).total} calls; cells: ${Object.entries(report.counts)
      .filter(([, count]) => count > 0)
      .map(([state, count]) => `${count} ${state}`)
      .join(', ')} (${report.accounts.length} accounts)`,
  );
  const files = filesBySize(stateDir);
  console.log(
    `largest files in the sandbox state: ${files
      .slice(0, 5)
      .map((file) => `${file.path} ${megabytes(file.bytes)}`)
      .join(', ')}`,
  );
} finally {
  if (values.keep) console.log(`state kept in ${stateDir}`);
  else rmSync(work, { recursive: true, force: true });
}
