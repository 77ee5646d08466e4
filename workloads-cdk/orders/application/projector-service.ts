import { eventsOfCommit, type Commit, type StoredEvent } from '../event-store/commits.js';
import type { DynamoEventStore } from '../event-store/event-store.js';
import { projectOrderEvents } from '../projection/order-summary.js';
import type { ReadModelStore } from '../projection/read-model-store.js';

export interface ProjectorDeps {
  readonly store: DynamoEventStore;
  readonly readModels: ReadModelStore;
}

export interface ProjectionStats {
  readonly aggregates: number;
  /** Events folded into the read models. */
  readonly eventsApplied: number;
  /** Commits that were already projected (redelivered or replayed). */
  readonly commitsSkipped: number;
  /** Aggregates whose missing earlier commits were read from the event store (out-of-order delivery). */
  readonly gapsFilled: number;
  /** Aggregates that failed, with the error; their commits should be delivered again. */
  readonly failed: ReadonlyArray<{ readonly aggregateId: string; readonly error: unknown }>;
}

/**
 * Projects a batch of commits (from the stream, a redelivery or a replay) into the read models.
 * Idempotent by version: what is already projected is skipped; if commits arrive out of order, the
 * missing ones are read from the event store so events are always folded in version order.
 */
export async function projectCommits(deps: ProjectorDeps, commits: Iterable<Commit>): Promise<ProjectionStats> {
  const byAggregate = new Map<string, Commit[]>();
  for (const commit of commits) {
    const list = byAggregate.get(commit.aggregateId) ?? [];
    list.push(commit);
    byAggregate.set(commit.aggregateId, list);
  }
  let eventsApplied = 0;
  let commitsSkipped = 0;
  let gapsFilled = 0;
  const failed: Array<{ aggregateId: string; error: unknown }> = [];
  await Promise.all(
    [...byAggregate].map(async ([aggregateId, aggregateCommits]) => {
      try {
        const outcome = await projectAggregate(deps, aggregateId, aggregateCommits);
        eventsApplied += outcome.eventsApplied;
        commitsSkipped += outcome.commitsSkipped;
        if (outcome.gapFilled) gapsFilled += 1;
      } catch (error) {
        failed.push({ aggregateId, error });
      }
    }),
  );
  return { aggregates: byAggregate.size, eventsApplied, commitsSkipped, gapsFilled, failed };
}

async function projectAggregate(deps: ProjectorDeps, aggregateId: string, commits: Commit[]) {
  const summary = await deps.readModels.getSummary(aggregateId);
  const projected = summary?.version ?? 0;
  const fresh = commits.filter((commit) => commit.lastVersion > projected).sort((a, b) => a.version - b.version);
  const commitsSkipped = commits.length - fresh.length;
  const target = fresh.at(-1)?.lastVersion;
  if (target === undefined) return { eventsApplied: 0, commitsSkipped, gapFilled: false };

  const delivered = new Map<number, StoredEvent>();
  for (const commit of fresh) for (const event of eventsOfCommit(commit)) delivered.set(event.version, event);
  let events: StoredEvent[] = [];
  let gapFilled = false;
  for (let version = projected + 1; version <= target; version += 1) {
    const event = delivered.get(version);
    if (!event) {
      gapFilled = true;
      break;
    }
    events.push(event);
  }
  if (gapFilled) {
    const history = await deps.store.loadCommits(aggregateId, projected, target);
    events = history.flatMap(eventsOfCommit).filter((event) => event.version > projected && event.version <= target);
  }
  const next = projectOrderEvents(summary, events);
  if (next && next.version > projected) await deps.readModels.write(next);
  return { eventsApplied: events.length, commitsSkipped, gapFilled };
}
