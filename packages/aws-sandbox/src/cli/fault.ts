import { resolve } from 'node:path';
import { applyHybridFaultToStateDir, UnknownFaultError } from '../hybrid-faults.js';
import { SandboxUsageError } from './errors.js';

/** What a fault changed in the seeded hybrid topology, one line per resource. */
export interface FaultReport {
  fault: string;
  target?: string;
  region: string;
  stateDir: string;
  accountId: string;
  changed: string[];
}

/** Applies a named physical fault (a link, BGP session or tunnel going down, or back) to the sandbox state. */
export async function injectFault(options: {
  stateDir: string;
  name: string;
  target?: string;
  region: string;
  now: number;
}): Promise<FaultReport> {
  const stateDir = resolve(options.stateDir);
  try {
    const outcome = await applyHybridFaultToStateDir(stateDir, {
      name: options.name,
      target: options.target,
      region: options.region,
      now: options.now,
    });
    return { fault: options.name, target: options.target, region: options.region, stateDir, ...outcome };
  } catch (error) {
    if (error instanceof UnknownFaultError) throw new SandboxUsageError('unknown-fault', error.message);
    throw error;
  }
}
