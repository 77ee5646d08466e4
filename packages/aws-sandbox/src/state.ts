import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireFileLock, isErrno, isProcessAlive } from './lock.js';

export const STATE_SCHEMA_VERSION = 1;
export const STATE_FILE_NAME = 'state.json';
export const LOCK_FILE_NAME = 'state.lock';

/** Everything the sandbox remembers, as stored in stateDir/state.json. */
export interface SandboxState {
  schemaVersion: number;
  /** Incremented by every write; lets readers and humans see that the file moved on. */
  revision: number;
  managementAccountId: string;
  /** One slice per service, keyed by ServiceDefinition.name; each service owns its slice's shape. */
  services: Record<string, unknown>;
}

/** A state.json this version cannot use (corrupt, or written by a newer schema). */
export class SandboxStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxStateError';
  }
}

export interface StateTransaction {
  readonly state: SandboxState;
  /** Writes the state now (atomically); call it after changing something. */
  persist(): Promise<void>;
}

export function emptyState(managementAccountId: string): SandboxState {
  return { schemaVersion: STATE_SCHEMA_VERSION, revision: 0, managementAccountId, services: {} };
}

/**
 * The state file shared by every sandbox serving one stateDir, in this process or others.
 * Each transaction runs under the cross-process lock, after the previous one of this store.
 */
export class StateStore {
  readonly statePath: string;
  readonly lockPath: string;
  private queue: Promise<void> = Promise.resolve();
  private cached: { state: SandboxState; fingerprint: string } | undefined;

  constructor(
    readonly stateDir: string,
    private readonly managementAccountId: string,
  ) {
    this.statePath = join(stateDir, STATE_FILE_NAME);
    this.lockPath = join(stateDir, LOCK_FILE_NAME);
  }

  /** Creates the directory, removes temp files of dead writers and checks that state.json is usable. */
  async open(): Promise<void> {
    await mkdir(this.stateDir, { recursive: true });
    await removeAbandonedTempFiles(this.stateDir);
    await this.readFromDisk();
  }

  /**
   * The state as this process last read or wrote it, without I/O or the lock (possibly behind other
   * processes): for cheap decisions about whether to start a transaction at all.
   */
  peek(): SandboxState | undefined {
    return this.cached?.state;
  }

  /** Runs work with exclusive access to the state; an exception discards its unsaved changes. */
  transact<T>(work: (tx: StateTransaction) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.runLocked(work));
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async runLocked<T>(work: (tx: StateTransaction) => Promise<T>): Promise<T> {
    const lock = await acquireFileLock(this.lockPath);
    try {
      const state = await this.load();
      try {
        return await work({ state, persist: () => this.persist(state) });
      } catch (error) {
        // The handler may have mutated the cached object before failing; re-read the file next time.
        this.cached = undefined;
        throw error;
      }
    } finally {
      await lock.release();
    }
  }

  /** Re-reads state.json only when a cheap stat says another writer replaced it. */
  private async load(): Promise<SandboxState> {
    const fingerprint = await this.fingerprint();
    if (this.cached && this.cached.fingerprint === fingerprint) return this.cached.state;
    return this.readFromDisk();
  }

  private async readFromDisk(): Promise<SandboxState> {
    const fingerprint = await this.fingerprint();
    const state =
      fingerprint === 'missing'
        ? emptyState(this.managementAccountId)
        : parseState(await readFile(this.statePath, 'utf8'), this.statePath);
    this.cached = { state, fingerprint };
    return state;
  }

  private async persist(state: SandboxState): Promise<void> {
    state.revision += 1;
    const tempPath = `${this.statePath}.${process.pid}.${randomUUID()}.tmp`;
    const file = await open(tempPath, 'w');
    try {
      await file.writeFile(`${JSON.stringify(state, null, 2)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tempPath, this.statePath);
    this.cached = { state, fingerprint: await this.fingerprint() };
  }

  private async fingerprint(): Promise<string> {
    try {
      const info = await stat(this.statePath, { bigint: true });
      return `${info.ino}:${info.size}:${info.mtimeNs}`;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return 'missing';
      throw error;
    }
  }
}

/** Data services keep beside state.json (DynamoDB's engines, EventBridge's archived events); a reset removes them too. */
const SERVICE_DATA_DIRS = ['dynamodb', 'eventbridge-archives'];

/** Deletes state.json under the lock, so no writer is mid-transaction; keeps the directory. */
export async function deleteState(stateDir: string): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const lock = await acquireFileLock(join(stateDir, LOCK_FILE_NAME));
  try {
    await unlink(join(stateDir, STATE_FILE_NAME)).catch((error: unknown) => {
      if (!isErrno(error, 'ENOENT')) throw error;
    });
    for (const dir of SERVICE_DATA_DIRS) await rm(join(stateDir, dir), { recursive: true, force: true });
    await removeAbandonedTempFiles(stateDir);
  } finally {
    await lock.release();
  }
}

function parseState(text: string, path: string): SandboxState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    throw new SandboxStateError(`${path} is not valid JSON (${detail}); reset the sandbox to start over`);
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new SandboxStateError(`${path} does not hold a sandbox state object`);
  const candidate = parsed as Partial<SandboxState>;
  if (candidate.schemaVersion !== STATE_SCHEMA_VERSION) {
    throw new SandboxStateError(
      `${path} has schemaVersion ${String(candidate.schemaVersion)}, this awsarch reads ${STATE_SCHEMA_VERSION}; reset the sandbox to start over`,
    );
  }
  if (typeof candidate.managementAccountId !== 'string' || typeof candidate.revision !== 'number') {
    throw new SandboxStateError(`${path} lacks managementAccountId or revision; reset the sandbox to start over`);
  }
  return {
    schemaVersion: candidate.schemaVersion,
    revision: candidate.revision,
    managementAccountId: candidate.managementAccountId,
    services: typeof candidate.services === 'object' && candidate.services !== null ? candidate.services : {},
  };
}

/** A process killed between creating a temp file and renaming or removing it leaves the file behind; the name says whose it was. */
async function removeAbandonedTempFiles(stateDir: string): Promise<void> {
  const pattern = /^(?:state\.json|state\.lock|server\.json)\.(\d+)\.[0-9a-f-]+\.(?:tmp|stale)$/;
  for (const name of await readdir(stateDir)) {
    const match = pattern.exec(name);
    if (match && !isProcessAlive(Number(match[1]))) await unlink(join(stateDir, name)).catch(() => undefined);
  }
}

/** The slice of state owned by one service, created empty on first use. */
export function serviceState<T extends object>(state: SandboxState, serviceName: string, createEmpty: () => T): T {
  const existing = state.services[serviceName];
  if (typeof existing === 'object' && existing !== null) return existing as T;
  const created = createEmpty();
  state.services[serviceName] = created;
  return created;
}
