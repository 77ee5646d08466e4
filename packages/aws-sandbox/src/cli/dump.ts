import { resolve } from 'node:path';
import { SANDBOX_MANAGEMENT_ACCOUNT_ID } from '../management-account.js';
import { readState } from '../state.js';
import { SandboxUsageError } from './errors.js';

/** What `awsarch sandbox dump` shows: the state as it is now, whole or one service's slice. */
export interface StateDump {
  stateDir: string;
  revision: number;
  managementAccountId: string;
  services: Record<string, unknown>;
}

/** Reads the state in stateDir (without locking it) for a person to look at; `service` keeps one slice. */
export async function dumpState(options: { stateDir: string; service?: string }): Promise<StateDump> {
  const stateDir = resolve(options.stateDir);
  const state = await readState(stateDir, SANDBOX_MANAGEMENT_ACCOUNT_ID);
  const { service } = options;
  if (service !== undefined && !(service in state.services)) {
    const present = Object.keys(state.services).sort();
    throw new SandboxUsageError(
      'unknown-service',
      `the state has no "${service}" slice; it has ${present.length ? present.join(', ') : 'none yet'}`,
    );
  }
  return {
    stateDir,
    revision: state.revision,
    managementAccountId: state.managementAccountId,
    services: service === undefined ? state.services : { [service]: state.services[service] },
  };
}
