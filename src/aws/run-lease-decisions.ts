/**
 * Pure decisions of the run lease (see run-lease.ts): who holds it, whether that holder is gone, and the
 * name of the next generation. The lease is a series of SSM parameters, one per generation; the highest
 * generation is the current one, and creating the next one (PutParameter without Overwrite, which AWS
 * refuses with ParameterAlreadyExists when it exists) is the atomic step that takes the lease over.
 */

/** What a lease parameter holds (JSON): who runs what, and when it last said it is alive. */
export interface LeaseRecord {
  holder: string;
  purpose: string;
  pid: number;
  host: string;
  user?: string;
  startedAt: string;
  renewedAt: string;
  ttlSeconds: number;
  released?: boolean;
}

/** One generation as read from Parameter Store. */
export interface LeaseGeneration {
  generation: number;
  name: string;
  version: number;
  /** LastModifiedDate, AWS's clock, in ms. */
  lastModified: number;
  /** Undefined when the value is not a lease record awsarch wrote. */
  record?: LeaseRecord;
}

export type LeaseState =
  | { kind: 'free'; next: number; reason: 'none' | 'released' | 'holder-exited' | 'expired' }
  | { kind: 'held'; by: LeaseGeneration; expiresInMs: number };

/** How long a run waits for another run's lease unless told (--lease-wait): a baseline or a vending can take minutes. */
export const DEFAULT_LEASE_WAIT_MS = 10 * 60_000;

/** SigV4 refuses requests from clocks more than 5 minutes off, so no live holder's clock is further off than this. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const DEFAULT_TTL_SECONDS = 60;

export function leaseParameterName(base: string, generation: number): string {
  return `${base}/g${String(generation).padStart(10, '0')}`;
}

export function generationOf(base: string, name: string): number | undefined {
  const match = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/g(\\d{10})$`).exec(name);
  return match ? Number(match[1]) : undefined;
}

export function parseLeaseRecord(value: string | undefined): LeaseRecord | undefined {
  try {
    const record = JSON.parse(value ?? '') as Partial<LeaseRecord>;
    if (typeof record.holder === 'string' && typeof record.pid === 'number' && typeof record.ttlSeconds === 'number')
      return record as LeaseRecord;
  } catch {
    // not a lease record
  }
  return undefined;
}

export interface JudgeInput {
  generations: readonly LeaseGeneration[];
  now: number;
  /** When this process first saw this version of this parameter (its own clock): the holder's last sign of life. */
  firstSeen: (name: string, version: number) => number;
  host: string;
  /** Whether a process of this host is alive (used only for holders on this very host). */
  isAlive: (pid: number) => boolean;
}

/**
 * Pure: the lease is free when no generation exists, the current one was released, its holder ran on
 * this host and exited (kill -9), or it has not been renewed for its TTL - judged by this process's own
 * clock from when it first saw that version (so clocks of other hosts do not matter), or by AWS's
 * LastModifiedDate when that is older than the TTL plus the largest clock skew AWS accepts.
 */
export function judgeLease(input: JudgeInput): LeaseState {
  const current = [...input.generations].sort((a, b) => b.generation - a.generation)[0];
  if (!current) return { kind: 'free', next: 1, reason: 'none' };
  const next = current.generation + 1;
  const record = current.record;
  if (record?.released) return { kind: 'free', next, reason: 'released' };
  if (record && record.host === input.host && !input.isAlive(record.pid))
    return { kind: 'free', next, reason: 'holder-exited' };
  const ttlMs = (record?.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000;
  const silentFor = input.now - input.firstSeen(current.name, current.version);
  if (silentFor >= ttlMs || input.now - current.lastModified > ttlMs + MAX_CLOCK_SKEW_MS)
    return { kind: 'free', next, reason: 'expired' };
  return { kind: 'held', by: current, expiresInMs: ttlMs - silentFor };
}

/** Pure: whether a later generation than ours exists (another run took the lease over: ours is lost). */
export function isSuperseded(generations: readonly LeaseGeneration[], mine: number): boolean {
  return generations.some((generation) => generation.generation > mine);
}

/** "baseline apply (pid 4242 on ci-runner-7, since 12:03:01 UTC)". */
export function describeHolder(generation: LeaseGeneration): string {
  const record = generation.record;
  if (!record) return `an unknown holder (${generation.name})`;
  const since = record.startedAt.slice(11, 19);
  return `${record.purpose} (pid ${record.pid} on ${record.host}${record.user ? ` as ${record.user}` : ''}, since ${since} UTC)`;
}
