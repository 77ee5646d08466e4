import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTION_FAULT_NAMES, HYBRID_FAULT_NAMES } from '@awsarch/aws-sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { FUNCTION_FAULT_HELP, HYBRID_FAULT_HELP } from '../../src/commands/sandbox-fault-help.js';
import { fakeTerminal } from '../ui/fake-terminal.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'awsarch-sandbox-command-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function run(args: string[]) {
  const fake = fakeTerminal({ env: { AWSARCH_SANDBOX_DIR: await stateDir() } });
  const code = await main(args, { terminal: fake.terminal });
  return { code, out: fake.out(), err: fake.err() };
}

describe('awsarch sandbox', () => {
  it('documents every fault the sandbox knows in `sandbox fault --help`', () => {
    expect(Object.keys(HYBRID_FAULT_HELP).sort()).toEqual([...HYBRID_FAULT_NAMES].sort());
    expect(Object.keys(FUNCTION_FAULT_HELP).sort()).toEqual([...FUNCTION_FAULT_NAMES].sort());
  });

  it.each([
    [['sandbox', 'seed', 'nonsense'], /unknown seed "nonsense"/, /sandbox seed --help/],
    [['sandbox', 'fault', 'nonsense'], /unknown fault/, /sandbox fault --help/],
  ])('turns the sandbox usage error of `%s` into exit code 2 with a hint', async (args, message, hint) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toMatch(hint);
  });

  it('answers a port already in use with exit code 2 and how to pick another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const { port } = blocker.address() as { port: number };
    const { code, err } = await run(['sandbox', 'start', '--port', String(port)]);
    expect(code).toBe(2);
    expect(err).toMatch(new RegExp(`port ${port} on 127.0.0.1 is already in use`));
    expect(err).toMatch(/--port 0/);
  });

  it('refuses a seed that needs an organization with exit code 2, changing nothing', async () => {
    const { code, err } = await run(['sandbox', 'seed', 'network']);
    expect(code).toBe(2);
    expect(err).toMatch(/organization/i);
  });
});
