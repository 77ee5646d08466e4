import { createWriteStream, mkdirSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_DIR, PRIVATE_FILE } from '../../../private-files.js';

/** A log file is moved to NAME.log.1 once it is this large (CloudWatch Logs is not modelled; this is its stand-in). */
const MAX_LOG_BYTES = 4 * 1024 * 1024;

/**
 * What functions print, one file per function under stateDir/lambda/logs/ACCOUNT-REGION-NAME.log, in the
 * runtime's format (time, request id, level, message; START/END/REPORT lines). Only the process running
 * the function writes to it.
 */
export class FunctionLogs {
  private readonly streams = new Map<string, { stream: WriteStream; bytes: number; path: string }>();
  private readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'lambda', 'logs');
  }

  /** The file a function's lines go to. */
  pathOf(accountId: string, region: string, functionName: string): string {
    return join(this.dir, `${accountId}-${region}-${functionName}.log`);
  }

  sink(accountId: string, region: string, functionName: string): (line: string) => void {
    const path = this.pathOf(accountId, region, functionName);
    return (line) => this.write(path, `${line}\n`);
  }

  async close(): Promise<void> {
    const open = [...this.streams.values()];
    this.streams.clear();
    await Promise.all(open.map(({ stream }) => new Promise<void>((resolve) => stream.end(() => resolve()))));
  }

  private write(path: string, text: string): void {
    let entry = this.streams.get(path);
    if (entry && entry.bytes > MAX_LOG_BYTES) {
      entry.stream.end();
      this.streams.delete(path);
      renameSync(path, `${path}.1`);
      entry = undefined;
    }
    if (!entry) {
      mkdirSync(this.dir, { recursive: true, mode: PRIVATE_DIR });
      let bytes = 0;
      try {
        bytes = statSync(path).size;
      } catch {
        bytes = 0;
      }
      entry = { stream: createWriteStream(path, { flags: 'a', mode: PRIVATE_FILE }), bytes, path };
      entry.stream.on('error', () => undefined);
      this.streams.set(path, entry);
    }
    entry.bytes += Buffer.byteLength(text);
    entry.stream.write(text);
  }
}
