import { resolve } from 'node:path';
import { deleteState } from '../state.js';

/** Deletes the sandbox state (keeps the directory); the next request starts from an empty management account. */
export async function resetState(options: { stateDir: string }): Promise<{ stateDir: string; reset: true }> {
  const stateDir = resolve(options.stateDir);
  await deleteState(stateDir);
  return { stateDir, reset: true };
}
