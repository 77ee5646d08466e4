import type { HumanBlock } from '../io-host.js';

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

export function sandboxServeView(summary: { endpoint: string; stateDir: string; requests: number }): HumanBlock[] {
  return [
    { kind: 'text', lines: [`sandbox stopped after ${summary.requests} requests; state kept in ${summary.stateDir}`] },
  ];
}

export function sandboxSeedView(outcome: SandboxSeedOutcome): HumanBlock[] {
  const lines = [
    ...outcome.created.map((line) => `created  ${line}`),
    ...outcome.existing.map((line) => `exists   ${line}`),
  ];
  return [{ kind: 'text', lines }];
}

export function sandboxFaultView(outcome: SandboxFaultOutcome): HumanBlock[] {
  const lines = outcome.changed.length > 0 ? outcome.changed : [`nothing to change: already ${outcome.fault}`];
  return [{ kind: 'text', lines }];
}

export function sandboxResetView(outcome: { stateDir: string; reset: true }): HumanBlock[] {
  return [{ kind: 'text', lines: [`sandbox state in ${outcome.stateDir} deleted`] }];
}

/** `awsarch sandbox dump`: the state itself, as JSON in every output mode (it is meant for jq and for reading). */
export function sandboxDumpView(dump: {
  stateDir: string;
  revision: number;
  managementAccountId: string;
  services: Record<string, unknown>;
}): HumanBlock[] {
  return [{ kind: 'text', lines: JSON.stringify(dump, null, 2).split('\n') }];
}
