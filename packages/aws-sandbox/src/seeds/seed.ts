import type { SandboxState } from '../state.js';

/** What a seed may use besides the state: the region it seeds and the time. */
export interface SeedEnvironment {
  region: string;
  now: number;
}

/** What a seed reports: one line per resource, created now or found from an earlier run. */
export interface SeedSummary {
  created: string[];
  existing: string[];
}

/**
 * A named reference topology written straight into the sandbox state (`awsarch sandbox seed NAME`),
 * for the parts of AWS no API call can set up (a Direct Connect link with BGP up, say). Seeds are
 * idempotent: a second run finds what the first created.
 */
export interface SandboxSeed {
  name: string;
  description: string;
  apply(state: SandboxState, env: SeedEnvironment): SeedSummary;
}

/** A seed that cannot run yet (e.g. it needs an organization); the message says what to do first. */
export class SeedPreconditionError extends Error {}
