import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ItemKey } from './aggregate-folder.js';

/** What a segment has done up to its resume key: every aggregate before it is written. */
export interface SegmentStats {
  commits: number;
  events: number;
  aggregates: number;
  /** Aggregates met again after completion, whose history was read again in full. */
  stragglers: number;
  /** Aggregates (with --from-version) whose earlier commits were read to start from the read model's version. */
  gapFills: number;
  /** Rows the aggregates produced, by table (each once, whatever was written). */
  rows: Record<string, number>;
  /** Rows written, by table. */
  written: Record<string, number>;
  /** Rows already current (in place), by table. */
  current: Record<string, number>;
  /** Items DynamoDB left unprocessed and that were sent again. */
  retried: number;
  /** Aggregates that could not be projected (a gap in the event store, a corrupt item), with why. */
  failed: Array<{ aggregateId: string; error: string }>;
}

export interface SegmentCheckpoint {
  /** Scan from here (exclusive) to resume; undefined: from the segment's start. */
  resumeKey?: ItemKey;
  done: boolean;
  stats: SegmentStats;
}

export interface RebuildCheckpoint {
  readonly version: 1;
  /** Identifies the rebuild (account, stack, tables, projections, mode, segments): another one never resumes it. */
  readonly key: string;
  /** When the first run began: the switch's catch-up re-projects what was committed since. */
  readonly startedAt: number;
  /** Commits in the event store (an estimate, for progress). */
  totalCommits?: number;
  runs: number;
  segments: SegmentCheckpoint[];
}

export const emptyStats = (): SegmentStats => ({
  commits: 0,
  events: 0,
  aggregates: 0,
  stragglers: 0,
  gapFills: 0,
  rows: {},
  written: {},
  current: {},
  retried: 0,
  failed: [],
});

export function newCheckpoint(key: string, segments: number, startedAt: number): RebuildCheckpoint {
  return {
    version: 1,
    key,
    startedAt,
    runs: 0,
    segments: Array.from({ length: segments }, () => ({ done: false, stats: emptyStats() })),
  };
}

/** A stable key for what a rebuild is (pure). */
export function checkpointKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

const MAX_FAILURES_KEPT = 50;

/** Adds one set of counts to another (in place). */
export function mergeStats(into: SegmentStats, add: SegmentStats): void {
  for (const key of ['commits', 'events', 'aggregates', 'stragglers', 'gapFills', 'retried'] as const)
    into[key] += add[key];
  for (const field of ['rows', 'written', 'current'] as const) {
    for (const [table, count] of Object.entries(add[field])) into[field][table] = (into[field][table] ?? 0) + count;
  }
  into.failed.push(...add.failed.slice(0, Math.max(0, MAX_FAILURES_KEPT - into.failed.length)));
}

/** The totals of every segment (pure). */
export function sumStats(segments: readonly SegmentCheckpoint[]): SegmentStats {
  const total = emptyStats();
  for (const { stats } of segments) mergeStats(total, stats);
  return total;
}

export interface CheckpointStore {
  readonly location: string;
  load(): Promise<RebuildCheckpoint | undefined>;
  save(checkpoint: RebuildCheckpoint): Promise<void>;
  remove(): Promise<void>;
}

/** A checkpoint in a JSON file, replaced atomically (temp file + rename) so a kill never leaves half of one. */
export class FileCheckpointStore implements CheckpointStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly location: string) {}

  async load(): Promise<RebuildCheckpoint | undefined> {
    try {
      return JSON.parse(await readFile(this.location, 'utf8')) as RebuildCheckpoint;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  save(checkpoint: RebuildCheckpoint): Promise<void> {
    const text = JSON.stringify(checkpoint);
    this.writing = this.writing.then(async () => {
      await mkdir(dirname(this.location), { recursive: true });
      const temp = `${this.location}.${process.pid}.${randomUUID()}.tmp`;
      await writeFile(temp, text);
      await rename(temp, this.location);
    });
    return this.writing;
  }

  async remove(): Promise<void> {
    await this.writing;
    await rm(this.location, { force: true });
  }
}

/** A checkpoint kept in memory (tests, benchmarks). */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly location = 'memory';
  saved: RebuildCheckpoint | undefined;

  async load() {
    return this.saved === undefined ? undefined : (JSON.parse(JSON.stringify(this.saved)) as RebuildCheckpoint);
  }

  async save(checkpoint: RebuildCheckpoint) {
    this.saved = JSON.parse(JSON.stringify(checkpoint)) as RebuildCheckpoint;
  }

  async remove() {
    this.saved = undefined;
  }
}
