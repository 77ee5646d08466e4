import { resolve } from 'node:path';
import { applySeed, UnknownSeedError } from '../seeds/apply-seed.js';
import { SeedPreconditionError } from '../seeds/seed.js';
import { SandboxUsageError } from './errors.js';

/** What a seed did: one line per resource it created, and per resource it found from an earlier run. */
export interface SeedReport {
  seed: string;
  region: string;
  stateDir: string;
  created: string[];
  existing: string[];
}

/** Writes a named reference topology (hybrid, network) into the sandbox state; idempotent. */
export async function seedState(options: {
  stateDir: string;
  name: string;
  region: string;
  now: number;
}): Promise<SeedReport> {
  const stateDir = resolve(options.stateDir);
  try {
    const summary = await applySeed(stateDir, options.name, options.region, options.now);
    return { seed: options.name, region: options.region, stateDir, ...summary };
  } catch (error) {
    if (error instanceof UnknownSeedError) throw new SandboxUsageError('unknown-seed', error.message);
    if (error instanceof SeedPreconditionError) throw new SandboxUsageError('seed-precondition', error.message);
    throw error;
  }
}
