import type { Outcome } from './outcome.js';

/** Exit codes shared by every command (see ARCHITECTURE.md and `awsarch --help`). */
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

/** The one place an outcome (of a result or an error) becomes the process exit code. */
export function exitCodeOf(outcome: Outcome): ExitCode {
  switch (outcome) {
    case 'ok':
      return ExitCode.Ok;
    case 'failed':
      return ExitCode.Failed;
    case 'bad-input':
      return ExitCode.BadInput;
    case 'changes-pending':
      return ExitCode.ChangesPending;
    case 'degraded':
      return ExitCode.Degraded;
    case 'down':
      return ExitCode.Down;
    case 'interrupted':
      return ExitCode.Interrupted;
  }
}
