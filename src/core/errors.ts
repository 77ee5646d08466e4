import type { ErrorCode } from './codes.js';
import { exitCodeOf, type ExitCode } from './exit-code.js';
import type { Outcome } from './outcome.js';

export interface AwsarchErrorOptions<Details> {
  /** How the command ends; the code's own outcome (registry) unless given. */
  outcome?: Outcome;
  cause?: unknown;
  hint?: string;
  /** Structured details safe to print (never credentials), of the type the code registers. */
  details?: NoInfer<Details>;
}

/**
 * The one error type actions throw. Its code comes from the registry (error-codes.ts), is stable, and
 * its message is meant for the user.
 */
export class AwsarchError<Details = unknown> extends Error {
  readonly definition: ErrorCode<Details>;
  readonly code: string;
  readonly outcome: Outcome;
  readonly hint?: string;
  readonly details?: Details;

  constructor(definition: ErrorCode<Details>, message: string, options: AwsarchErrorOptions<Details> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AwsarchError';
    this.definition = definition;
    this.code = definition.code;
    this.outcome = options.outcome ?? definition.outcome;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** The process exit code this error ends a command with. */
  get exitCode(): ExitCode {
    return exitCodeOf(this.outcome);
  }
}

/** Bad input or usage: exit code 2, and the caller guarantees nothing was changed. */
export function usageError(definition: ErrorCode, message: string, hint?: string): AwsarchError<void> {
  return new AwsarchError(definition, message, { outcome: 'bad-input', hint });
}

export function isAwsarchError(error: unknown): error is AwsarchError {
  return error instanceof AwsarchError;
}
