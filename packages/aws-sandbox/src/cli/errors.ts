/** What a caller got wrong when driving the sandbox (a seed or fault name, a busy port, a missing precondition). */
export type SandboxUsageProblem =
  'unknown-seed' | 'seed-precondition' | 'unknown-fault' | 'bad-fault-rate' | 'port-in-use' | 'unknown-service';

/** The error the sandbox's control functions throw for bad input; nothing was changed when it is thrown. */
export class SandboxUsageError extends Error {
  constructor(
    readonly problem: SandboxUsageProblem,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxUsageError';
  }
}
