import type { CommandEnvelope } from '../domain/commands.js';
import { decide, type RuleViolation } from '../domain/decide.js';
import { foldOrder, initialOrderState, type OrderEventType, type OrderState } from '../domain/order.js';
import type { Commit } from '../event-store/commits.js';
import { ConcurrencyConflictError, type DynamoEventStore, type Snapshot } from '../event-store/event-store.js';

export interface CommandServiceDeps {
  readonly store: DynamoEventStore;
  /** ISO time, injected so tests control it. */
  now(): string;
  /** A snapshot is saved whenever the version crosses a multiple of this. */
  readonly snapshotEvery: number;
}

export type CommandOutcome =
  | {
      readonly kind: 'applied';
      readonly orderId: string;
      readonly version: number;
      readonly events: readonly OrderEventType[];
      readonly duplicate: boolean;
    }
  | { readonly kind: 'rejected'; readonly orderId: string; readonly violation: RuleViolation; readonly message: string }
  | {
      readonly kind: 'conflict';
      readonly orderId: string;
      readonly expectedVersion: number;
      readonly currentVersion: number;
    };

const RECENT_COMMANDS_KEPT = 50;

interface LoadedOrder {
  readonly state: OrderState;
  readonly recentCommands: Snapshot['recentCommands'];
  readonly commitsSinceSnapshot: number;
}

/**
 * Handles one command: load (snapshot + later commits), decide, append with optimistic concurrency.
 * A command built on a stale version gets a conflict and is not applied; a retried command (same
 * commandId) is recognised and answered with its original result instead of being applied twice.
 */
export async function handleOrderCommand(deps: CommandServiceDeps, envelope: CommandEnvelope): Promise<CommandOutcome> {
  const { command, commandId } = envelope;
  const orderId = command.orderId;
  const loaded = await loadOrder(deps.store, orderId);
  const earlier = loaded.recentCommands.find((entry) => entry.commandId === commandId);
  if (earlier) return duplicateOf(deps.store, orderId, earlier.version);

  const expectedVersion = envelope.expectedVersion ?? loaded.state.version;
  if (expectedVersion !== loaded.state.version) {
    return { kind: 'conflict', orderId, expectedVersion, currentVersion: loaded.state.version };
  }
  const decision = decide(loaded.state, command, deps.now());
  if (decision.kind === 'rejected')
    return { kind: 'rejected', orderId, violation: decision.violation, message: decision.message };

  let commit: Commit;
  try {
    commit = await deps.store.append(orderId, expectedVersion, commandId, decision.events, deps.now());
  } catch (error) {
    if (!(error instanceof ConcurrencyConflictError)) throw error;
    // Someone else wrote first; if that someone was this very command (a concurrent retry), it is done.
    const newer = await deps.store.loadCommits(orderId, expectedVersion);
    const ours = newer.find((candidate) => candidate.commandId === commandId);
    if (ours) return duplicateOf(deps.store, orderId, ours.version, ours);
    return { kind: 'conflict', orderId, expectedVersion, currentVersion: newer.at(-1)?.lastVersion ?? expectedVersion };
  }
  await snapshotIfDue(deps, loaded, commit);
  return {
    kind: 'applied',
    orderId,
    version: commit.lastVersion,
    events: commit.events.map((event) => event.type),
    duplicate: false,
  };
}

/** The current state of an order from its latest snapshot and the commits after it. */
export async function loadOrder(store: DynamoEventStore, orderId: string): Promise<LoadedOrder> {
  const snapshot = await store.loadSnapshot(orderId);
  const commits = await store.loadCommits(orderId, snapshot?.version ?? 0);
  const state = foldOrder(
    orderId,
    commits.flatMap((commit) => commit.events),
    snapshot?.state ?? initialOrderState(orderId),
  );
  const recentCommands = [
    ...(snapshot?.recentCommands ?? []),
    ...commits.map((commit) => ({
      commandId: commit.commandId,
      version: commit.version,
      lastVersion: commit.lastVersion,
    })),
  ].slice(-RECENT_COMMANDS_KEPT);
  return { state, recentCommands, commitsSinceSnapshot: commits.length };
}

async function duplicateOf(
  store: DynamoEventStore,
  orderId: string,
  version: number,
  known?: Commit,
): Promise<CommandOutcome> {
  const commit = known ?? (await store.loadCommits(orderId, version - 1, version))[0];
  if (!commit) throw new Error(`commit ${orderId}@${version} vanished`);
  return {
    kind: 'applied',
    orderId,
    version: commit.lastVersion,
    events: commit.events.map((event) => event.type),
    duplicate: true,
  };
}

async function snapshotIfDue(deps: CommandServiceDeps, loaded: LoadedOrder, commit: Commit): Promise<void> {
  const every = deps.snapshotEvery;
  if (every <= 0 || Math.floor(commit.lastVersion / every) === Math.floor((commit.version - 1) / every)) return;
  const state = foldOrder(commit.aggregateId, commit.events, loaded.state);
  const recentCommands = [
    ...loaded.recentCommands,
    { commandId: commit.commandId, version: commit.version, lastVersion: commit.lastVersion },
  ].slice(-RECENT_COMMANDS_KEPT);
  // Best effort: a missing snapshot only makes the next load read more commits.
  await deps.store
    .saveSnapshot({
      aggregateId: commit.aggregateId,
      version: state.version,
      state,
      recentCommands,
      takenAt: deps.now(),
    })
    .catch(() => false);
}
