import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLED_LANDING_ZONE,
  newStateDir,
  runAwsarch,
  runSandboxSteps,
  startAwsarch,
  waitForOutput,
} from './run-binary.js';

type Cell = { state: string };
interface Report {
  assessment: {
    accounts: Array<{
      name: string;
      config: Cell & { nonCompliant: number };
      securityHub: Cell & { counts: Record<string, number> };
      guardDuty: Cell & { counts: Record<string, number> };
      logging: Cell & { problems: string[] };
      scps: Cell & { inEffect: string[] };
    }>;
    problems: Array<{ source: string; problem: string; fix: string }>;
    worst: Array<{ source: string; severity?: string; accountName: string; title: string; link: string }>;
    atOrAboveFailOn: number;
  };
  collection: { calls: number; rounds: number };
}

const cells = (report: Report, name: string) => report.assessment.accounts.find((account) => account.name === name);

describe('awsarch compliance through the binary', { timeout: 240_000 }, () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = newStateDir();
    await runSandboxSteps(stateDir, [
      ['org', 'init', '--from', BUNDLED_LANDING_ZONE],
      ['account', 'create', '--from', BUNDLED_LANDING_ZONE, '--concurrency', '6'],
    ]);
  }, 120_000);

  it('before any baseline: MISSING cells and one finding with the fix per absent administrator, exit 0', async () => {
    const run = await runAwsarch(
      ['--sandbox', '--output', 'json', 'compliance', '--all', '-f', BUNDLED_LANDING_ZONE],
      stateDir,
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.assessment.accounts).toHaveLength(6);
    expect(report.assessment.problems.map((problem) => problem.source).sort()).toEqual([
      'config',
      'guardduty',
      'securityhub',
    ]);
    for (const problem of report.assessment.problems) expect(problem.fix).toMatch(/awsarch baseline apply --all/);
    expect(report.assessment.accounts.map((account) => account.logging.state)).toEqual(Array(6).fill('missing'));
    // No SCP is attached yet, so every account misses the file's.
    expect(cells(report, 'Dev')?.scps.state).toBe('issues');
  });

  it('refuses bad input with exit 2 before reading AWS', async () => {
    for (const [args, message] of [
      [['compliance'], /choose the accounts with --account/],
      [['compliance', '--all', '--fail-on', 'high'], /--fail-on takes effect with --detailed-exitcode/],
      [
        ['compliance', '--all', '--fail-on', 'severe', '--detailed-exitcode'],
        /Allowed choices are critical, high, medium/,
      ],
      [['compliance', '--all', '--max-log-age', '30s'], /--max-log-age must be at least 1m/],
      [
        ['compliance', '--all', '-f', 'no-such-landing-zone.yaml'],
        /cannot read the landing-zone file no-such-landing-zone.yaml/,
      ],
      [['compliance', '--account', 'Nobody'], /no account in the organization matches "Nobody"/],
    ] as const) {
      const run = await runAwsarch(['--sandbox', ...args], stateDir);
      expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it('after apply and a week of findings: the matrix, the worst items with links, exit 4 on high findings', async () => {
    await runSandboxSteps(stateDir, [
      ['--yes', 'apply', '-f', BUNDLED_LANDING_ZONE],
      ['sandbox', 'seed', 'compliance'],
    ]);
    const json = await runAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        'compliance',
        '--all',
        '-f',
        BUNDLED_LANDING_ZONE,
        '--fail-on',
        'high',
        '--detailed-exitcode',
      ],
      stateDir,
    );
    expect(json.code, json.stderr).toBe(4);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.assessment.problems).toEqual([]);
    expect(report.assessment.atOrAboveFailOn).toBeGreaterThan(0);
    const dev = cells(report, 'Dev');
    expect(dev?.logging).toMatchObject({
      state: 'issues',
      problems: [expect.stringMatching(/is not logging \(stopped 3h ago\)/)],
    });
    expect(dev?.config.nonCompliant).toBeGreaterThan(0);
    expect(dev?.securityHub.counts.critical).toBeGreaterThan(0);
    expect(cells(report, 'Staging')?.logging.problems).toEqual([expect.stringMatching(/log file validation is off/)]);
    expect(cells(report, 'Prod')?.guardDuty.counts.high).toBe(1);
    expect(cells(report, 'Security')).toMatchObject({
      config: { state: 'ok' },
      securityHub: { state: 'ok' },
      guardDuty: { state: 'ok' },
      logging: { state: 'ok' },
      scps: { state: 'ok' },
    });
    expect(cells(report, 'Prod')?.scps.inEffect).toEqual(expect.arrayContaining(['RequireRegions', 'RequireTags']));
    expect(report.assessment.worst[0]).toMatchObject({
      severity: 'critical',
      link: expect.stringMatching(/^https:\/\//),
    });

    // Only findings at or above critical count now.
    const critical = await runAwsarch(
      ['--sandbox', '--output', 'json', 'compliance', '--all', '-f', BUNDLED_LANDING_ZONE, '--detailed-exitcode'],
      stateDir,
    );
    expect((JSON.parse(critical.stdout) as Report).assessment.atOrAboveFailOn).toBeLessThan(
      report.assessment.atOrAboveFailOn,
    );

    const human = await runAwsarch(
      ['--sandbox', 'compliance', '--account', 'Dev', '-f', BUNDLED_LANDING_ZONE],
      stateDir,
    );
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/ACCOUNT\s+CONFIG RULES\s+SECURITY HUB\s+GUARDDUTY\s+LOGGING\s+SCPS\n/);
    expect(human.stdout).toMatch(/Dev \d{12}\s+\d+ NC \/ \d+\s+C\d+ H\d+ M\d+\s+\S+.*STOPPED\s+OK \(\d+\)/);
    expect(human.stdout).not.toMatch(/Prod \d{12}/);
    expect(human.stdout).toMatch(/Console links:\n\s+1\. https:\/\/us-east-1\.console\.aws\.amazon\.com\//);
  });

  it('absorbs throttling (30 % of all calls, GetFindings included) by backing off, without failing the view', async () => {
    const run = await runAwsarch(['--sandbox', '--output', 'json', 'compliance', '--all'], stateDir, {
      // Each service answers with its own throttling error (Security Hub: LimitExceededException, HTTP 429).
      AWSARCH_SANDBOX_FAULTS: 'throttle=0.3',
    });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.assessment.problems).toEqual([]);
    expect(cells(report, 'Dev')?.securityHub.counts.critical).toBeGreaterThan(0);
  });

  it('--watch prints one JSON line per refresh until Ctrl-C, then a summary; exit 4 from the last one', async () => {
    const watch = startAwsarch(
      [
        '--sandbox',
        '--output',
        'json',
        'compliance',
        '--all',
        '--watch',
        '1',
        '--fail-on',
        'high',
        '--detailed-exitcode',
      ],
      stateDir,
    );
    await waitForOutput(watch, /"assessment"[^\n]*\n[^\n]*"assessment"/, 90_000);
    watch.kill('SIGINT');
    const done = await watch.done;
    expect(done.code, done.stderr).toBe(4);
    const lines = done.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.at(-1)).toMatchObject({
      watch: { refreshes: lines.length - 1, last: { assessment: { failOn: 'high' } } },
    });
  });
});
