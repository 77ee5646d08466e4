import { ERR } from './error-codes.js';
import type { TaskHandle } from './io-host.js';

/**
 * True when work ended because the user said no (a declined confirmation) or pressed Ctrl-C, not because
 * something failed: such a task is shown as cancelled, never as "failed".
 */
export function isCancellation(error: unknown, signal?: AbortSignal): boolean {
  return (
    ERR.CANCELLED.is(error) || ERR.DEPLOY_CANCELLED.is(error) || ERR.INTERRUPTED.is(error) || Boolean(signal?.aborted)
  );
}

/** Ends a task after an error: cancelled after a "no" or Ctrl-C (see isCancellation), failed otherwise. */
export function endTaskAfterError(task: TaskHandle, error: unknown, signal?: AbortSignal, text?: string): void {
  if (isCancellation(error, signal)) task.cancel(text ?? (signal?.aborted ? 'interrupted' : 'cancelled'));
  else task.fail(text);
}
