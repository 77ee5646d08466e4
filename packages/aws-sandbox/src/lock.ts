import { randomUUID } from 'node:crypto';
import { link, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { PRIVATE_FILE } from './private-files.js';

/** Who holds a lock file; written once, atomically, when the lock is taken. */
export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly acquiredAt: number;
  readonly token: string;
}

export interface HeldLock {
  readonly owner: LockOwner;
  release(): Promise<void>;
}

export interface LockOptions {
  /** A lock older than this is presumed abandoned (its holder hung or died on another host). */
  readonly staleMs?: number;
  /** Give up waiting after this long. */
  readonly timeoutMs?: number;
}

const DEFAULT_STALE_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 60_000;

/** Takes an exclusive cross-process lock on lockPath, breaking stale locks of dead or hung holders. */
export async function acquireFileLock(lockPath: string, options: LockOptions = {}): Promise<HeldLock> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (let attempt = 0; ; attempt++) {
    const owner: LockOwner = { pid: process.pid, hostname: hostname(), acquiredAt: Date.now(), token: randomUUID() };
    if (await tryCreateLock(lockPath, owner)) return heldLock(lockPath, owner);
    const current = await readLockOwner(lockPath);
    if (current === 'missing') continue;
    if (current === 'unreadable' ? await isOlderThan(lockPath, staleMs) : isStale(current, staleMs)) {
      await breakStaleLock(lockPath, current === 'unreadable' ? undefined : current);
      continue;
    }
    if (Date.now() > deadline) {
      const holder = current === 'unreadable' ? 'an unknown process' : `pid ${current.pid} on ${current.hostname}`;
      throw new Error(`Timed out waiting for the sandbox state lock ${lockPath}, held by ${holder}`);
    }
    await delay(backoffMs(attempt));
  }
}

/** Reads the lock's owner: 'missing' if there is no lock, 'unreadable' if it is not ours to interpret. */
export async function readLockOwner(lockPath: string): Promise<LockOwner | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.acquiredAt === 'number' && typeof parsed.token === 'string') {
      return {
        pid: parsed.pid,
        hostname: String(parsed.hostname ?? ''),
        acquiredAt: parsed.acquiredAt,
        token: parsed.token,
      };
    }
  } catch {
    // fall through: a lock file we did not write
  }
  return 'unreadable';
}

/** The lock file appears with its full content or not at all (link of a finished temp file), so readers never see it half-written. */
async function tryCreateLock(lockPath: string, owner: LockOwner): Promise<boolean> {
  const tempPath = `${lockPath}.${owner.pid}.${owner.token}.tmp`;
  await writeFile(tempPath, JSON.stringify(owner), { mode: PRIVATE_FILE });
  try {
    await link(tempPath, lockPath);
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(tempPath).catch(() => undefined);
  }
}

function heldLock(lockPath: string, owner: LockOwner): HeldLock {
  return {
    owner,
    async release() {
      const current = await readLockOwner(lockPath);
      // Only remove the lock if it is still ours: someone may have judged us stale and taken it.
      if (current !== 'missing' && current !== 'unreadable' && current.token === owner.token) {
        await unlink(lockPath).catch((error: unknown) => {
          if (!isErrno(error, 'ENOENT')) throw error;
        });
      }
    },
  };
}

function isStale(owner: LockOwner, staleMs: number): boolean {
  if (Date.now() - owner.acquiredAt > staleMs) return true;
  return owner.hostname === hostname() && !isProcessAlive(owner.pid);
}

/** Moves the stale lock aside and removes it only if it is the one judged stale; a fresh lock moved by mistake is put back. */
async function breakStaleLock(lockPath: string, stale: LockOwner | undefined): Promise<void> {
  const asidePath = `${lockPath}.${process.pid}.${randomUUID()}.stale`;
  try {
    await rename(lockPath, asidePath);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  const moved = await readLockOwner(asidePath);
  if (moved !== 'missing' && moved !== 'unreadable' && moved.token !== stale?.token) {
    await link(asidePath, lockPath).catch(() => undefined);
  }
  await unlink(asidePath).catch(() => undefined);
}

/** True unless the pid is certainly gone (EPERM means it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, 'ESRCH');
  }
}

async function isOlderThan(path: string, ageMs: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > ageMs;
  } catch {
    return false;
  }
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(25, 1 + attempt * 2);
  return 1 + Math.random() * ceiling;
}

export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
