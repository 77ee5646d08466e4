/**
 * How a command ended, as a pipeline sees it. Actions and errors carry one; `exitCodeOf` (exit-code.ts)
 * is the only place that turns it into the process exit code.
 */
export type Outcome =
  /** Done, or nothing to report (exit 0). */
  | 'ok'
  /** An operation failed; partial results are still reported (exit 1). */
  | 'failed'
  /** Bad input or usage; nothing was changed (exit 2). */
  | 'bad-input'
  /** Changes pending or drift found (exit 3; plan/diff/status with --detailed-exitcode). */
  | 'changes-pending'
  /** Degraded, e.g. hybrid traffic on the backup path (exit 4). */
  | 'degraded'
  /** Down, e.g. an on-premises prefix without a path (exit 5). */
  | 'down'
  /** Ended by Ctrl-C before it finished; re-running the command completes it (exit 130). */
  | 'interrupted';

/** What a command's action returns: its data (what `--output json` prints) and how it went. */
export interface ActionResult<T> {
  readonly data: T;
  readonly outcome: Outcome;
}

/** An action's result; `ok` unless said otherwise. */
export function actionResult<T>(data: T, outcome: Outcome = 'ok'): ActionResult<T> {
  return { data, outcome };
}

/**
 * Where an action sends the frames of a live view (`hybrid status --watch`, a failover test in
 * progress) as data; the command's view turns each into output.
 */
export type LiveFrames<F> = (frame: F) => void;
