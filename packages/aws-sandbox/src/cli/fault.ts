import { resolve } from 'node:path';
import { applyHybridFaultToStateDir, UnknownFaultError } from '../hybrid-faults.js';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID } from '../management-account.js';
import { applyFunctionFault, isFunctionFault, NoSuchFunctionError } from '../services/lambda/function-faults.js';
import { StateStore } from '../state.js';
import { SandboxUsageError } from './errors.js';

/** What a fault changed (in the seeded hybrid topology, or in functions), one line per resource. */
export interface FaultReport {
  fault: string;
  target?: string;
  region: string;
  stateDir: string;
  accountId: string;
  changed: string[];
}

/**
 * Applies a named fault to the sandbox state: a physical event of the hybrid topology (a link, BGP
 * session or tunnel going down, and back), or functions failing a share of their invocations.
 */
export async function injectFault(options: {
  stateDir: string;
  name: string;
  target?: string;
  /** function-errors: the share of invocations that fail (0..1, default 1). */
  rate?: number;
  region: string;
  now: number;
}): Promise<FaultReport> {
  const stateDir = resolve(options.stateDir);
  const report = (outcome: { accountId: string; changed: string[] }): FaultReport => ({
    fault: options.name,
    target: options.target,
    region: options.region,
    stateDir,
    ...outcome,
  });
  try {
    const name = options.name;
    if (isFunctionFault(name)) {
      if (options.rate !== undefined && !(options.rate >= 0 && options.rate <= 1))
        throw new SandboxUsageError('bad-fault-rate', `the error rate must be between 0 and 1; got ${options.rate}`);
      const store = new StateStore(stateDir, SANDBOX_MANAGEMENT_ACCOUNT_ID);
      await store.open();
      return report(
        await store.transact(async (tx) => {
          const outcome = applyFunctionFault(tx.state, { ...options, name });
          if (outcome.changed.length > 0) await tx.persist();
          return outcome;
        }),
      );
    }
    return report(
      await applyHybridFaultToStateDir(stateDir, {
        name,
        target: options.target,
        region: options.region,
        now: options.now,
      }),
    );
  } catch (error) {
    if (error instanceof UnknownFaultError || error instanceof NoSuchFunctionError)
      throw new SandboxUsageError('unknown-fault', error.message);
    throw error;
  }
}
