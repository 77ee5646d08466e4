import type { MessageCode, MessageLevel, PayloadArgs } from './codes.js';

export type { MessageLevel } from './codes.js';

/** A coded message as hosts receive it; tests assert on `code` and `data`, never on painted text. */
export interface IoMessage {
  level: MessageLevel;
  code: string;
  text: string;
  data?: unknown;
}

/** `cancelled`: ended by a declined confirmation or Ctrl-C, not by a failure (nothing was wrong with the work). */
export type TaskStatus = 'running' | 'succeeded' | 'skipped' | 'failed' | 'cancelled';

/**
 * What a progress report can say about the time left: `etaMs` when it can be estimated honestly; an estimate
 * without `etaMs` means "ETA unknown" (shown as such). Tasks that never estimate pass no estimate at all.
 */
export interface ProgressEstimate {
  readonly etaMs?: number;
}

/** One unit of visible work: a row in the TUI tree, a line in plain output. */
export interface TaskHandle {
  /** A sub-task shown under this one. */
  task(title: string): TaskHandle;
  progress(done: number, total: number, text?: string, estimate?: ProgressEstimate): void;
  /** Replace the short detail shown after the title. */
  update(text: string): void;
  succeed(text?: string): void;
  skip(text?: string): void;
  fail(text?: string): void;
  /** Ended by a declined confirmation or Ctrl-C: shown as cancelled, never as failed. */
  cancel(text?: string): void;
}

/**
 * The port through which actions report while they work: coded messages (codes from message-codes.ts,
 * with their typed payload), tasks with progress, and yes/no questions. The hosts in ui/ implement it;
 * what an action returns is data, rendered by a view.
 */
export interface IoHost {
  /** True when a person can answer prompts. */
  readonly interactive: boolean;
  info<Payload>(message: MessageCode<'info', Payload>, text: string, ...data: PayloadArgs<Payload>): void;
  warn<Payload>(message: MessageCode<'warn', Payload>, text: string, ...data: PayloadArgs<Payload>): void;
  debug<Payload>(message: MessageCode<'debug', Payload>, text: string, ...data: PayloadArgs<Payload>): void;
  task(title: string): TaskHandle;
  /** Ask a yes/no question; the default answer is always no. */
  confirm(question: string): Promise<boolean>;
}
