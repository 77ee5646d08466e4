import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ServerResources } from '../../server-resources.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../../private-files.js';

/** One archived event: the time it happened (its "time" field) and the event as the bus received it. */
export interface ArchivedEvent {
  readonly time: number;
  readonly event: Record<string, unknown>;
}

/** Where an archive's events are kept, relative to the state directory: outside state.json, which stays small. */
export function archiveFileName(accountId: string, region: string, name: string, createdAt: number): string {
  return join('eventbridge-archives', `${accountId}-${region}-${name}-${createdAt}.ndjson`);
}

/** Appends events (under the state lock, like every write); returns the bytes written. */
export function appendArchivedEvents(stateDir: string, file: string, events: readonly ArchivedEvent[]): number {
  if (events.length === 0) return 0;
  const path = join(stateDir, file);
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR });
  const text = events.map((entry) => JSON.stringify(entry)).join('\n') + '\n';
  appendFileSync(path, text, { mode: PRIVATE_FILE });
  return Buffer.byteLength(text);
}

interface CachedArchive {
  size: number;
  events: ArchivedEvent[];
  close(): Promise<void>;
}

/**
 * An archive's events in time order. Replays advance on every request (settle), so the parsed file is
 * cached per server and re-read only when it grew.
 */
export function readArchivedEvents(
  stateDir: string,
  file: string,
  resources: ServerResources,
): readonly ArchivedEvent[] {
  const path = join(stateDir, file);
  if (!existsSync(path)) return [];
  const size = statSync(path).size;
  const cached = resources.use<CachedArchive>(`eventbridge-archive:${path}`, () => ({
    size: -1,
    events: [],
    close: async () => undefined,
  }));
  if (cached.size !== size) {
    cached.events = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as ArchivedEvent)
      .sort((a, b) => a.time - b.time);
    cached.size = size;
  }
  return cached.events;
}

/** The bytes an archive's events take. */
export function archiveFileSize(stateDir: string, file: string): number {
  try {
    return statSync(join(stateDir, file)).size;
  } catch {
    return 0;
  }
}

/** The events with lo <= time < hi (the list is sorted by time). */
export function eventsBetween(events: readonly ArchivedEvent[], lo: number, hi: number): readonly ArchivedEvent[] {
  return events.slice(lowerBound(events, lo), lowerBound(events, hi));
}

function lowerBound(events: readonly ArchivedEvent[], time: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((events[middle] as ArchivedEvent).time < time) low = middle + 1;
    else high = middle;
  }
  return low;
}
