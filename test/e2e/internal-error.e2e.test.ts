import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSilentServer, type TestServer } from '../helpers/unresponsive-servers.js';
import { newStateDir, ROOT, type BinaryRun } from './run-binary.js';

// A rejection nobody handles, raised inside the real binary's process while a command runs: exactly what
// a bug in awsarch (or in a dependency) looks like to bin/awsarch's last-resort handler.
const UNHANDLED = 'data:text/javascript,setTimeout(() => Promise.reject(new Error("boom in a dependency")), 200);';
const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function runWithBug(args: string[]): Promise<BinaryRun> {
  const silent = await startSilentServer();
  servers.push(silent);
  const child = spawn(
    process.execPath,
    [`--import=${UNHANDLED}`, join(ROOT, 'bin', 'awsarch'), '--endpoint-url', silent.endpoint, ...args],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        CI: 'true',
        AWSARCH_SANDBOX_DIR: newStateDir(),
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE00',
        AWS_SECRET_ACCESS_KEY: 'secret',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe('the last-resort handler of bin/awsarch', () => {
  it('reports an error nothing handled as a bug, in one line, exit 1', async () => {
    const run = await runWithBug(['account', 'list']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      'awsarch: internal error (a bug in awsarch, please report it): boom in a dependency',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports it as one JSON document with --output json', async () => {
    const run = await runWithBug(['--output', 'json', 'account', 'list']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      schemaVersion: 1,
      kind: 'error',
      error: {
        code: 'internal-bug',
        message: 'internal error: boom in a dependency',
        hint: expect.stringContaining('this is a bug in awsarch'),
      },
    });
  });
});
