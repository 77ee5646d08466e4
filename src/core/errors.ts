/** Exit codes shared by every command (see ARCHITECTURE.md). */
export const ExitCode = {
  Ok: 0,
  Failed: 1,
  BadInput: 2,
  ChangesPending: 3,
  Degraded: 4,
  Down: 5,
  /** Ended by Ctrl-C (128 + SIGINT, as shells report it). */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface AwsarchErrorOptions {
  exitCode?: ExitCode;
  cause?: unknown;
  hint?: string;
  /** Structured details safe to print (never credentials). */
  details?: Record<string, unknown>;
}

/** The one error type actions throw; its code is stable and its message is meant for the user. */
export class AwsarchError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, options: AwsarchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AwsarchError';
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.Failed;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** Bad input or usage: exit code 2, and the caller guarantees nothing was changed. */
export function usageError(code: string, message: string, hint?: string): AwsarchError {
  return new AwsarchError(code, message, { exitCode: ExitCode.BadInput, hint });
}

export function isAwsarchError(error: unknown): error is AwsarchError {
  return error instanceof AwsarchError;
}
