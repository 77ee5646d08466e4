import type { AwsarchError } from '../core/errors.js';
import { askYesNo } from './ask-yes-no.js';
import type { MessageCode } from '../core/codes.js';
import type { TaskHandle } from '../core/io-host.js';
import type { CommandResult, LiveFrame, OutputHost } from './io-host.js';
import { outputWidth } from './fit-width.js';
import { etaText, formatDuration, renderBlocksAsText } from './render-text.js';
import type { Terminal } from './terminal.js';
import { isDeclined } from './declined.js';

const PROGRESS_STEPS = 4;
/** Up to this many steps, every step is news (vending's 6): one line each; beyond, one line per quarter. */
const COUNTED_STEPS = 12;

/** One stable line per event: progress on stderr, the result on stdout. */
export class PlainHost implements OutputHost {
  readonly interactive: boolean;

  constructor(
    private readonly terminal: Terminal,
    private readonly options: { verbose: boolean; now?: () => number },
  ) {
    this.interactive = Boolean(terminal.stdin.isTTY);
  }

  info(_message: MessageCode<'info', unknown>, text: string, _data?: unknown): void {
    this.terminal.stderr.write(`${text}\n`);
  }

  warn(_message: MessageCode<'warn', unknown>, text: string, _data?: unknown): void {
    this.terminal.stderr.write(`warning: ${text}\n`);
  }

  debug(message: MessageCode<'debug', unknown>, text: string, _data?: unknown): void {
    if (this.options.verbose) this.terminal.stderr.write(`debug [${message.code}] ${text}\n`);
  }

  task(title: string): TaskHandle {
    return this.createTask(title);
  }

  private createTask(path: string): TaskHandle {
    const now = this.options.now ?? Date.now;
    const startedAt = now();
    let detail: string | undefined;
    let lastStep = -1;
    let ended = false;
    const write = (line: string) => this.terminal.stderr.write(`${line}\n`);
    const end = (symbol: string, text: string | undefined, timed: boolean) => {
      if (ended) return;
      ended = true;
      const shown = text ?? detail;
      const time = timed ? ` (${formatDuration(now() - startedAt)})` : '';
      write(`${symbol} ${path}${shown ? `: ${shown}` : ''}${time}`);
    };
    write(`… ${path}`);
    return {
      task: (title) => this.createTask(`${path} › ${title}`),
      progress: (done, total, text, estimate) => {
        const step = total <= COUNTED_STEPS ? done : total > 0 ? Math.floor((done / total) * PROGRESS_STEPS) : 0;
        if (step === lastStep) return;
        lastStep = step;
        const eta = etaText(estimate);
        write(`  ${path}: ${done}/${total}${text ? ` ${text}` : ''}${eta ? ` · ${eta}` : ''}`);
      },
      update: (text) => {
        detail = text;
      },
      succeed: (text) => end('✓', text, true),
      skip: (text) => end('-', text, false),
      fail: (text) => end('✗', text, true),
      cancel: (text) => end('⊘', text ?? 'cancelled', true),
    };
  }

  confirm(question: string): Promise<boolean> {
    return askYesNo(this.terminal, question);
  }

  result(result: CommandResult): void {
    const lines = renderBlocksAsText(result.human, outputWidth(this.terminal.stdout, this.terminal.env));
    if (lines.length > 0) this.terminal.stdout.write(`${lines.join('\n')}\n`);
  }

  /** Each frame in full, a blank line after it: logs cannot redraw, so they keep the history. */
  live(frame: LiveFrame): void {
    const lines = renderBlocksAsText(frame.human, outputWidth(this.terminal.stdout, this.terminal.env));
    this.terminal.stdout.write(`${lines.join('\n')}\n\n`);
  }

  error(error: AwsarchError): void {
    this.terminal.stderr.write(`${isDeclined(error) ? '⊘' : 'error:'} ${error.message}\n`);
    if (error.hint) this.terminal.stderr.write(`hint: ${error.hint}\n`);
  }

  async close(): Promise<void> {}
}
