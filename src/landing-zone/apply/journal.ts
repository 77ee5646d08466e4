import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** One line of a run journal (NDJSON): a run starting, a change beginning, ending, or the run ending. */
export type JournalEntry =
  | { type: 'start'; planId: string; source: string; sha256: string; changes: number; at: string; pid: number }
  | { type: 'begin'; key: string; at: string }
  | { type: 'done'; key: string; at: string; detail?: string; id?: string }
  | { type: 'failed'; key: string; at: string; error: string }
  | { type: 'skipped'; key: string; at: string; reason: string }
  | { type: 'end'; at: string; done: number; failed: number; skipped: number; supersededBy?: string };

/** Where journals live by default: .awsarch/runs/<plan id>.jsonl under the working directory. */
export function defaultJournalDir(cwd = process.cwd()): string {
  return join(cwd, '.awsarch', 'runs');
}

export function journalPathFor(dir: string, planId: string): string {
  return join(dir, `${planId}.jsonl`);
}

/** Opens a journal for appending; a last line torn by a kill is closed first, so the next entry stands alone. */
function openForAppend(path: string): number {
  const fd = openSync(path, 'a+');
  const size = statSync(path).size;
  if (size > 0) {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last.toString() !== '\n') writeSync(fd, '\n');
  }
  return fd;
}

/**
 * The record of an apply, appended and flushed to disk line by line, so that after a kill -9 the
 * next apply knows which changes of which plan were begun and finished. AWS stays the truth: a
 * re-run plans again from what AWS says; the journal lets a saved plan be resumed rather than
 * refused as stale, and says what the interrupted run had done.
 */
export class RunJournal {
  private readonly fd: number;

  private constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openForAppend(path);
  }

  static open(path: string, start: Omit<Extract<JournalEntry, { type: 'start' }>, 'type' | 'at' | 'pid'>): RunJournal {
    const journal = new RunJournal(path);
    journal.write({ type: 'start', ...start, at: new Date().toISOString(), pid: process.pid });
    return journal;
  }

  begin(key: string): void {
    this.write({ type: 'begin', key, at: new Date().toISOString() });
  }

  done(key: string, detail?: string, id?: string): void {
    this.write({
      type: 'done',
      key,
      at: new Date().toISOString(),
      ...(detail ? { detail } : {}),
      ...(id ? { id } : {}),
    });
  }

  failed(key: string, error: string): void {
    this.write({ type: 'failed', key, at: new Date().toISOString(), error });
  }

  skipped(key: string, reason: string): void {
    this.write({ type: 'skipped', key, at: new Date().toISOString(), reason });
  }

  end(counts: { done: number; failed: number; skipped: number }): void {
    this.write({ type: 'end', at: new Date().toISOString(), ...counts });
    closeSync(this.fd);
  }

  private write(entry: JournalEntry): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(this.fd);
  }
}

/** Ends an interrupted run's journal once another run has finished its work. */
export function markSuperseded(path: string, planId: string): void {
  const fd = openForAppend(path);
  writeSync(
    fd,
    `${JSON.stringify({ type: 'end', at: new Date().toISOString(), done: 0, failed: 0, skipped: 0, supersededBy: planId })}\n`,
  );
  fsyncSync(fd);
  closeSync(fd);
}

/** The entries of a journal; a line torn by a kill is ignored. */
export function readJournal(path: string): JournalEntry[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line) => {
      if (!line.trim()) return [];
      try {
        return [JSON.parse(line) as JournalEntry];
      } catch {
        return [];
      }
    });
}

/** What a journal says about its last run: whether it ended, and the changes it finished. */
export interface JournalSummary {
  path: string;
  planId: string;
  startedAt: string;
  ended: boolean;
  done: string[];
  begun: string[];
  changes: number;
}

export function summarizeJournal(path: string): JournalSummary | undefined {
  const entries = readJournal(path);
  const starts = entries.flatMap((entry, index) => (entry.type === 'start' ? [index] : []));
  const last = starts.at(-1);
  if (last === undefined) return undefined;
  const start = entries[last] as Extract<JournalEntry, { type: 'start' }>;
  const run = entries.slice(last + 1);
  const doneKeys = new Set(entries.flatMap((entry) => (entry.type === 'done' ? [entry.key] : [])));
  return {
    path,
    planId: start.planId,
    startedAt: start.at,
    ended: run.some((entry) => entry.type === 'end'),
    done: [...doneKeys],
    begun: run.flatMap((entry) => (entry.type === 'begin' ? [entry.key] : [])),
    changes: start.changes,
  };
}

/** The latest run of the same landing-zone file that did not end (killed), if any. */
export function interruptedRun(dir: string, sha256: string): JournalSummary | undefined {
  if (!existsSync(dir)) return undefined;
  const candidates = readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => {
      const path = join(dir, name);
      const entries = readJournal(path);
      const start = entries.filter((entry) => entry.type === 'start').at(-1) as
        Extract<JournalEntry, { type: 'start' }> | undefined;
      if (!start || start.sha256 !== sha256) return [];
      const summary = summarizeJournal(path);
      return summary && !summary.ended ? [summary] : [];
    })
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return candidates[0];
}
