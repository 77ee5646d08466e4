import { render, type Instance } from 'ink';
import React from 'react';
import type { AwsarchError } from '../core/errors.js';
import { App } from './components/App.js';
import type { CommandResult, HumanBlock, IoHost, MessageLevel, TaskHandle } from './io-host.js';
import { TaskStore } from './task-store.js';
import type { Terminal } from './terminal.js';

/** The TUI host: a live task tree with spinners and elapsed times, then the result. */
export class InkHost implements IoHost {
  readonly interactive: boolean;
  private readonly store = new TaskStore();
  private readonly instance: Instance;
  private result_?: HumanBlock[];
  private live_?: HumanBlock[];
  private pendingError?: AwsarchError;

  constructor(
    private readonly terminal: Terminal,
    private readonly options: { verbose: boolean },
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

  private element(): React.JSX.Element {
    return <App store={this.store} verbose={this.options.verbose} live={this.live_} result={this.result_} />;
  }

  private message(level: MessageLevel, code: string, text: string, data?: unknown): void {
    this.store.addMessage({ level, code, text, data });
  }

  info(code: string, text: string, data?: unknown): void {
    this.message('info', code, text, data);
  }

  warn(code: string, text: string, data?: unknown): void {
    this.message('warn', code, text, data);
  }

  debug(code: string, text: string, data?: unknown): void {
    this.message('debug', code, text, data);
  }

  task(title: string): TaskHandle {
    return this.createTask(title);
  }

  private createTask(title: string, parentId?: number): TaskHandle {
    const id = this.store.addTask(title, parentId);
    let ended = false;
    const end = (status: 'succeeded' | 'skipped' | 'failed', text?: string) => {
      if (ended) return;
      ended = true;
      this.store.updateTask(id, text === undefined ? { status } : { status, detail: text });
    };
    return {
      task: (childTitle) => this.createTask(childTitle, id),
      progress: (done, total, text) =>
        this.store.updateTask(
          id,
          text === undefined ? { progress: { done, total } } : { progress: { done, total }, detail: text },
        ),
      update: (text) => this.store.updateTask(id, { detail: text }),
      succeed: (text) => end('succeeded', text),
      skip: (text) => end('skipped', text),
      fail: (text) => end('failed', text),
    };
  }

  confirm(question: string): Promise<boolean> {
    return new Promise((resolve) => {
      this.store.setPrompt({
        question,
        answer: (yes) => {
          this.store.setPrompt(undefined);
          this.message('info', 'prompt-answer', `${question} ${yes ? 'yes' : 'no'}`);
          resolve(yes);
        },
      });
    });
  }

  result(result: CommandResult): void {
    this.result_ = result.human;
    this.instance.rerender(this.element());
  }

  /** Redraws the live frame in place (ink repaints only what changed); it stays above the final result. */
  live(frame: CommandResult): void {
    this.live_ = frame.human;
    this.instance.rerender(this.element());
  }

  error(error: AwsarchError): void {
    this.pendingError = error;
  }

  async close(): Promise<void> {
    this.instance.unmount();
    await this.instance.waitUntilExit().catch(() => undefined);
    if (this.pendingError) {
      const { message, hint } = this.pendingError;
      this.terminal.stderr.write(`\u001b[31merror:\u001b[39m ${message}\n`);
      if (hint) this.terminal.stderr.write(`hint: ${hint}\n`);
    }
  }
}
