import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { parseWatch, watchPeriod } from '../../src/commands/hybrid.js';
import { fakeTerminal } from '../ui/fake-terminal.js';

async function run(args: string[], env: Record<string, string> = {}) {
  const fake = fakeTerminal({ env });
  const code = await main(args, { terminal: fake.terminal });
  return { code, out: fake.out(), err: fake.err() };
}

describe('hybrid and sandbox fault commands', () => {
  it('are listed in the top-level help', async () => {
    expect((await run(['--help'])).out).toContain('hybrid');
  });

  it.each([
    [
      'hybrid',
      'status',
      /--watch \[seconds\][\s\S]*--prefix <cidr>[\s\S]*--detailed-exitcode[\s\S]*AWSARCH_DETAILED_EXITCODE=1[\s\S]*Examples:/,
    ],
    [
      'hybrid',
      'failover-test',
      /--vif <id\|name>[\s\S]*--duration <minutes>[\s\S]*--wait[\s\S]*Exit codes:[\s\S]*Examples:/,
    ],
    ['sandbox', 'fault', /dx-down[\s\S]*vpn-tunnel-down[\s\S]*resolver-az-down[\s\S]*Examples:/],
    ['sandbox', 'seed', /hybrid {3}Direct Connect/],
  ])('explains `%s %s --help`', async (noun, verb, pattern) => {
    const { code, out } = await run([noun, verb, '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(pattern);
    expect(out.length).toBeGreaterThan(200);
  });

  it('rejects bad values before touching AWS (exit 2)', async () => {
    const offline = ['--output', 'plain', '--endpoint-url', 'http://127.0.0.1:9'];
    expect((await run([...offline, 'hybrid', 'failover-test', '--vif', 'x', '--duration', '5000'])).code).toBe(2);
    expect((await run([...offline, 'hybrid', 'failover-test', '--vif', 'x', '--duration', '0'])).code).toBe(2);
    expect((await run([...offline, 'hybrid', 'status', '--watch', '0.2'])).code).toBe(2);
    const badPrefix = await run([...offline, 'hybrid', 'status', '--prefix', 'ten/8']);
    expect(badPrefix.code).toBe(2);
    expect(badPrefix.err).toMatch(/--prefix ten\/8 is not a CIDR block/);
  });

  it('parses --watch: alone 10 s, a number of seconds, or a duration', () => {
    expect(watchPeriod(undefined)).toBeUndefined();
    expect(watchPeriod(true)).toBe(10_000);
    expect(watchPeriod(3000)).toBe(3000);
    expect(parseWatch('3')).toBe(3000);
    expect(parseWatch('1m')).toBe(60_000);
    expect(() => parseWatch('500ms')).toThrow(/at least 1 second/);
  });
});
