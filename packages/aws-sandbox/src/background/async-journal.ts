import { EventEmitter } from 'node:events';
import {
  appendFileSync,
  mkdirSync,
  openSync,
  readSync,
  closeSync,
  fstatSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ServerResource, ServerResources } from '../server-resources.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../private-files.js';

/** How an EventBridge rule hands an event to its target: the target's retry policy and dead-letter queue. */
export interface TargetDelivery {
  readonly ruleArn: string;
  readonly targetId: string;
  readonly targetArn: string;
  /** RetryPolicy.MaximumRetryAttempts (EventBridge's default 185). */
  readonly maximumRetryAttempts: number;
  /** RetryPolicy.MaximumEventAgeInSeconds (EventBridge's default 86,400). */
  readonly maximumEventAgeSeconds: number;
  readonly deadLetterArn?: string;
}

/** One asynchronous invocation of a function, from its arrival until it succeeded or was given up. */
export interface AsyncWork {
  readonly id: string;
  readonly functionArn: string;
  /** The event, as JSON text. */
  readonly payload: string;
  /** When the event arrived: its age counts from here. */
  readonly receivedAt: number;
  /** Set when the event came from an EventBridge rule (its delivery comes first, then Lambda's queue). */
  readonly delivery?: TargetDelivery;
  readonly source: 'eventbridge' | 'invoke' | 'schedule';
}

/** Where a work item stands: being delivered by EventBridge, or in the function's asynchronous queue. */
export interface WorkProgress {
  readonly stage: 'delivery' | 'invoke';
  /** Attempts made in this stage. */
  readonly attempts: number;
  readonly dueAt: number;
  readonly lastError?: string;
}

export type JournalLine =
  | ({ readonly t: 'put' } & AsyncWork)
  | ({ readonly t: 'progress'; readonly id: string } & WorkProgress)
  | { readonly t: 'done'; readonly id: string };

const JOURNAL_KEY = 'async-journal';

/**
 * The durable queue of asynchronous invocations: stateDir/lambda/async/journal.jsonl, appended to by any
 * sandbox process serving the directory (PutEvents, replays, Invoke with InvocationType Event) and read by
 * the one holding the runner lease, which appends each item's progress and its end. An accepted event is
 * on disk before the request that made it is answered, so a process that exits (or is killed) loses none;
 * an item whose end is not recorded is run again by the next runner (at least once, as on AWS).
 * Appends are single write() calls on a file opened for appending, each made under the state lock or by
 * the runner; the runner rewrites the file (compaction) while it holds the state lock.
 */
export class AsyncJournal implements ServerResource {
  readonly path: string;
  private readonly events = new EventEmitter().setMaxListeners(0);

  constructor(stateDir: string) {
    this.path = join(stateDir, 'lambda', 'async', 'journal.jsonl');
  }

  static of(resources: ServerResources, stateDir: string): AsyncJournal {
    return resources.use(JOURNAL_KEY, () => new AsyncJournal(stateDir));
  }

  append(line: JournalLine): void {
    this.appendAll([line]);
  }

  appendAll(lines: readonly JournalLine[]): void {
    if (lines.length === 0) return;
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    try {
      appendFileSync(this.path, text, { mode: PRIVATE_FILE });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(join(this.path, '..'), { recursive: true, mode: PRIVATE_DIR });
      appendFileSync(this.path, text, { mode: PRIVATE_FILE });
    }
    this.events.emit('appended');
  }

  /** Called when this process appended (other processes' appends are found by polling). */
  onAppend(listener: () => void): () => void {
    this.events.on('appended', listener);
    return () => this.events.off('appended', listener);
  }

  /** The complete lines after a byte offset, and the offset after the last of them. */
  readFrom(offset: number): { lines: JournalLine[]; nextOffset: number } {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], nextOffset: 0 };
      throw error;
    }
    try {
      const size = fstatSync(fd).size;
      if (size <= offset) return { lines: [], nextOffset: size < offset ? 0 : offset };
      const buffer = Buffer.alloc(size - offset);
      readSync(fd, buffer, 0, buffer.length, offset);
      const text = buffer.toString('utf8');
      const end = text.lastIndexOf('\n');
      if (end < 0) return { lines: [], nextOffset: offset };
      const lines: JournalLine[] = [];
      for (const line of text.slice(0, end).split('\n')) {
        try {
          if (line) lines.push(JSON.parse(line) as JournalLine);
        } catch {
          // a line cut by a writer killed mid-write: nothing can be recovered from it
        }
      }
      return { lines, nextOffset: offset + Buffer.byteLength(text.slice(0, end + 1)) };
    } finally {
      closeSync(fd);
    }
  }

  /** Replaces the journal with the lines that describe what is still pending; returns the new end offset. */
  rewrite(lines: readonly JournalLine[]): number {
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    const temporary = `${this.path}.${process.pid}.tmp`;
    mkdirSync(join(this.path, '..'), { recursive: true, mode: PRIVATE_DIR });
    writeFileSync(temporary, text, { mode: PRIVATE_FILE });
    renameSync(temporary, this.path);
    return Buffer.byteLength(text);
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
  }
}
