import type { AwsarchError } from '../core/errors.js';
import {
  errorDocument,
  isJsonDocument,
  toDocument,
  type DistributiveOmit,
  type DocumentBody,
  type JsonDocument,
} from '../documents/document.js';
import type { MessageCode } from '../core/codes.js';
import type { MessageLevel, TaskHandle } from '../core/io-host.js';
import type { CommandResult, LiveFrame, OutputHost } from './io-host.js';
import type { Terminal } from './terminal.js';

/**
 * Exactly one JSON document on stdout (the result, or the error document); a live view (--watch) makes
 * stdout NDJSON instead: one line per frame, then the result on one line. Every document names its kind
 * and schema version (schemas/<kind>.schema.json). With --verbose, every event as one NDJSON line on stderr.
 */
export class JsonHost implements OutputHost {
  readonly interactive = false;
  private nextTaskId = 1;
  /** Once a live frame was written, stdout is NDJSON: one document per line, the result too. */
  private streaming = false;

  constructor(
    private readonly terminal: Terminal,
    private readonly options: { verbose: boolean },
  ) {}

  private event(event: DistributiveOmit<DocumentBody<'event'>, 'time'>): void {
    if (this.options.verbose)
      this.terminal.stderr.write(
        `${JSON.stringify(toDocument('event', { time: new Date().toISOString(), ...event }))}\n`,
      );
  }

  private message(level: MessageLevel, message: { code: string }, text: string, data?: unknown): void {
    this.event({ type: 'message', level, code: message.code, text, data });
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
    const id = this.nextTaskId++;
    this.event({ type: 'task', id, parentId, title, status: 'running' });
    const end = (status: 'succeeded' | 'skipped' | 'failed' | 'cancelled', text?: string) =>
      this.event({ type: 'task', id, status, text });
    return {
      task: (childTitle) => this.createTask(childTitle, id),
      progress: (done, total, text, estimate) =>
        this.event({
          type: 'progress',
          id,
          done,
          total,
          text,
          ...(estimate ? { etaMs: estimate.etaMs ?? null } : {}),
        }),
      update: (text) => this.event({ type: 'task', id, status: 'running', text }),
      succeed: (text) => end('succeeded', text),
      skip: (text) => end('skipped', text),
      fail: (text) => end('failed', text),
      cancel: (text) => end('cancelled', text),
    };
  }

  async confirm(): Promise<boolean> {
    return false;
  }

  result(result: CommandResult): void {
    this.write(result.data);
  }

  live(frame: LiveFrame): void {
    this.streaming = true;
    this.write(frame.data);
  }

  error(error: AwsarchError): void {
    const { code, message, hint } = error;
    // Registered details are plain objects (error-codes.ts types them per code).
    this.write(errorDocument({ code, message, hint, details: error.details as Readonly<Record<string, unknown>> }));
  }

  /** A document without a known kind has no schema, so it is never printed (main reports an internal error). */
  private write(document: JsonDocument): void {
    if (!isJsonDocument(document)) throw new Error('internal: a result without a document kind cannot be printed');
    this.terminal.stdout.write(`${this.streaming ? JSON.stringify(document) : JSON.stringify(document, null, 2)}\n`);
  }

  async close(): Promise<void> {}
}
