import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { fakeTerminal } from '../ui/fake-terminal.js';

async function run(args: string[], env: Record<string, string> = {}) {
  const fake = fakeTerminal({ env });
  const code = await main(args, { terminal: fake.terminal });
  return { code, out: fake.out(), err: fake.err() };
}

describe('awsarch scp', () => {
  it('is listed in the top-level help', async () => {
    expect((await run(['--help'])).out).toMatch(/\bscp\b/);
  });

  it.each(['list', 'render', 'validate', 'diff', 'apply', 'test'])(
    'explains `scp %s --help` with examples and env variables',
    async (verb) => {
      const { code, out } = await run(['scp', verb, '--help']);
      expect(code).toBe(0);
      expect(out).toMatch(/Usage: awsarch scp/);
      expect(out).toMatch(/Examples:\n {2}\$ awsarch scp/);
      expect(out.length).toBeGreaterThan(300);
    },
  );

  it('exits 2 for an unknown SCP, before touching AWS', async () => {
    const { code, err } = await run([
      '--output',
      'plain',
      '--endpoint-url',
      'http://127.0.0.1:9',
      'scp',
      'apply',
      '--target',
      'root',
      '--policy',
      'DenyEverything',
      '--yes',
    ]);
    expect(code).toBe(2);
    expect(err).toMatch(/^error: "DenyEverything" is neither a bundled SCP nor a file/);
  });

  it('exits 2 when apply has no target or policy', async () => {
    expect((await run(['--endpoint-url', 'http://127.0.0.1:9', 'scp', 'apply', '--policy', 'RequireTags'])).code).toBe(
      2,
    );
    expect((await run(['--endpoint-url', 'http://127.0.0.1:9', 'scp', 'test', '--account', 'Dev'])).code).toBe(2);
  });

  it('render --param for a parameter the SCP does not have is an error', async () => {
    const { code, err } = await run([
      '--output',
      'plain',
      'scp',
      'render',
      'RequireTags',
      '--param',
      'allowedRegions=eu-west-1',
    ]);
    expect(code).toBe(2);
    expect(err).toMatch(/RequireTags has no parameter allowedRegions/);
  });

  it('validate --strict fails on warnings; its env variable counts only when it says yes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsarch-strict-'));
    const file = join(dir, 'no-exit.json');
    writeFileSync(
      file,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
      }),
    );
    expect((await run(['scp', 'validate', file])).code).toBe(0);
    expect((await run(['scp', 'validate', file, '--strict'])).code).toBe(1);
    // --strict is the command's own option: no variable sets it.
    expect((await run(['scp', 'validate', file], { AWSARCH_STRICT: '1' })).code).toBe(0);
  });
});
