import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_DIR, PRIVATE_FILE } from '../../../private-files.js';

/** Where an event source mapping is in its source, and how its last batch went. */
export interface MappingProgress {
  /** The stream or queue the position belongs to (a new stream starts over at StartingPosition). */
  readonly sourceArn: string;
  /** Byte offset in the stream file after the last record processed. */
  readonly offset: number;
  /** As ListEventSourceMappings reports it: OK, No records processed, PROBLEM: ... */
  readonly lastProcessingResult: string;
  readonly updatedAt: number;
  /**
   * The failing batch at the position: retries made so far and the batch size bisection reached. Kept with the
   * position because on AWS they belong to the mapping, not to whichever process polls: a new runner continues
   * the count instead of starting it over (else records handled by short-lived processes would never be given up).
   */
  readonly attempts?: number;
  readonly bisectLimit?: number;
}

/**
 * The mappings' positions, one small file each under stateDir/lambda/event-source-mappings/, written
 * atomically by the process running the mapping (the runner) and read by ListEventSourceMappings.
 * Kept out of state.json: they change with every batch.
 */
export class ProgressStore {
  private readonly dir: string;
  private readonly cache = new Map<string, MappingProgress>();

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'lambda', 'event-source-mappings');
  }

  async read(uuid: string): Promise<MappingProgress | undefined> {
    const cached = this.cache.get(uuid);
    if (cached) return cached;
    try {
      const progress = JSON.parse(await readFile(join(this.dir, `${uuid}.json`), 'utf8')) as MappingProgress;
      this.cache.set(uuid, progress);
      return progress;
    } catch {
      return undefined;
    }
  }

  async write(uuid: string, progress: MappingProgress): Promise<void> {
    this.cache.set(uuid, progress);
    await mkdir(this.dir, { recursive: true, mode: PRIVATE_DIR });
    const path = join(this.dir, `${uuid}.json`);
    const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify(progress), { mode: PRIVATE_FILE });
    await rename(temporary, path);
  }

  /** Forgets cached positions (another process may have run the mapping since). */
  forget(): void {
    this.cache.clear();
  }
}
