export const STATE_SCHEMA_VERSION = 1;

/** Everything the sandbox remembers (see store.ts for how it is kept on disk). */
export interface SandboxState {
  schemaVersion: number;
  /** Incremented by every committed transaction. */
  revision: number;
  managementAccountId: string;
  /** One slice per service, keyed by ServiceDefinition.name; each service owns its slice's shape. */
  services: Record<string, unknown>;
}

/** Sandbox state on disk this version cannot use (corrupt, or written by a newer schema). */
export class SandboxStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxStateError';
  }
}

export function emptyState(managementAccountId: string): SandboxState {
  return { schemaVersion: STATE_SCHEMA_VERSION, revision: 0, managementAccountId, services: {} };
}
