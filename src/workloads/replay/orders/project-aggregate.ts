import { eventsOfCommit, projectOrderEvents, type Commit, type OrderSummary } from '#workloads/orders/index.js';

/**
 * Folds an aggregate's commits, whole and in version order, onto a summary (none: from the first event)
 * with the projector the Lambda runs (projectOrderEvents): idempotent by version, and a missing version
 * throws ProjectionGapError. Pure.
 */
export function projectCommitsOnto(
  base: OrderSummary | undefined,
  commits: readonly Commit[],
): OrderSummary | undefined {
  return projectOrderEvents(base, [...commits].sort((a, b) => a.version - b.version).flatMap(eventsOfCommit));
}

/** The number of events in commits. */
export function eventCount(commits: readonly Commit[]): number {
  return commits.reduce((sum, commit) => sum + commit.events.length, 0);
}
