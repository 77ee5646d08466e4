import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { isErrno } from '../lock.js';
import {
  decodeLine,
  encodeHeader,
  isJournalEntry,
  isJournalHeader,
  JOURNAL_FORMAT,
  readLines,
  type JournalEntry,
  type JournalHeader,
} from './journal-format.js';
import { SandboxStateError } from './model.js';
import { PRIVATE_FILE } from '../private-files.js';

/** What reading the journal past the last position found. */
export interface JournalRead {
  readonly entries: JournalEntry[];
  /** Bytes after the last complete, valid line: a line being written right now, or one a killed writer left cut short. */
  readonly trailingBytes: number;
  /** A complete line that fails its checksum, followed by more data: the file is damaged, not merely cut short. */
  readonly damaged: boolean;
}

/**
 * One open journal file: a header line, then one line per committed transaction. Entries are read from the
 * last position on and appended (by the lock holder only) at the end; the file is replaced as a whole (by
 * rename) when it is compacted or reset, which readers notice by its inode.
 */
export class JournalFile {
  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly ino: bigint,
    readonly header: JournalHeader,
    private readonly headerBytes: number,
    /** Where the next unread line starts; the end of the file for a caught-up reader. */
    public offset: number,
  ) {}

  /** Opens the journal at path and reads its header; undefined if there is none. */
  static open(path: string): JournalFile | undefined {
    let fd: number;
    try {
      fd = openSync(path, 'r+');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
    try {
      const ino = fstatSync(fd, { bigint: true }).ino;
      const { header, length } = readHeader(fd, path);
      return new JournalFile(path, fd, ino, header, length, length);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Writes a journal holding only its header (to a temporary file, then renamed over path) and opens it. */
  static create(path: string, header: Omit<JournalHeader, 'journal'>): JournalFile {
    const tempPath = `${path}.${process.pid}.${randomUUID()}.tmp`;
    const fd = openSync(tempPath, 'w+', PRIVATE_FILE);
    try {
      const text = encodeHeader({ journal: JOURNAL_FORMAT, ...header });
      writeFully(fd, Buffer.from(text), 0);
      renameSync(tempPath, path);
      const ino = fstatSync(fd, { bigint: true }).ino;
      const length = Buffer.byteLength(text);
      return new JournalFile(path, fd, ino, { journal: JOURNAL_FORMAT, ...header }, length, length);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Whether path still names this file: 'replaced' after a compaction or reset, 'missing' after a reset. */
  status(): 'current' | 'replaced' | 'missing' {
    try {
      return statSync(this.path, { bigint: true }).ino === this.ino ? 'current' : 'replaced';
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return 'missing';
      throw error;
    }
  }

  /** The entries appended since the last read; advances past them. */
  readNew(): JournalRead {
    const size = fstatSync(this.fd).size;
    if (size <= this.offset) return { entries: [], trailingBytes: 0, damaged: false };
    const chunk = Buffer.allocUnsafe(size - this.offset);
    const read = readFully(this.fd, chunk, this.offset);
    const data = chunk.subarray(0, read);
    const { values, consumed, invalidAt } = readLines(data);
    const entries: JournalEntry[] = [];
    for (const value of values) {
      if (!isJournalEntry(value))
        throw new SandboxStateError(
          `${this.path} holds a line that is not a state change; reset the sandbox to start over`,
        );
      entries.push(value);
    }
    this.offset += consumed;
    const trailing = read - consumed;
    const invalidLineEnd = invalidAt === undefined ? -1 : data.indexOf(0x0a, invalidAt);
    const damaged = invalidLineEnd >= 0 && invalidLineEnd < read - 1;
    return { entries, trailingBytes: trailing, damaged };
  }

  /** Cuts the file back to the end of its last valid line (the lock holder repairs what a killed writer left). */
  truncateToOffset(): void {
    ftruncateSync(this.fd, this.offset);
  }

  /** Appends text at the end (the caller holds the lock and has read everything before it). */
  append(text: string): void {
    const bytes = Buffer.from(text);
    // Someone else wrote past our end: the lock was taken from us (judged stale). Never write over their line.
    if (fstatSync(this.fd).size !== this.offset)
      throw new Error(`${this.path} changed under the state lock; the transaction was not written`);
    try {
      writeFully(this.fd, bytes, this.offset);
    } catch (error) {
      // Leave no partial line behind for others to stumble over.
      ftruncateSync(this.fd, this.offset);
      throw error;
    }
    this.offset += bytes.length;
  }

  /** The journal's size in bytes past its header. */
  get entryBytes(): number {
    return this.offset - this.headerBytes;
  }

  close(): void {
    closeSync(this.fd);
  }
}

function readHeader(fd: number, path: string): { header: JournalHeader; length: number } {
  const buffer = Buffer.alloc(4096);
  const read = readSync(fd, buffer, 0, buffer.length, 0);
  const end = buffer.subarray(0, read).indexOf(0x0a);
  const decoded = end < 0 ? undefined : decodeLine(buffer.toString('utf8', 0, end));
  if (!decoded || decoded.kind !== 'line' || !isJournalHeader(decoded.value))
    throw new SandboxStateError(`${path} does not start with a journal header; reset the sandbox to start over`);
  if (decoded.value.journal !== JOURNAL_FORMAT)
    throw new SandboxStateError(
      `${path} is in journal format ${decoded.value.journal}, this sandbox reads ${JOURNAL_FORMAT}; reset the sandbox to start over`,
    );
  return { header: decoded.value, length: end + 1 };
}

function writeFully(fd: number, bytes: Buffer, position: number): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, position + written);
}

function readFully(fd: number, into: Buffer, position: number): number {
  let read = 0;
  while (read < into.length) {
    const count = readSync(fd, into, read, into.length - read, position + read);
    if (count === 0) break;
    read += count;
  }
  return read;
}
