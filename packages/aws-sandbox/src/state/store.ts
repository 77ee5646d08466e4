import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { acquireFileLock, type HeldLock } from '../lock.js';
import { applyChange, type ChangeTracker, StateProxies, WriteInReadTransaction } from './change-tracker.js';
import { JournalFile, type JournalRead } from './journal-file.js';
import { encodeEntry } from './journal-format.js';
import { migrateLegacyStateFile } from './legacy-state-file.js';
import { emptyState, SandboxStateError, type SandboxState } from './model.js';
import { readSnapshot, removeOtherSnapshots, writeSnapshot } from './snapshot.js';
import { removeAbandonedTempFiles } from './temp-files.js';
import { PRIVATE_DIR } from '../private-files.js';

export const STATE_DATA_DIR = 'state';
export const JOURNAL_FILE_NAME = 'journal.ndjson';
export const LOCK_FILE_NAME = 'state.lock';

/** A journal smaller than this is never compacted; above it, once it outgrows the snapshot. */
const DEFAULT_COMPACT_AT_BYTES = 4 * 1024 * 1024;
/** A process keeps the lock for the next queued write at most this long and this many times (others get their turn). */
const MAX_LOCK_HOLD_MS = 100;
const MAX_WRITES_PER_LOCK = 64;

export interface StateTransaction {
  /** The whole state; change it in place. */
  readonly state: SandboxState;
  /** True for a read: the state is not locked and any change makes the store run the work again as a write. */
  readonly readOnly: boolean;
  /** Writes what changed so far (a failure later no longer undoes it); the rest is written when the work ends. */
  persist(): Promise<void>;
  /** Declares that the work writes: a read stops here and is run again as a write; a write goes on. */
  requireWrite(): void;
}

/** read() answers this when the work tried to write: run it again with transact(). */
export const NEEDS_WRITE: unique symbol = Symbol('sandbox state: needs a write transaction');

export interface StateStoreOptions {
  /** Compact the journal into a new snapshot once it is larger than this and than the snapshot (tests lower it). */
  readonly compactAtBytes?: number;
}

/**
 * The sandbox state shared by every process serving one stateDir, kept as a snapshot plus a journal:
 * `state/snapshot-<revision>/` holds one JSON file per service, `state/journal.ndjson` one line per
 * transaction since then with only the paths it changed. A write costs what it changes; the journal is
 * compacted into a new snapshot once it outgrows the last one, so the work of compaction stays in proportion.
 *
 * Writes run one at a time under the cross-process lock, after catching up with the journal. Reads take no
 * lock: they catch up and run on the state in memory, never waiting for other processes' writes.
 */
export class StateStore {
  readonly dataDir: string;
  readonly journalPath: string;
  readonly lockPath: string;
  private state: SandboxState | undefined;
  private lineage: string | undefined;
  private journal: JournalFile | undefined;
  private queue: Promise<void> = Promise.resolve();
  private queuedWrites = 0;
  private lock: { held: HeldLock; since: number; writes: number } | undefined;
  /** The write transaction now running in this process, and when it ends. */
  private writing: { tracker: ChangeTracker; ended: Promise<void> } | undefined;
  private readonly compactAtBytes: number;
  private readonly proxies = new StateProxies();

  constructor(
    readonly stateDir: string,
    private readonly managementAccountId: string,
    options: StateStoreOptions = {},
  ) {
    this.dataDir = join(stateDir, STATE_DATA_DIR);
    this.journalPath = join(this.dataDir, JOURNAL_FILE_NAME);
    this.lockPath = join(stateDir, LOCK_FILE_NAME);
    this.compactAtBytes = options.compactAtBytes ?? DEFAULT_COMPACT_AT_BYTES;
  }

