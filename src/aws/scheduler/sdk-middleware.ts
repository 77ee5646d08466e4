import type { AttemptOutcome, CallScheduler } from './call-scheduler.js';
import type { CallTarget } from './call-policy.js';

/** HTTP statuses and error codes AWS services answer when they throttle (as the SDK classifies them). */
const THROTTLING_CODES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/** Pure: whether an error says the caller was throttled. */
export function isThrottlingError(error: unknown): boolean {
  const failure = error as {
    name?: unknown;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
  };
  return (
    failure?.$metadata?.httpStatusCode === 429 ||
    (typeof failure?.name === 'string' && THROTTLING_CODES.has(failure.name)) ||
    failure?.$retryable?.throttling === true
  );
}

type Next = (args: unknown) => Promise<unknown>;
interface SdkContext {
  commandName?: string;
  __smithy_context?: { abortSignal?: AbortSignal };
}

/**
 * The middleware that makes every attempt of a call wait for the scheduler (placed right after the SDK's
 * retry middleware, so each retry waits again) and tells it how the attempt went.
 */
export function scheduledAttempts(scheduler: CallScheduler, lane: Omit<CallTarget, 'operation'>) {
  return (next: Next, context: SdkContext) => async (args: unknown) => {
    const target = { ...lane, operation: (context.commandName ?? 'Unknown').replace(/Command$/, '') };
    const permit = await scheduler.acquire(target, context.__smithy_context?.abortSignal);
    let outcome: AttemptOutcome = 'failed';
    try {
      const result = await next(args);
      outcome = 'success';
      return result;
    } catch (error) {
      if (isThrottlingError(error)) outcome = 'throttled';
      throw error;
    } finally {
      permit.finish(outcome);
    }
  };
}
