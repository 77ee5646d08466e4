import { createInterface } from 'node:readline/promises';
import type { Terminal } from './terminal.js';

/** Reads one answer from the terminal; anything but y/yes is no. */
export async function askYesNo(terminal: Terminal, question: string): Promise<boolean> {
  const rl = createInterface({ input: terminal.stdin, output: terminal.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
