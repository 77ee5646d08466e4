import { render, renderToString, type Instance } from 'ink';
import React from 'react';
import type { AwsarchError } from '../core/errors.js';
import { App } from './components/App.js';
import { ResultView } from './components/ResultView.js';
import type { MessageCode } from '../core/codes.js';
import { MSG } from '../core/message-codes.js';
import type { MessageLevel, TaskHandle } from '../core/io-host.js';
import type { CommandResult, HumanBlock, LiveFrame, OutputHost } from './io-host.js';
import { TaskStore } from './task-store.js';
import { isDeclined } from './declined.js';
import type { Terminal } from './terminal.js';

/** The TUI host: a live task tree with spinners and elapsed times, then the result. */
export class InkHost implements OutputHost {
  readonly interactive: boolean;
  private readonly store = new TaskStore();
  private readonly instance: Instance;
  private result_?: HumanBlock[];
  private live_?: string[];
  private lastFrame_?: HumanBlock[];
  private pendingError?: AwsarchError;

  constructor(
    private readonly terminal: Terminal,
    private readonly options: { verbose: boolean; colour?: boolean },
  ) {
    this.interactive = Boolean(terminal.stdin.isTTY);
    this.instance = render(this.element(), {
      stdout: terminal.stdout as NodeJS.WriteStream,
      stderr: terminal.stderr as NodeJS.WriteStream,
      stdin: terminal.stdin as NodeJS.ReadStream,
      exitOnCtrlC: false,
      patchConsole: false,
    });
  }

  private get columns(): number {
    return this.terminal.stdout.columns ?? 80;
  }

  private get rows(): number {
    return (this.terminal.stdout as { rows?: number }).rows ?? 24;
  }

  private element(): React.JSX.Element {
    return (
      <App
        store={this.store}
        verbose={this.options.verbose}
        live={this.live_}
        columns={this.columns}
        rows={this.rows}
      />
    );
  }

  /** Blocks as the TUI draws them (colours, boxes), fitted to the terminal's width, as lines. */
  private lines(blocks: HumanBlock[]): string[] {
    const columns = this.columns;
    return renderToString(<ResultView blocks={blocks} width={columns} />, { columns }).split('\n');
  }

  private message(level: MessageLevel, message: { code: string }, text: string, data?: unknown): void {
    this.store.addMessage({ level, code: message.code, text, data });
  }

  info(message: MessageCode<'info', unknown>, text: string, data?: unknown): void {
    this.message('info', message, text, data);
  }

  warn(message: MessageCode<'warn', unknown>, text: string, data?: unknown): void {
    this.message('warn', message, text, data);
  }

  debug(message: MessageCode<'debug', unknown>, text: string, data?: unknown): void {
    this.message('debug', message, text, data);
  }

  task(title: string): TaskHandle {
    return this.createTask(title);
  }

  private createTask(title: string, parentId?: number): TaskHandle {
    const id = this.store.addTask(title, parentId);
    let ended = false;
    const end = (status: 'succeeded' | 'skipped' | 'failed' | 'cancelled', text?: string) => {
      if (ended) return;
      ended = true;
      this.store.updateTask(id, text === undefined ? { status } : { status, detail: text });
    };
    return {
      task: (childTitle) => this.createTask(childTitle, id),
      progress: (done, total, text, estimate) => {
        const progress = estimate
          ? { done, total, estimated: true, ...(estimate.etaMs === undefined ? {} : { etaMs: estimate.etaMs }) }
          : { done, total };
        this.store.updateTask(id, text === undefined ? { progress } : { progress, detail: text });
      },
      update: (text) => this.store.updateTask(id, { detail: text }),
      succeed: (text) => end('succeeded', text),
      skip: (text) => end('skipped', text),
      fail: (text) => end('failed', text),
      cancel: (text) => end('cancelled', text ?? 'cancelled'),
    };
  }

  confirm(question: string): Promise<boolean> {
    return new Promise((resolve) => {
      this.store.setPrompt({
        question,
        answer: (yes) => {
          this.store.setPrompt(undefined);
          this.message('info', MSG.PROMPT_ANSWER, `${question} ${yes ? 'yes' : 'no'}`);
          resolve(yes);
        },
      });
    });
  }

  /** Kept until the live part has ended, then printed once below everything else (see close). */
  result(result: CommandResult): void {
    this.result_ = result.human;
  }

  /** Redraws the live frame in place (ink repaints only what changed), cut to the terminal's height. */
  live(frame: LiveFrame): void {
    this.lastFrame_ = frame.human;
    this.live_ = this.lines(frame.human);
    this.instance.rerender(this.element());
  }

  error(error: AwsarchError): void {
    this.pendingError = error;
  }

  /**
   * Ends the live part (its last frame is replaced by the result, so nothing is printed twice), then
   * prints the result as ordinary lines, whatever its length, the last one ending with a newline.
   */
  async close(): Promise<void> {
    this.live_ = undefined;
    this.instance.rerender(this.element());
    this.instance.unmount();
    await this.instance.waitUntilExit().catch(() => undefined);
    // The last live frame, in full (it may have been cut to the screen), stays in the scrollback.
    const final = [...(this.lastFrame_ ?? []), ...(this.result_ ?? [])];
    if (final.length > 0) this.terminal.stdout.write(`${this.lines(final).join('\n')}\n`);
    if (this.pendingError) {
      const { message, hint } = this.pendingError;
      // A "no" to a confirmation is the user's choice, not an error: it says cancelled, in yellow.
      const label = isDeclined(this.pendingError) ? ['⊘', 33] : ['error:', 31];
      this.terminal.stderr.write(
        `${this.options.colour === false ? label[0] : `\u001b[${label[1]}m${label[0]}\u001b[39m`} ${message}\n`,
      );
      if (hint) this.terminal.stderr.write(`hint: ${hint}\n`);
    }
  }
}
