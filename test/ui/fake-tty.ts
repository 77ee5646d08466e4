import { PassThrough, Writable } from 'node:stream';
import type { Terminal } from '../../src/ui/terminal.js';
import { ScreenEmulator } from './screen-emulator.js';

/** A terminal of a real size whose stdout goes through the screen emulator; stderr is captured as text. */
export function ttyOf(columns: number, rows: number, env: Record<string, string> = {}) {
  const screen = new ScreenEmulator(columns, rows);
  const stdout = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        screen.write(chunk.toString());
        done();
      },
    }),
    { isTTY: true, columns, rows },
  );
  const stderr = Object.assign(new PassThrough(), { isTTY: true });
  let err = '';
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  const terminal: Terminal = { stdout, stderr, stdin, env };
  return { screen, terminal, err: () => err };
}
