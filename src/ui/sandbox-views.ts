import { toDocument } from '../documents/document.js';
import type { CommandResult } from './io-host.js';

/** What `awsarch sandbox seed` reports (the sandbox's own seeds and the workload traffic seeds alike). */
export interface SandboxSeedOutcome {
  seed: string;
  region: string;
  stateDir: string;
  created: string[];
  existing: string[];
}

/** What `awsarch sandbox fault` changed. */
export interface SandboxFaultOutcome {
  fault: string;
  target?: string;
  region: string;
  stateDir: string;
  accountId: string;
  changed: string[];
}

export function sandboxServeView(summary: { endpoint: string; stateDir: string; requests: number }): CommandResult {
  return {
    data: toDocument('sandbox-start', summary),
    human: [
      {
        kind: 'text',
        lines: [`sandbox stopped after ${summary.requests} requests; state kept in ${summary.stateDir}`],
      },
    ],
  };
}

export function sandboxSeedView(outcome: SandboxSeedOutcome): CommandResult {
  const lines = [
    ...outcome.created.map((line) => `created  ${line}`),
    ...outcome.existing.map((line) => `exists   ${line}`),
  ];
  const { seed, region, stateDir, created, existing } = outcome;
  return {
    data: toDocument('sandbox-seed', { seed, region, stateDir, created, existing }),
    human: [{ kind: 'text', lines }],
  };
}

export function sandboxFaultView(outcome: SandboxFaultOutcome): CommandResult {
  const lines = outcome.changed.length > 0 ? outcome.changed : [`nothing to change: already ${outcome.fault}`];
  const { fault, target, region, stateDir, accountId, changed } = outcome;
  return {
    data: toDocument('sandbox-fault', { fault, target, region, stateDir, accountId, changed }),
    human: [{ kind: 'text', lines }],
  };
}

export function sandboxResetView(outcome: { stateDir: string; reset: true }): CommandResult {
  return {
    data: toDocument('sandbox-reset', outcome),
    human: [{ kind: 'text', lines: [`sandbox state in ${outcome.stateDir} deleted`] }],
  };
}
