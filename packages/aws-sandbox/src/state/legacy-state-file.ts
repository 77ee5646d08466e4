import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { forgetLegacySecrets, type StsState } from '../services/sts/sessions.js';
import { JournalFile } from './journal-file.js';
import { SandboxStateError, STATE_SCHEMA_VERSION, type SandboxState } from './model.js';
import { writeSnapshot } from './snapshot.js';
import type { StateStore } from './store.js';

/** Where sandboxes before the journal kept the whole state, rewritten on every change. */
export const LEGACY_STATE_FILE_NAME = 'state.json';

/** Brings a state.json of an earlier sandbox over as the first snapshot, once, under the lock. */
export async function migrateLegacyStateFile(store: StateStore): Promise<void> {
  const legacyPath = join(store.stateDir, LEGACY_STATE_FILE_NAME);
  if (!existsSync(legacyPath) || existsSync(store.journalPath)) return;
  await store.exclusive(async () => {
    if (!existsSync(legacyPath) || existsSync(store.journalPath)) return;
    const state = parseLegacyState(readFileSync(legacyPath, 'utf8'), legacyPath);
    // Earlier sandboxes kept issued session secrets in plain text; the first snapshot must not carry them over.
    const sts = state.services.sts as StsState | undefined;
    if (typeof sts?.sessions === 'object' && sts.sessions !== null) forgetLegacySecrets(sts);
    const lineage = randomUUID();
    const snapshotBytes = writeSnapshot(store.dataDir, state, lineage);
    JournalFile.create(store.journalPath, { lineage, base: state.revision, snapshotBytes }).close();
    unlinkSync(legacyPath);
  });
}

function parseLegacyState(text: string, path: string): SandboxState {
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
      `${path} has schemaVersion ${String(candidate.schemaVersion)}, this sandbox reads ${STATE_SCHEMA_VERSION}; reset the sandbox to start over`,
    );
  }
  if (typeof candidate.managementAccountId !== 'string' || typeof candidate.revision !== 'number') {
    throw new SandboxStateError(`${path} lacks managementAccountId or revision; reset the sandbox to start over`);
  }
  const services = typeof candidate.services === 'object' && candidate.services !== null ? candidate.services : {};
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    // Revision 0 means "no snapshot" to the journal; a state that holds something needs a real one.
    revision: Math.max(1, candidate.revision),
    managementAccountId: candidate.managementAccountId,
    services,
  };
}
