import { PassThrough } from 'node:stream';
import type { Terminal } from '../../src/ui/terminal.js';

/** A terminal whose output is captured as text. */
export function fakeTerminal(options: { tty?: boolean; env?: Record<string, string> } = {}) {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty ?? false, columns: 100 });
  const stderr = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const terminal: Terminal = { stdout, stderr, stdin, env: options.env ?? {} };
  return { terminal, stdin, out: () => out, err: () => err };
}
