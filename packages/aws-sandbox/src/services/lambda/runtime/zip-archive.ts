import { inflateRawSync } from 'node:zlib';

/** One file of a .zip archive, decompressed. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** A deployment package that is not a readable .zip (what Lambda answers with InvalidZipFileException). */
export class InvalidZipFileError extends Error {
  constructor(detail: string) {
    super(`Could not unzip uploaded file. Please check your file, then try to upload again. (${detail})`);
    this.name = 'InvalidZipFileError';
  }
}

/**
 * Reads the files of a .zip archive (PKWARE APPNOTE: the central directory at the end, then each local
 * header and its data), stored or deflated, as Lambda deployment packages are. Zip64 and encryption are
 * refused: Lambda packages are far below 4 GiB.
 */
export function readZipEntries(archive: Buffer): ZipEntry[] {
  const end = findEndOfCentralDirectory(archive);
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (archive.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) throw new InvalidZipFileError('bad central directory');
    const flags = archive.readUInt16LE(offset + 8);
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1) throw new InvalidZipFileError(`${name} is encrypted`);
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff) throw new InvalidZipFileError('zip64');
    if (name.endsWith('/')) continue;
    entries.push({ name: safeEntryName(name), data: entryData(archive, localOffset, method, compressedSize, name) });
  }
  return entries;
}

function findEndOfCentralDirectory(archive: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes.
  const lowest = Math.max(0, archive.length - 22 - 0xffff);
  for (let offset = archive.length - 22; offset >= lowest; offset -= 1) {
    if (archive.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new InvalidZipFileError('no end of central directory');
}

function entryData(archive: Buffer, localOffset: number, method: number, size: number, name: string): Buffer {
  if (archive.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER) throw new InvalidZipFileError(`bad header of ${name}`);
  const start = localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
  const raw = archive.subarray(start, start + size);
  if (method === STORED) return Buffer.from(raw);
  if (method === DEFLATED) return inflateRawSync(raw);
  throw new InvalidZipFileError(`${name} uses compression method ${method}`);
}

/** Entry names stay inside the extraction directory (no absolute paths, no ..). */
function safeEntryName(name: string): string {
  const parts = name.replace(/\\/g, '/').split('/');
  if (name.startsWith('/') || parts.includes('..')) throw new InvalidZipFileError(`unsafe entry name ${name}`);
  return parts.filter((part) => part !== '' && part !== '.').join('/');
}
