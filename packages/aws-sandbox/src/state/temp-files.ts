import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../lock.js';

/** Temporary files and directories are named NAME.PID.UUID.tmp (or .stale); the pid says whose they were. */
const TEMP_NAME =
  /^(?:state\.json|state\.lock|server\.json|journal\.ndjson|snapshot-\d+)\.(\d+)\.[0-9a-f-]+\.(?:tmp|stale)$/;

/** Removes what writers killed between creating a temporary file and renaming or removing it left behind. */
export function removeAbandonedTempFiles(...dirs: string[]): void {
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const match = TEMP_NAME.exec(name);
      if (match && !isProcessAlive(Number(match[1]))) rmSync(join(dir, name), { recursive: true, force: true });
    }
  }
}
