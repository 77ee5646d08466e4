import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { isErrno, isProcessAlive } from '../lock.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../private-files.js';

/** A lease whose holder has not renewed it for this long is taken over (the holder hung, or its pid was reused). */
export const LEASE_STALE_MS = 30_000;

interface LeaseOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly token: string;
  readonly since: number;
}

/**
 * Which of the sandbox processes serving a state directory runs its background work (asynchronous
 * invocations and their retries, stream and queue pollers, schedules): the one holding
 * stateDir/lambda/runner.lock. The file is created whole with link(), so it is exclusive; its holder
 * renews its mtime; it is taken over when its holder's pid is gone (same host) or it went stale.
 */
export class RunnerLease {
  private owner: LeaseOwner | undefined;

  constructor(readonly path: string) {}

  get held(): boolean {
    return this.owner !== undefined;
  }

  /** Takes the lease if it is free or abandoned; true when this process now holds it. */
  async tryAcquire(): Promise<boolean> {
    if (this.owner) return this.renew();
    await mkdir(dirname(this.path), { recursive: true, mode: PRIVATE_DIR });
    const owner: LeaseOwner = { pid: process.pid, hostname: hostname(), token: randomUUID(), since: Date.now() };
    if (await this.create(owner)) {
      this.owner = owner;
      return true;
    }
    const current = await this.read();
    if (current === 'missing') return false;
    if (current === 'unreadable' || (await this.abandoned(current))) await this.breakLease(current);
    return false;
  }

  /** Renews the lease; false (and not held any more) if someone else holds it now. */
  async renew(): Promise<boolean> {
    const owner = this.owner;
    if (!owner) return false;
    const current = await this.read();
    if (current === 'missing' || current === 'unreadable' || current.token !== owner.token) {
      this.owner = undefined;
      return false;
    }
    const now = new Date();
    await utimes(this.path, now, now).catch(() => undefined);
    return true;
  }

  async release(): Promise<void> {
    const owner = this.owner;
    this.owner = undefined;
    if (!owner) return;
    const current = await this.read();
    if (current !== 'missing' && current !== 'unreadable' && current.token === owner.token)
      await unlink(this.path).catch(() => undefined);
  }

  private async create(owner: LeaseOwner): Promise<boolean> {
    const temporary = `${this.path}.${owner.pid}.${owner.token}.tmp`;
    await writeFile(temporary, JSON.stringify(owner), { mode: PRIVATE_FILE });
    try {
      await link(temporary, this.path);
      return true;
    } catch (error) {
      if (isErrno(error, 'EEXIST')) return false;
      throw error;
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }

  private async read(): Promise<LeaseOwner | 'missing' | 'unreadable'> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return 'missing';
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<LeaseOwner>;
      if (typeof parsed.pid === 'number' && typeof parsed.token === 'string')
        return {
          pid: parsed.pid,
          hostname: String(parsed.hostname ?? ''),
          token: parsed.token,
          since: Number(parsed.since),
        };
    } catch {
      // not a lease this code wrote
    }
    return 'unreadable';
  }

  private async abandoned(owner: LeaseOwner): Promise<boolean> {
    if (owner.hostname === hostname() && !isProcessAlive(owner.pid)) return true;
    try {
      return Date.now() - (await stat(this.path)).mtimeMs > LEASE_STALE_MS;
    } catch {
      return false;
    }
  }

  /** Moves the abandoned lease aside, and puts it back if it turned out to be a fresh one. */
  private async breakLease(seen: LeaseOwner | 'unreadable'): Promise<void> {
    const aside = `${this.path}.${process.pid}.${randomUUID()}.stale`;
    try {
      await rename(this.path, aside);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return;
      throw error;
    }
    const moved = await readFile(aside, 'utf8').catch(() => '');
    const token = seen === 'unreadable' ? undefined : seen.token;
    if (token !== undefined && !moved.includes(token)) await link(aside, this.path).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
  }
}