  /** Creates the directories, removes what dead writers left, brings an old state.json over and checks the state loads. */
  async open(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true, mode: PRIVATE_DIR });
    removeAbandonedTempFiles(this.stateDir, this.dataDir);
    await migrateLegacyStateFile(this);
    this.catchUp(false);
  }

  /**
   * Runs work on the current state without locking it. Answers NEEDS_WRITE (having changed nothing) if the
   * work tried to change the state or called requireWrite().
   */
  async read<T>(work: (tx: StateTransaction) => Promise<T>): Promise<T | typeof NEEDS_WRITE> {
    // A write of this process that has changed the state but not finished could still be undone: wait for it.
    while (this.writing?.tracker.hasChanges) await this.writing.ended;
    const state = this.catchUp(false);
    const refusedBefore = this.proxies.refusedWrites;
    const tx: StateTransaction = {
      state: this.proxies.reader(state),
      readOnly: true,
      persist: async () => undefined,
      requireWrite: () => {
        this.proxies.refusedWrites += 1;
        throw new WriteInReadTransaction();
      },
    };
    // A change refused to a concurrent read also counts here: that read's work is then done again as a write.
    try {
      const result = await work(tx);
      return this.proxies.refusedWrites === refusedBefore ? result : NEEDS_WRITE;
    } catch (error) {
      if (this.proxies.refusedWrites !== refusedBefore) return NEEDS_WRITE;
      throw error;
    }
  }

  /** Runs work with exclusive access to the state; its changes are written when it ends, or undone if it throws. */
  transact<T>(work: (tx: StateTransaction) => Promise<T>): Promise<T> {
    this.queuedWrites += 1;
    const run = this.queue.then(() => this.runWrite(work));
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async runWrite<T>(work: (tx: StateTransaction) => Promise<T>): Promise<T> {
    let ended = (): void => undefined;
    try {
      await this.takeLock();
      const state = this.catchUp(true);
      const tracker = this.proxies.beginWrite(state);
      this.writing = { tracker, ended: new Promise<void>((resolve) => (ended = resolve)) };
      const tx: StateTransaction = {
        state: tracker.state as SandboxState,
        readOnly: false,
        persist: async () => this.commit(tracker),
        requireWrite: () => undefined,
      };
      try {
        const result = await work(tx);
        this.commit(tracker);
        return result;
      } catch (error) {
        tracker.rollback();
        throw error;
      } finally {
        tracker.close();
      }
    } finally {
      this.writing = undefined;
      ended();
      this.queuedWrites -= 1;
      await this.maybeReleaseLock();
    }
  }

  private async takeLock(): Promise<void> {
    if (this.lock) {
      this.lock.writes += 1;
      return;
    }
    this.lock = { held: await acquireFileLock(this.lockPath), since: Date.now(), writes: 1 };
  }

  /** Keeps the lock for the next queued write of this process, within limits, so a burst of writes takes it once. */
  private async maybeReleaseLock(): Promise<void> {
    const lock = this.lock;
    if (!lock) return;
    const keep =
      this.queuedWrites > 0 && lock.writes < MAX_WRITES_PER_LOCK && Date.now() - lock.since < MAX_LOCK_HOLD_MS;
    if (keep) return;
    this.lock = undefined;
    await lock.held.release();
  }

  /** Brings the state in memory up to the journal's end; the lock holder also repairs a line a killed writer cut short. */
  private catchUp(holdsLock: boolean): SandboxState {
    if (!this.state || !this.journal) return this.loadFully(holdsLock);
    const status = this.journal.status();
    if (status === 'current') {
      this.applyRead(this.journal.readNew(), holdsLock);
      return this.state;
    }
    // Replaced (compacted or reset) or removed: first take what the old file still holds, then move on.
    this.applyRead(this.journal.readNew(), false);
    this.journal.close();
    this.journal = undefined;
    const next = status === 'missing' ? undefined : JournalFile.open(this.journalPath);
    if (!next) {
      this.state = emptyState(this.managementAccountId);
      this.lineage = undefined;
      return this.state;
    }
    if (next.header.lineage !== this.lineage || next.header.base > this.state.revision) {
      next.close();
      return this.loadFully(holdsLock);
    }
    this.journal = next;
    this.applyRead(next.readNew(), holdsLock);
    return this.state;
  }

  /** Loads the snapshot the journal continues, then the journal; retries when a compaction replaces them meanwhile. */
  private loadFully(holdsLock: boolean): SandboxState {
    this.journal?.close();
    this.journal = undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      const journal = JournalFile.open(this.journalPath);
      if (!journal) {
        this.state = emptyState(this.managementAccountId);
        this.lineage = undefined;
        return this.state;
      }
      const { base, lineage } = journal.header;
      const snapshot = base === 0 ? emptyState(this.managementAccountId) : readSnapshot(this.dataDir, base, lineage);
      if (!snapshot) {
        journal.close();
        continue;
      }
      this.state = snapshot;
      this.lineage = lineage;
      this.journal = journal;
      this.applyRead(journal.readNew(), holdsLock);
      return this.state;
    }
    throw new SandboxStateError(
      `${this.journalPath} kept changing while it was read (or names a snapshot that is missing); reset the sandbox to start over`,
    );
  }

  private applyRead(read: JournalRead, holdsLock: boolean): void {
    const state = this.state as SandboxState;
    for (const entry of read.entries) {
      if (entry.rev <= state.revision) continue;
      if (entry.rev !== state.revision + 1)
        throw new SandboxStateError(
          `${this.journalPath} jumps from revision ${state.revision} to ${entry.rev}; reset the sandbox to start over`,
        );
      for (const [path, ...value] of entry.ops) applyChange(state, path, value[0]);
      state.revision = entry.rev;
    }
    if (read.damaged)
      throw new SandboxStateError(`${this.journalPath} is damaged in the middle; reset the sandbox to start over`);
    if (holdsLock && read.trailingBytes > 0) this.journal?.truncateToOffset();
  }

  /** Appends the tracker's changes as one journal entry (the caller holds the lock). */
  private commit(tracker: ChangeTracker): void {
    if (!tracker.hasChanges) return;
    const changes = tracker.takeChanges();
    if (changes.length === 0) return;
    const state = this.state as SandboxState;
    try {
      const journal = this.journal ?? this.createJournal(state);
      const revision = state.revision + 1;
      journal.append(encodeEntry(revision, changes, new Date(), process.pid));
      state.revision = revision;
    } catch (error) {
      // Memory is ahead of the disk now: forget it, the next transaction reloads.
      this.forget();
      throw error;
    }
    this.compactIfDue(state);
  }

  private createJournal(state: SandboxState): JournalFile {
    mkdirSync(this.dataDir, { recursive: true, mode: PRIVATE_DIR });
    this.lineage = randomUUID();
    const snapshotBytes = state.revision > 0 ? writeSnapshot(this.dataDir, state, this.lineage) : 0;
    this.journal = JournalFile.create(this.journalPath, { lineage: this.lineage, base: state.revision, snapshotBytes });
    return this.journal;
  }

  private compactIfDue(state: SandboxState): void {
    const journal = this.journal;
    if (!journal || !this.lineage) return;
    if (journal.entryBytes < Math.max(this.compactAtBytes, journal.header.snapshotBytes)) return;
    try {
      const snapshotBytes = writeSnapshot(this.dataDir, state, this.lineage);
      this.journal = JournalFile.create(this.journalPath, {
        lineage: this.lineage,
        base: state.revision,
        snapshotBytes,
      });
      journal.close();
      removeOtherSnapshots(this.dataDir, state.revision);
    } catch {
      // The journal is intact and still names its snapshot; compaction is tried again after the next write.
    }
  }

  private forget(): void {
    this.journal?.close();
    this.journal = undefined;
    this.state = undefined;
  }

  /** Closes the journal; the store reloads on its next use. */
  close(): void {
    this.forget();
  }

  /** A copy of the current state as plain data (for `sandbox dump` and tests). */
  snapshot(): SandboxState {
    return JSON.parse(JSON.stringify(this.catchUp(false))) as SandboxState;
  }

  /** Takes the lock and runs work with it (migration, reset) without reading the state; the store reloads afterwards. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.queuedWrites += 1;
    const run = this.queue.then(async () => {
      try {
        await this.takeLock();
        return await work();
      } finally {
        this.forget();
        this.queuedWrites -= 1;
        await this.maybeReleaseLock();
      }
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
