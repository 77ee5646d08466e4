import { closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PRIVATE_DIR, PRIVATE_FILE } from '../../../private-files.js';

/** One change of an item, as the sandbox keeps it (turned into AWS's record shape by stream-records.ts). */
export interface StoredStreamRecord {
  /** Position in the stream: 1, 2, 3... (SequenceNumber is derived from it). */
  readonly seq: number;
  readonly eventId: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** When the change was made (epoch ms). */
  readonly at: number;
  readonly keys: Record<string, unknown>;
  readonly newImage?: Record<string, unknown>;
  readonly oldImage?: Record<string, unknown>;
}

/** Where a stream's records are: one file per table stream (its label), one JSON line per record. */
export function streamFile(
  stateDir: string,
  generation: string,
  accountId: string,
  region: string,
  table: string,
  label: string,
): string {
  return join(
    stateDir,
    'dynamodb-streams',
    generation,
    `${accountId}-${region}`,
    table,
    `${label.replace(/[^0-9A-Za-z.-]/g, '_')}.jsonl`,
  );
}

/**
 * Appends records to stream files. Only the process that owns an account's DynamoDB engine writes its
 * tables (LevelDB admits one process), so each file has one writer; it appends whole lines with one write
 * each, in the order the writes happened, and numbers them on from the file's last record.
 */
export class StreamAppender {
  private readonly files = new Map<string, { fd: number; seq: number }>();

  append(path: string, make: (seq: number) => StoredStreamRecord): StoredStreamRecord {
    let file = this.files.get(path);
    if (!file) {
      mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR });
      const fd = openSync(path, 'a+', PRIVATE_FILE);
      file = { fd, seq: lastSequence(fd) };
      this.files.set(path, file);
    }
    file.seq += 1;
    const record = make(file.seq);
    writeSync(file.fd, `${JSON.stringify(record)}\n`);
    return record;
  }

  close(): void {
    for (const { fd } of this.files.values()) closeSync(fd);
    this.files.clear();
  }
}

/** The seq of the last complete line of an open stream file (0 when empty). */
function lastSequence(fd: number): number {
  const size = fstatSync(fd).size;
  if (size === 0) return 0;
  const length = Math.min(size, 256 * 1024);
  const buffer = Buffer.alloc(length);
  readSync(fd, buffer, 0, length, size - length);
  const lines = buffer.toString('utf8').split('\n').filter(Boolean);
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    try {
      return (JSON.parse(lines[index] as string) as StoredStreamRecord).seq;
    } catch {
      // a line cut by the window's start, or by a crash mid-write: look further back
    }
  }
  return 0;
}

/** A record read from a stream file, with the offset just after it (where reading goes on). */
export interface StreamEntry {
  readonly record: StoredStreamRecord;
  readonly nextOffset: number;
}

/** Reads up to maxRecords complete records of a stream file after a byte offset. */
export async function readStreamRecords(path: string, offset: number, maxRecords: number): Promise<StreamEntry[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const entries: StreamEntry[] = [];
    let position = offset;
    let carry = '';
    const chunk = Buffer.alloc(256 * 1024);
    while (entries.length < maxRecords) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position + Buffer.byteLength(carry));
      if (bytesRead === 0) break;
      const lines = (carry + chunk.toString('utf8', 0, bytesRead)).split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) {
        position += Buffer.byteLength(line) + 1;
        const record = parseRecord(line);
        if (record) entries.push({ record, nextOffset: position });
        if (entries.length >= maxRecords) return entries;
      }
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** The size of a stream file (where LATEST starts). */
export async function streamFileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** A line cut short by a writer killed mid-write (and the record appended after it) cannot be read: skipped. */
function parseRecord(line: string): StoredStreamRecord | undefined {
  if (line.trim() === '') return undefined;
  try {
    return JSON.parse(line) as StoredStreamRecord;
  } catch {
    return undefined;
  }
}
