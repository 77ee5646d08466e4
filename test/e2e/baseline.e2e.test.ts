import { beforeAll, describe, expect, it } from 'vitest';
import { newStateDir, runAwsarch } from './run-binary.js';

const LANDING_ZONE = 'templates/landing-zone.yaml';

interface Report {
  counts: Record<string, number>;
  accounts: Array<{ name: string; cells: Array<{ step: string; state: string }> }>;
}

/** The call counts the binary reports in its last NDJSON debug event (--output json --verbose). */
function callCounts(stderr: string): { writes: number; byOperation: Record<string, number> } {
  const event = stderr
    .split('\n')
    .filter((line) => line.includes('"aws-call-counts"'))
    .map((line) => JSON.parse(line) as { data: { writes: number; byOperation: Record<string, number> } })
    .at(-1);
  if (!event) throw new Error(`no aws-call-counts event in:\n${stderr.slice(-2000)}`);
  return event.data;
}

describe('awsarch baseline through the binary', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = newStateDir();
    for (const args of [
      ['org', 'init', '--from', LANDING_ZONE],
      ['account', 'create', '--from', LANDING_ZONE, '--concurrency', '6'],
      ['sandbox', 'seed', 'network'],
    ]) {
      const run = await runAwsarch(['--sandbox', ...args], stateDir);
      expect(run.code, run.stderr).toBe(0);
    }
  }, 60_000);

  // Each step is its own test (run in order on the same state): every one runs the binary over six accounts.
  it('reports MISSING with exit 3 before anything is applied', async () => {
    const before = await runAwsarch(
      ['--sandbox', '--output', 'json', 'baseline', 'status', '--all', '--detailed-exitcode'],
      stateDir,
    );
    expect(before.code, before.stderr).toBe(3);
    const missing = JSON.parse(before.stdout) as Report;
    expect(missing.accounts).toHaveLength(6);
    expect(missing.counts.missing).toBeGreaterThan(20);
  });

  it('applies the baseline to every account', async () => {
    const apply = await runAwsarch(['--sandbox', 'baseline', 'apply', '--all'], stateDir);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(
      /^Baseline default \(applied; home us-east-1, regions us-east-1, us-west-2\)\nACCOUNT\s+cloudtrail\s+config\s+guardduty\s+securityhub\s+network\s+roles\n/,
    );
    expect(apply.stdout).toMatch(
      /Dev \d{12}\s+APPLIED \(2\)\s+APPLIED \(7\)\s+APPLIED \(2\)\s+OK\s+APPLIED \(6\)\s+APPLIED \(4\)/,
    );
    expect(apply.stderr).toMatch(
      /✓ Apply baseline default on 6 account\(s\) › Dev \(\d{12}\) *: cloudtrail APPLIED \(2\) +config APPLIED \(7\)/,
    );
    expect(apply.stdout + apply.stderr).not.toMatch(/\u001b\[/);
  });

  it('then reports OK with exit 0', async () => {
    const after = await runAwsarch(['--sandbox', 'baseline', 'status', '--all', '--detailed-exitcode'], stateDir);
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).toContain(
      '6 account(s) x 6 step(s), plus the organization row: 42 OK, 0 DRIFT, 0 MISSING, 0 ERROR',
    );
  });

  it('applies a second time without writing anything', async () => {
    const again = await runAwsarch(
      ['--sandbox', '--output', 'json', '--verbose', 'baseline', 'apply', '--all'],
      stateDir,
    );
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as Report).counts).toMatchObject({ ok: 42, applied: 0, error: 0 });
    const counts = callCounts(again.stderr);
    // A new process assumes each member account's role once (which changes nothing); nothing writes.
    expect(counts.byOperation['STS:AssumeRole']).toBe(6);
    expect(counts.writes).toBe(0);
    const writes = Object.entries(counts.byOperation).filter(
      ([operation]) => !/:(Describe|List|Get|BatchGet|Head|AssumeRole$)/.test(operation),
    );
    expect(writes).toEqual([]);
  });

  it('vends an account with --baseline as the last step', async () => {
    const run = await runAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        'account',
        'create',
        '--name',
        'Sandbox',
        '--email',
        'aws+sandbox@example.com',
        '--ou',
        'Workloads/NonProd',
        '--baseline',
        'default',
      ],
      stateDir,
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      status: string;
      accountId: string;
      steps: Array<{ step: string; status: string; detail?: string }>;
    };
    expect(result.status).toBe('vended');
    expect(result.steps.at(-1)).toEqual({
      step: 'baseline',
      status: 'done',
      detail: 'default: cloudtrail, config, guardduty, network, roles applied',
    });
    const status = await runAwsarch(
      ['--sandbox', '--output', 'json', 'baseline', 'status', '--account', result.accountId],
      stateDir,
    );
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as Report).accounts[0]?.cells.map((cell) => cell.state)).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
  });
});
