import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryEnvironment, ROOT, type BinaryRun } from './run-binary.js';

/** The command a hint tells the user to run: the text after "with: " or "run: ", up to the end of its line. */
export function commandInHint(hint: string, lead: RegExp = /(?:with|run[^:]*): (awsarch .*)$/m): string {
  const command = lead.exec(hint)?.[1];
  if (command === undefined) throw new Error(`no awsarch command in the hint: ${hint}`);
  return command;
}

/**
 * Runs a pasted command line in /bin/sh, as a user would, with `awsarch` on PATH being the built binary and
 * the sandbox state in stateDir.
 */
export function runPasted(line: string, stateDir: string, env: Record<string, string> = {}): Promise<BinaryRun> {
  const bin = mkdtempSync(join(tmpdir(), 'awsarch-path-'));
  const shim = join(bin, 'awsarch');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'awsarch')}" "$@"\n`);
  chmodSync(shim, 0o755);
  const child = spawn('/bin/sh', ['-c', line], {
    cwd: ROOT,
    env: binaryEnvironment(stateDir, { ...env, PATH: `${bin}:${process.env.PATH ?? ''}` }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolveRun) => child.on('close', (code, signal) => resolveRun({ code, signal, stdout, stderr })));
}
