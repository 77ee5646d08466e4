import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isErrno } from '../lock.js';
import { SandboxStateError, STATE_SCHEMA_VERSION, type SandboxState } from './model.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../private-files.js';

/** A snapshot is a directory `snapshot-<revision>` with meta.json and one compact JSON file per service. */
const SNAPSHOT_PREFIX = 'snapshot-';
const META_FILE = 'meta.json';

interface SnapshotMeta {
  schemaVersion: number;
  revision: number;
  managementAccountId: string;
  lineage: string;
  /** The services with a file of their own, in the order written. */
  services: string[];
}

export function snapshotDirName(revision: number): string {
  return `${SNAPSHOT_PREFIX}${String(revision).padStart(9, '0')}`;
}

/** Service names become file names; anything unusual is encoded so it cannot leave the directory. */
function serviceFileName(service: string): string {
  return /^[a-z0-9][a-z0-9-]*$/.test(service)
    ? `${service}.json`
    : `${encodeURIComponent(service).replace(/\./g, '%2E')}.json`;
}

/** Writes the whole state as a snapshot of its revision (into a temporary directory, then renamed); returns its size in bytes. */
export function writeSnapshot(dataDir: string, state: SandboxState, lineage: string): number {
  const finalDir = join(dataDir, snapshotDirName(state.revision));
  const tempDir = `${finalDir}.${process.pid}.${randomUUID()}.tmp`;
  mkdirSync(tempDir, { recursive: true, mode: PRIVATE_DIR });
  let bytes = 0;
  const services = Object.keys(state.services);
  for (const service of services) {
    const text = JSON.stringify(state.services[service]);
    if (text === undefined) continue;
    writeFileSync(join(tempDir, serviceFileName(service)), text, { mode: PRIVATE_FILE });
    bytes += Buffer.byteLength(text);
  }
  const meta: SnapshotMeta = {
    schemaVersion: STATE_SCHEMA_VERSION,
    revision: state.revision,
    managementAccountId: state.managementAccountId,
    lineage,
    services,
  };
  writeFileSync(join(tempDir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`, { mode: PRIVATE_FILE });
  // A snapshot of this revision left by a compaction that died before rotating the journal holds the same state.
  rmSync(finalDir, { recursive: true, force: true });
  renameSync(tempDir, finalDir);
  return bytes;
}

/** Reads the snapshot of a revision; undefined if it is gone (a compaction replaced it meanwhile). */
export function readSnapshot(dataDir: string, revision: number, lineage: string): SandboxState | undefined {
  const dir = join(dataDir, snapshotDirName(revision));
  let metaText: string;
  try {
    metaText = readFileSync(join(dir, META_FILE), 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  const meta = parseJson(metaText, join(dir, META_FILE)) as Partial<SnapshotMeta>;
  if (meta.schemaVersion !== STATE_SCHEMA_VERSION) {
    throw new SandboxStateError(
      `${join(dir, META_FILE)} has schemaVersion ${String(meta.schemaVersion)}, this sandbox reads ${STATE_SCHEMA_VERSION}; reset the sandbox to start over`,
    );
  }
  if (meta.revision !== revision || meta.lineage !== lineage || typeof meta.managementAccountId !== 'string') {
    throw new SandboxStateError(
      `${join(dir, META_FILE)} does not belong to the journal; reset the sandbox to start over`,
    );
  }
  const services: Record<string, unknown> = {};
  try {
    for (const service of meta.services ?? []) {
      const path = join(dir, serviceFileName(service));
      services[service] = parseJson(readFileSync(path, 'utf8'), path);
    }
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  return { schemaVersion: STATE_SCHEMA_VERSION, revision, managementAccountId: meta.managementAccountId, services };
}

/** Removes every snapshot but the one of keepRevision (and temporary directories of dead writers are left to open()). */
export function removeOtherSnapshots(dataDir: string, keepRevision: number): void {
  const keep = snapshotDirName(keepRevision);
  for (const name of readdirSync(dataDir)) {
    if (name.startsWith(SNAPSHOT_PREFIX) && name !== keep && !name.endsWith('.tmp'))
      rmSync(join(dataDir, name), { recursive: true, force: true });
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SandboxStateError(
      `${path} is not valid JSON (${(error as Error).message}); reset the sandbox to start over`,
    );
  }
}
