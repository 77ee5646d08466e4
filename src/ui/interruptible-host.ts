import type { MessageCode } from '../core/codes.js';
import type { AwsarchError } from '../core/errors.js';
import type { ProgressEstimate, TaskHandle } from '../core/io-host.js';
import type { CommandResult, LiveFrame, OutputHost } from './io-host.js';

/**
 * After Ctrl-C, a command says one thing: that it was interrupted (the runner prints that error). The work
 * unwinding below it - steps failing with "interrupted", their parents, the partial result - prints nothing
 * more. Warnings still pass (something the user must act on, such as a run lease that was not released),
 * and so do debug messages (--verbose). Until Ctrl-C, everything passes unchanged.
 */
export class InterruptibleHost implements OutputHost {
  constructor(
    private readonly inner: OutputHost,
    private readonly signal: AbortSignal,
  ) {}

  get interactive(): boolean {
    return this.inner.interactive;
  }

  private get quiet(): boolean {
    return this.signal.aborted;
  }

  info(message: MessageCode<'info', unknown>, text: string, data?: unknown): void {
    if (!this.quiet) this.inner.info(message, text, data as never);
  }

  warn(message: MessageCode<'warn', unknown>, text: string, data?: unknown): void {
    this.inner.warn(message, text, data as never);
  }

  debug(message: MessageCode<'debug', unknown>, text: string, data?: unknown): void {
    this.inner.debug(message, text, data as never);
  }

  task(title: string): TaskHandle {
    return this.quiet ? SILENT_TASK : this.wrap(this.inner.task(title));
  }

  private wrap(handle: TaskHandle): TaskHandle {
    const unlessQuiet =
      <A extends unknown[]>(act: (...args: A) => void) =>
      (...args: A) => {
        if (!this.quiet) act(...args);
      };
    return {
      task: (title) => (this.quiet ? SILENT_TASK : this.wrap(handle.task(title))),
      progress: unlessQuiet((done: number, total: number, text?: string, estimate?: ProgressEstimate) =>
        handle.progress(done, total, text, estimate),
      ),
      update: unlessQuiet((text: string) => handle.update(text)),
      succeed: unlessQuiet((text?: string) => handle.succeed(text)),
      skip: unlessQuiet((text?: string) => handle.skip(text)),
      fail: unlessQuiet((text?: string) => handle.fail(text)),
      cancel: unlessQuiet((text?: string) => handle.cancel(text)),
    };
  }

  confirm(question: string): Promise<boolean> {
    return this.inner.confirm(question);
  }

  result(result: CommandResult): void {
    if (!this.quiet) this.inner.result(result);
  }

  live(frame: LiveFrame): void {
    if (!this.quiet) this.inner.live(frame);
  }

  error(error: AwsarchError): void {
    this.inner.error(error);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

const SILENT_TASK: TaskHandle = {
  task: () => SILENT_TASK,
  progress: () => undefined,
  update: () => undefined,
  succeed: () => undefined,
  skip: () => undefined,
  fail: () => undefined,
  cancel: () => undefined,
};
