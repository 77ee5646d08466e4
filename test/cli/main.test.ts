import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { resolveGlobalOptions } from '../../src/commands/global-options.js';
import { fakeTerminal } from '../ui/fake-terminal.js';

async function run(args: string[], env: Record<string, string> = {}) {
  const fake = fakeTerminal({ env });
  const code = await main(args, { terminal: fake.terminal });
  return { code, out: fake.out(), err: fake.err() };
}

describe('main', () => {
  it('prints help that lists every command and the exit codes', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    for (const command of ['org', 'account', 'sandbox']) expect(out).toContain(command);
    expect(out).toContain('Exit codes');
    expect(out).toContain('AWSARCH_SANDBOX=1');
  });

  it.each([
    ['org', 'init'],
    ['org', 'show'],
    ['account', 'create'],
    ['account', 'list'],
    ['account', 'show'],
    ['sandbox', 'start'],
    ['sandbox', 'seed'],
    ['sandbox', 'reset'],
    ['replay', 'ride-sharing'],
    ['replay', 'status'],
    ['replay', 'list'],
    ['replay', 'cancel'],
    ['replay', 'orders'],
  ])('explains `%s %s --help`', async (noun, verb) => {
    const { code, out } = await run([noun, verb, '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/Usage: awsarch/);
    expect(out.length).toBeGreaterThan(200);
  });

  it('exits 2 on an unknown option or command', async () => {
    expect((await run(['account', 'create', '--nope'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });

  it('exits 2 when a noun is given without a verb', async () => {
    expect((await run(['account'])).code).toBe(2);
  });

  it('exits 2 with a one-line error for missing account create options, before touching AWS', async () => {
    const { code, err } = await run([
      '--output',
      'plain',
      '--endpoint-url',
      'http://127.0.0.1:9',
      'account',
      'create',
      '--name',
      'Dev',
    ]);
    expect(code).toBe(2);
    expect(err).toMatch(/^error: account create needs --email, --ou\n/);
  });

  it('exits 2 for bad global options', async () => {
    expect((await run(['--region', 'mars', 'org', 'show'])).code).toBe(2);
    expect((await run(['--sandbox', '--endpoint-url', 'http://x', 'org', 'show'])).code).toBe(2);
    expect((await run(['--output', 'xml', 'org', 'show'])).code).toBe(2);
  });
});

describe('resolveGlobalOptions', () => {
  it('takes the region from flags, then AWS_REGION, then us-east-1', () => {
    expect(resolveGlobalOptions({ region: 'eu-west-1' }, { AWS_REGION: 'us-west-2' }).region).toBe('eu-west-1');
    expect(resolveGlobalOptions({}, { AWS_REGION: 'us-west-2' }).region).toBe('us-west-2');
    expect(resolveGlobalOptions({}, {}).region).toBe('us-east-1');
  });

  it('reads boolean flags from AWSARCH_* only when they say yes', () => {
    expect(resolveGlobalOptions({}, { AWSARCH_YES: '1' }).yes).toBe(true);
    expect(resolveGlobalOptions({}, { AWSARCH_YES: '0' }).yes).toBe(false);
    expect(resolveGlobalOptions({}, { AWSARCH_SANDBOX: 'true' }).sandbox).toBe(true);
  });

  it('honours AWS_ENDPOINT_URL', () => {
    expect(resolveGlobalOptions({}, { AWS_ENDPOINT_URL: 'http://localhost:4566' }).endpointUrl).toBe(
      'http://localhost:4566',
    );
  });
});
