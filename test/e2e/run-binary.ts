import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { recordValidated } from '../helpers/json-documents.js';
import { checkJsonOutput } from './json-output.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'awsarch');

/** The bundled landing-zone file (six accounts in five OUs) most e2e suites start from. */
export const BUNDLED_LANDING_ZONE = 'templates/landing-zone.yaml';

export interface BinaryRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function newStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'awsarch-e2e-'));
}

function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'bin', 'cli.js')))
    throw new Error('dist/bin/cli.js is missing: run `npm run build` before the e2e tests (npm test does)');
}

/** The environment e2e runs of awsarch get: CI=true, the sandbox state in stateDir, quick account creation. */
export function binaryEnvironment(stateDir: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CI: 'true',
    AWSARCH_SANDBOX_DIR: stateDir,
    AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '300',
    AWSARCH_SANDBOX_ROLE_PROPAGATION_MS: '100',
    ...env,
  };
}

/** Starts bin/awsarch as a child process with the sandbox state in stateDir and CI=true. */
export function startAwsarch(
  args: string[],
  stateDir: string,
  env: Record<string, string> = {},
): ChildProcess & { output: () => BinaryRun; done: Promise<BinaryRun> } {
  assertBuilt();
  const childEnv = binaryEnvironment(stateDir, env);
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Every JSON document a run prints is checked against its schema here: a test of a command that prints
  // a document its schema does not describe fails, whatever the test itself asserts.
  const done = new Promise<BinaryRun>((resolveRun, rejectRun) =>
    child.on('close', (code, signal) => {
      const run = { code, signal, stdout, stderr };
      const { problems, validated } = checkJsonOutput(args, childEnv, run);
      recordValidated(validated);
      if (problems.length === 0) resolveRun(run);
      else
        rejectRun(
          new Error(
            `awsarch ${args.join(' ')} printed JSON that does not match its schema:\n  ${problems.slice(0, 20).join('\n  ')}`,
          ),
        );
    }),
  );
  return Object.assign(child, {
    output: () => ({ code: child.exitCode, signal: child.signalCode, stdout, stderr }),
    done,
  });
}

export function runAwsarch(args: string[], stateDir: string, env: Record<string, string> = {}): Promise<BinaryRun> {
  return startAwsarch(args, stateDir, env).done;
}

/** Runs `awsarch --sandbox <step>` for each step in order on one state, each expected to exit 0 (a suite's setup). */
export async function runSandboxSteps(
  stateDir: string,
  steps: readonly string[][],
  env: Record<string, string> = {},
): Promise<void> {
  for (const args of steps) {
    const run = await runAwsarch(['--sandbox', ...args], stateDir, env);
    expect(run.code, `${args.join(' ')}\n${run.stderr.slice(-2000)}`).toBe(0);
  }
}

/** Resolves once the child's output matches, failing after timeoutMs. */
export async function waitForOutput(
  child: ReturnType<typeof startAwsarch>,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<void> {
  const started = Date.now();
  while (!pattern.test(child.output().stderr + child.output().stdout)) {
    if (child.exitCode !== null)
      throw new Error(`process exited (${child.exitCode}) before printing ${pattern}:\n${child.output().stderr}`);
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
}
