import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { fakeTerminal } from '../ui/fake-terminal.js';

async function run(args: string[], env: Record<string, string> = {}) {
  const fake = fakeTerminal({ env });
  const code = await main(args, { terminal: fake.terminal });
  return { code, out: fake.out(), err: fake.err() };
}

const offline = ['--output', 'plain', '--endpoint-url', 'http://127.0.0.1:9'];

describe('awsarch baseline', () => {
  it.each([['apply'], ['status']])('explains `baseline %s --help` with examples', async (verb) => {
    const { code, out } = await run(['baseline', verb, '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/Usage: awsarch baseline/);
    expect(out).toContain('--detailed-exitcode');
    expect(out).not.toContain('AWSARCH_ALL');
    expect(out).toMatch(/Examples:\n {2}\$ awsarch baseline/);
  });

  it('is listed in the top-level help, and account create offers --baseline', async () => {
    expect((await run(['--help'])).out).toMatch(/baseline\s+account baselines/);
    expect((await run(['account', 'create', '--help'])).out).toContain('--baseline <name|file>');
  });

  it.each([
    ['no accounts selected', ['baseline', 'status'], /choose the accounts with --account/],
    ['--all with --account', ['baseline', 'apply', '--all', '--account', 'Dev'], /--all cannot be combined/],
    [
      'an unknown baseline',
      ['baseline', 'status', '--all', '--baseline', 'nope'],
      /there is no bundled baseline "nope"/,
    ],
    ['an unknown step', ['baseline', 'status', '--all', '--only', 'config,backups'], /--only: "backups" is not a step/],
    [
      'a baseline file that does not exist',
      ['baseline', 'status', '--all', '--baseline', './missing.yaml'],
      /cannot read \.\/missing\.yaml/,
    ],
    [
      'a bad --max-concurrency',
      ['--max-concurrency', '0', 'baseline', 'status', '--all'],
      /--max-concurrency must be a whole number/,
    ],
    [
      'a bad baseline for account create',
      [
        'account',
        'create',
        '--name',
        'Dev',
        '--email',
        'aws+dev@example.com',
        '--ou',
        'Workloads',
        '--baseline',
        'nope',
      ],
      /there is no bundled baseline "nope"/,
    ],
  ])('exits 2 on %s before calling AWS', async (_label, args, message) => {
    const { code, err } = await run([...offline, ...args]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/ECONNREFUSED|cannot reach/);
  });

  it('reads no AWSARCH_* variable for its own options (only global ones have variables)', async () => {
    const args = [...offline, 'baseline', 'status', '--account', 'Dev'];
    const without = await run(args);
    const withAll = await run(args, { AWSARCH_ALL: '1' });
    expect(withAll.err).not.toMatch(/--all cannot be combined/);
    const untimed = (text: string) => text.replace(/\(\d+(\.\d+)?s\)/g, '(time)');
    expect({ code: withAll.code, err: untimed(withAll.err) }).toEqual({
      code: without.code,
      err: untimed(without.err),
    });
  });
});
