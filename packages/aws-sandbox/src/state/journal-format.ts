import { crc32 } from 'node:zlib';
import type { StateChange } from './change-tracker.js';

/**
 * The journal is a text file of lines, each `CRC32 JSON\n`: the first line a header naming the snapshot it
 * continues, every other line one committed transaction. A line is valid only if it is complete (ends with a
 * newline) and its checksum matches, so a line cut short by a killed writer is recognised and ignored.
 */
export const JOURNAL_FORMAT = 1;

/** The first line: which state lineage (a reset starts a new one) and which snapshot the entries continue. */
export interface JournalHeader {
  readonly journal: number;
  readonly lineage: string;
  /** The snapshot's revision; entries carry the revisions after it. */
  readonly base: number;
  /** Bytes of the snapshot's files, to decide when the journal has grown enough to compact. */
  readonly snapshotBytes: number;
}

/** One committed transaction. */
export interface JournalEntry {
  readonly rev: number;
  /** ISO time and writer pid, for whoever reads the file. */
  readonly at: string;
  readonly pid: number;
  /** [path, value] to set, or [path] to remove. */
  readonly ops: ReadonlyArray<readonly [readonly string[], unknown?]>;
}

function frame(json: string): string {
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

export function encodeHeader(header: JournalHeader): string {
  return frame(JSON.stringify(header));
}

/** The journal line of one transaction; values are spliced in as the JSON text the tracker produced. */
export function encodeEntry(rev: number, changes: readonly StateChange[], now: Date, pid: number): string {
  const ops = changes.map((change) =>
    change.json === undefined ? `[${JSON.stringify(change.path)}]` : `[${JSON.stringify(change.path)},${change.json}]`,
  );
  return frame(`{"rev":${rev},"at":${JSON.stringify(now.toISOString())},"pid":${pid},"ops":[${ops.join(',')}]}`);
}

export type DecodedLine = { readonly kind: 'line'; readonly value: unknown } | { readonly kind: 'invalid' };

/** Checks one line (without its newline) and parses its JSON. */
export function decodeLine(line: string): DecodedLine {
  const space = line.indexOf(' ');
  if (space !== 8) return { kind: 'invalid' };
  const json = line.slice(space + 1);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, space)) return { kind: 'invalid' };
  try {
    return { kind: 'line', value: JSON.parse(json) as unknown };
  } catch {
    return { kind: 'invalid' };
  }
}

export function isJournalHeader(value: unknown): value is JournalHeader {
  const header = value as Partial<JournalHeader> | null;
  return (
    typeof header === 'object' &&
    header !== null &&
    typeof header.journal === 'number' &&
    typeof header.lineage === 'string' &&
    typeof header.base === 'number'
  );
}

export function isJournalEntry(value: unknown): value is JournalEntry {
  const entry = value as Partial<JournalEntry> | null;
  return typeof entry === 'object' && entry !== null && typeof entry.rev === 'number' && Array.isArray(entry.ops);
}

/**
 * The complete, valid lines at the start of a chunk read from the journal (parsed), and how many bytes they
 * span. Reading stops at the first line that is incomplete or fails its checksum; `invalidAt` says where an
 * invalid complete line starts (an incomplete last line is simply not consumed).
 */
export function readLines(chunk: Buffer): { values: unknown[]; consumed: number; invalidAt?: number } {
  const values: unknown[] = [];
  let start = 0;
  for (;;) {
    const end = chunk.indexOf(0x0a, start);
    if (end < 0) break;
    const decoded = decodeLine(chunk.toString('utf8', start, end));
    if (decoded.kind === 'invalid') return { values, consumed: start, invalidAt: start };
    values.push(decoded.value);
    start = end + 1;
  }
  return { values, consumed: start };
}
