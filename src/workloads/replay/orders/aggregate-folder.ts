import type { Commit } from '#workloads/orders/index.js';

/** An aggregate whose commits have all been read from its segment, in version order. */
export interface CompletedAggregate {
  readonly aggregateId: string;
  readonly commits: readonly Commit[];
}

export interface FoldedPage {
  readonly completed: CompletedAggregate[];
  /** Aggregates seen again after they were completed: their history is read again in full. */
  readonly stragglers: string[];
}

export type ItemKey = { aggregateId: string; version: number };

/**
 * Groups the commits of one scan segment into aggregates as they stream by (pure). DynamoDB returns a
 * partition's items together, in sort-key order, so an aggregate is complete when the next one begins;
 * only the one still open is held in memory. `resumeKey` is where a later scan must start (exclusively)
 * to read the open aggregate again from its first commit: the checkpoint of everything before it.
 * An aggregate met again after it was completed (not expected from DynamoDB, tolerated) is a straggler.
 */
export class AggregateFolder {
  private open: { aggregateId: string; commits: Commit[] } | undefined;
  private readonly closed = new Set<string>();
  private lastSeen: ItemKey | undefined;
  /** Start (exclusive) of the open aggregate, i.e. the key before its first commit; undefined: the segment's start. */
  resumeKey: ItemKey | undefined;

  constructor(startKey?: ItemKey) {
    this.lastSeen = startKey;
    this.resumeKey = startKey;
  }

  push(commits: readonly Commit[]): FoldedPage {
    const completed: CompletedAggregate[] = [];
    const stragglers: string[] = [];
    for (const commit of commits) {
      if (this.open && this.open.aggregateId === commit.aggregateId) {
        this.open.commits.push(commit);
      } else {
        if (this.open) completed.push(this.close(this.open));
        if (this.closed.has(commit.aggregateId)) {
          if (!stragglers.includes(commit.aggregateId)) stragglers.push(commit.aggregateId);
          this.open = undefined;
          this.resumeKey = { aggregateId: commit.aggregateId, version: commit.version };
        } else {
          this.resumeKey = this.lastSeen;
          this.open = { aggregateId: commit.aggregateId, commits: [commit] };
        }
      }
      this.lastSeen = { aggregateId: commit.aggregateId, version: commit.version };
    }
    return { completed, stragglers };
  }

  /** The segment ended: the open aggregate is complete too. */
  finish(): CompletedAggregate[] {
    const last = this.open ? [this.close(this.open)] : [];
    this.open = undefined;
    this.resumeKey = this.lastSeen;
    return last;
  }

  private close(open: { aggregateId: string; commits: Commit[] }): CompletedAggregate {
    this.closed.add(open.aggregateId);
    return { aggregateId: open.aggregateId, commits: open.commits.sort((a, b) => a.version - b.version) };
  }
}
