import type { AwsarchError } from '../../src/core/errors.js';
import type { MessageCode } from '../../src/core/codes.js';
import type { CommandResult, LiveFrame, OutputHost } from '../../src/ui/io-host.js';
import type { IoMessage, TaskHandle, TaskStatus } from '../../src/core/io-host.js';

export interface RecordedTask {
  path: string;
  status: TaskStatus;
  detail?: string;
  progress?: { done: number; total: number };
}

/** One progress report as a task made it (for step counters and ETAs). */
export interface RecordedProgress {
  path: string;
  done: number;
  total: number;
  text?: string;
  etaMs?: number;
  /** The task gave an estimate (without etaMs: "ETA unknown"). */
  estimated: boolean;
}

/** An IoHost that records messages, tasks and the result, for assertions on codes and data. */
export class RecordingHost implements OutputHost {
  readonly messages: IoMessage[] = [];
  readonly tasks: RecordedTask[] = [];
  readonly progress: RecordedProgress[] = [];
  results: CommandResult[] = [];
  frames: LiveFrame[] = [];
  errors: AwsarchError[] = [];
  answers: boolean[] = [];
  readonly questions: string[] = [];

  constructor(readonly interactive = false) {}

  info(message: MessageCode<'info', unknown>, text: string, data?: unknown): void {
    this.messages.push({ level: 'info', code: message.code, text, data });
  }
  warn(message: MessageCode<'warn', unknown>, text: string, data?: unknown): void {
    this.messages.push({ level: 'warn', code: message.code, text, data });
  }
  debug(message: MessageCode<'debug', unknown>, text: string, data?: unknown): void {
    this.messages.push({ level: 'debug', code: message.code, text, data });
  }
  task(title: string): TaskHandle {
    return this.createTask(title);
  }
  private createTask(path: string): TaskHandle {
    const task: RecordedTask = { path, status: 'running' };
    this.tasks.push(task);
    return {
      task: (title) => this.createTask(`${path} › ${title}`),
      progress: (done, total, text, estimate) => {
        task.progress = { done, total };
        this.progress.push({
          path,
          done,
          total,
          ...(text === undefined ? {} : { text }),
          ...(estimate?.etaMs === undefined ? {} : { etaMs: estimate.etaMs }),
          estimated: estimate !== undefined,
        });
      },
      update: (text) => {
        task.detail = text;
      },
      succeed: (text) => Object.assign(task, { status: 'succeeded', detail: text ?? task.detail }),
      skip: (text) => Object.assign(task, { status: 'skipped', detail: text ?? task.detail }),
      fail: (text) => Object.assign(task, { status: 'failed', detail: text ?? task.detail }),
      cancel: (text) => Object.assign(task, { status: 'cancelled', detail: text ?? task.detail }),
    };
  }
  async confirm(question: string): Promise<boolean> {
    this.questions.push(question);
    return this.answers.shift() ?? false;
  }
  result(result: CommandResult): void {
    this.results.push(result);
  }
  live(frame: LiveFrame): void {
    this.frames.push(frame);
  }
  error(error: AwsarchError): void {
    this.errors.push(error);
  }
  async close(): Promise<void> {}

  codes(level?: IoMessage['level']): string[] {
    return this.messages.filter((message) => !level || message.level === level).map((message) => message.code);
  }
}
