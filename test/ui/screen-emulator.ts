// A small terminal emulator for the TUI tests: it interprets what ink writes (text, newlines, cursor up,
// erase line, cursor to column) on a screen of fixed size, and records every rewrite of a line that had
// been completed, so a test can prove that static lines are printed once and never redrawn.

const ESCAPE = /^\u001b\[([?0-9;]*)([A-Za-z])/;

export class ScreenEmulator {
  /** Every line ever written, scrollback included; the cursor is on `row`. */
  readonly lines: string[] = [''];
  row = 0;
  private col = 0;
  /** For each line: its content each time it was completed (cursor moved past it) or erased after. */
  readonly history: string[][] = [[]];
  /** Clear-screen sequences (ink's fallback when its output is taller than the screen). */
  clears = 0;
  /** The most lines the cursor ever moved up from the bottom line. */
  maxUp = 0;
  raw = '';

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {}

  write(chunk: string): void {
    this.raw += chunk;
    let rest = chunk;
    while (rest.length > 0) {
      if (rest.startsWith('\u001b')) {
        const match = ESCAPE.exec(rest);
        if (!match) {
          rest = rest.slice(1);
          continue;
        }
        this.escape(match[1] ?? '', match[2] ?? '');
        rest = rest.slice(match[0].length);
        continue;
      }
      const char = rest[0] as string;
      rest = rest.slice(1);
      if (char === '\n') this.newline();
      else if (char === '\r') this.col = 0;
      else this.put(char);
    }
  }

  private escape(params: string, command: string): void {
    const n = Number.parseInt(params || '1', 10);
    switch (command) {
      case 'A': {
        this.row = Math.max(0, this.row - n);
        this.maxUp = Math.max(this.maxUp, this.lines.length - 1 - this.row);
        break;
      }
      case 'G':
        this.col = Math.max(0, n - 1);
        break;
      case 'K':
        this.erase(this.row);
        break;
      case 'J':
        if (params === '2' || params === '3') this.clears++;
        else for (let r = this.row; r < this.lines.length; r++) this.erase(r);
        break;
      case 'H':
        this.clears++;
        break;
      default: // colours (m), cursor visibility (?25l/h), synchronized output (?2026h/l)
    }
  }

  private erase(row: number): void {
    const before = this.lines[row] ?? '';
    if (before !== '') this.history[row]?.push(`erased: ${before}`);
    this.lines[row] = '';
  }

  private put(char: string): void {
    const line = this.lines[this.row] ?? '';
    this.lines[this.row] = line.padEnd(this.col, ' ').slice(0, this.col) + char + line.slice(this.col + 1);
    this.col++;
  }

  private newline(): void {
    this.history[this.row]?.push(`completed: ${this.lines[this.row] ?? ''}`);
    this.row++;
    this.col = 0;
    if (this.row >= this.lines.length) {
      this.lines.push('');
      this.history.push([]);
    }
  }

  /** The final transcript, without the empty line the cursor rests on. */
  transcript(): string[] {
    const lines = [...this.lines];
    if (lines.at(-1) === '') lines.pop();
    return lines;
  }

  /** Lines that were erased or rewritten after they had been completed with their final content. */
  rewrittenAfterFinal(): Array<{ row: number; line: string; history: string[] }> {
    return this.transcript().flatMap((line, row) => {
      const history = this.history[row] ?? [];
      const final = history.lastIndexOf(`completed: ${line}`);
      const first = history.indexOf(`completed: ${line}`);
      return line !== '' &&
        first >= 0 &&
        history.slice(first + 1).some((entry) => entry.startsWith('erased')) &&
        final >= first
        ? [{ row, line, history }]
        : [];
    });
  }
}
