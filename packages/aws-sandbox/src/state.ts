import { rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { StateStore, STATE_DATA_DIR } from './state/store.js';
import { readerProxiesOf } from './state/change-tracker.js';
import { LEGACY_STATE_FILE_NAME } from './state/legacy-state-file.js';
import { removeAbandonedTempFiles } from './state/temp-files.js';
import { isErrno } from './lock.js';
import type { SandboxState } from './state/model.js';

export { emptyState, SandboxStateError, STATE_SCHEMA_VERSION, type SandboxState } from './state/model.js';
export { NEEDS_WRITE, StateStore, type StateStoreOptions, type StateTransaction } from './state/store.js';
export { unwrapState, WriteInReadTransaction } from './state/change-tracker.js';

/**
 * A deep copy of a value taken from the state. Inside a transaction state objects are proxies, which
 * structuredClone() refuses; state holds only JSON data, so a JSON round trip copies it exactly.
 */
export function cloneState<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Data services keep beside the state (DynamoDB's engines, EventBridge's archived events); a reset removes them too. */
const SERVICE_DATA_DIRS = ['dynamodb', 'eventbridge-archives'];

/** Deletes the state under the lock, so no writer is mid-transaction; keeps the directory. */
export async function deleteState(stateDir: string, managementAccountId = ''): Promise<void> {
  const store = new StateStore(stateDir, managementAccountId);
  await store.exclusive(async () => {
    rmSync(join(stateDir, STATE_DATA_DIR), { recursive: true, force: true });
    try {
      unlinkSync(join(stateDir, LEGACY_STATE_FILE_NAME));
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
    for (const dir of SERVICE_DATA_DIRS) rmSync(join(stateDir, dir), { recursive: true, force: true });
    removeAbandonedTempFiles(stateDir);
  });
}

/** The state in stateDir as plain data (what `awsarch sandbox dump` prints); empty if there is none. */
export async function readState(stateDir: string, managementAccountId: string): Promise<SandboxState> {
  const store = new StateStore(stateDir, managementAccountId);
  try {
    await store.open();
    return store.snapshot();
  } finally {
    store.close();
  }
}

/**
 * The slice of state owned by one service, created empty on first use. In a read transaction a missing
 * slice is handed out empty but not stored (storing it would make the read a write); changing it still
 * turns the read into a write.
 */
export function serviceState<T extends object>(state: SandboxState, serviceName: string, createEmpty: () => T): T {
  const existing = state.services[serviceName];
  if (typeof existing === 'object' && existing !== null) return existing as T;
  const created = createEmpty();
  const reader = readerProxiesOf(state);
  if (reader) return reader.detached(created);
  state.services[serviceName] = created;
  return created;
}
