import { randomUUID } from 'node:crypto';
import { readFile, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isErrno, isProcessAlive } from './lock.js';
import { PRIVATE_FILE } from './private-files.js';

export const SERVER_RECORD_FILE_NAME = 'server.json';
/** Answered by every sandbox; lets attachSandbox tell a live sandbox for this stateDir from a stranger on the port. */
export const SANDBOX_PROBE_PATH = '/__awsarch/sandbox';

/** stateDir/server.json: the foreground sandbox (`awsarch sandbox start`) that serves this stateDir. */
export interface ServerRecord {
  readonly pid: number;
  readonly port: number;
  readonly endpoint: string;
  readonly stateDir: string;
  readonly startedAt: string;
}

export async function writeServerRecordFile(stateDir: string, record: ServerRecord): Promise<void> {
  const path = join(stateDir, SERVER_RECORD_FILE_NAME);
  const tempPath = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tempPath, `${JSON.stringify(record, null, 2)}\n`, { mode: PRIVATE_FILE });
  await rename(tempPath, path);
}

/** Records a sandbox this process serves in the foreground, so other processes using stateDir attach to it. */
export function recordForegroundSandbox(stateDir: string, sandbox: { port: number; endpoint: string }): Promise<void> {
  const dir = resolve(stateDir);
  return writeServerRecordFile(dir, {
    pid: process.pid,
    port: sandbox.port,
    endpoint: sandbox.endpoint,
    stateDir: dir,
    startedAt: new Date().toISOString(),
  });
}

export async function readServerRecord(stateDir: string): Promise<ServerRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(join(stateDir, SERVER_RECORD_FILE_NAME), 'utf8')) as Partial<ServerRecord>;
    if (typeof record.pid === 'number' && typeof record.port === 'number' && typeof record.endpoint === 'string') {
      return record as ServerRecord;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** Removes server.json if it still describes the given server (a newer foreground sandbox may have replaced it). */
export async function removeServerRecord(stateDir: string, pid: number, port: number): Promise<void> {
  const record = await readServerRecord(stateDir);
  if (record?.pid !== pid || record.port !== port) return;
  await unlink(join(stateDir, SERVER_RECORD_FILE_NAME)).catch((error: unknown) => {
    if (!isErrno(error, 'ENOENT')) throw error;
  });
}

/** Whether the recorded process is alive and its endpoint is a sandbox serving this very stateDir. */
export async function isLiveSandbox(record: ServerRecord, stateDir: string): Promise<boolean> {
  if (!isProcessAlive(record.pid)) return false;
  try {
    const response = await fetch(`${record.endpoint}${SANDBOX_PROBE_PATH}`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return false;
    const body = (await response.json()) as { stateDir?: unknown };
    return typeof body.stateDir === 'string' && body.stateDir === (await realpath(stateDir));
  } catch {
    return false;
  }
}
