import type { Clock } from '../../core/clock.js';
import type { CallScheduler } from './call-scheduler.js';
import type { CallTarget } from './call-policy.js';

/** Attempts per call, the first included, by what went wrong. */
export interface AttemptLimits {
  readonly throttling: number;
  readonly transient: number;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = { throttling: 10, transient: 6 };

/** The retry token the SDK's retry middleware carries between attempts (its RetryToken interface). */
interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/** What the SDK's retry middleware says about a failed attempt (its RetryErrorInfo). */
export interface RetryErrorInfo {
  readonly errorType: 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';
  readonly error?: unknown;
  readonly retryAfterHint?: Date;
}

/**
 * Errors AWS answers when a concurrent change to the same resource is in progress: the request is fine
 * and succeeds a moment later, so it is retried like a transient error.
 */
const CONFLICT_CODES = new Set(['ConcurrentModificationException']);

function retryToken(retries: number): RetryToken {
  return { getRetryCount: () => retries, getRetryDelay: () => 0 };
}

/** Pure: whether a failed attempt is retried, and as what. */
export function retryKind(info: RetryErrorInfo): 'throttling' | 'transient' | undefined {
  if (info.errorType === 'THROTTLING') return 'throttling';
  if (info.errorType === 'TRANSIENT' || info.errorType === 'SERVER_ERROR') return 'transient';
  const name = (info.error as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && CONFLICT_CODES.has(name) ? 'transient' : undefined;
}

/**
 * The SDK retry strategy (RetryStrategyV2) of every client the factory makes: it decides whether an
 * attempt is retried and waits the scheduler's delay (exponential with full jitter, scaled by the lane's
 * round trip after throttling, never shorter than a Retry-After). The next attempt then queues in the
 * scheduler like any other, so retries respect the lane's lowered limit and rate.
 */
export class ScheduledRetryStrategy {
  readonly mode = 'awsarch-scheduled';

  constructor(
    private readonly scheduler: CallScheduler,
    private readonly target: CallTarget,
    private readonly clock: Clock,
    private readonly limits: AttemptLimits = DEFAULT_ATTEMPT_LIMITS,
    private readonly random: () => number = Math.random,
    private readonly onRetry?: (kind: 'throttling' | 'transient') => void,
  ) {}

  async acquireInitialRetryToken(_scope: string): Promise<RetryToken> {
    return retryToken(0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const kind = retryKind(info);
    const retry = token.getRetryCount() + 1;
    if (!kind || retry >= this.limits[kind]) throw new Error('no more attempts for this call');
    let delay = this.scheduler.retryDelayMs(this.target, retry, kind, this.random);
    if (info.retryAfterHint instanceof Date)
      delay = Math.max(delay, Math.min(20_000, info.retryAfterHint.getTime() - this.clock.now()));
    this.onRetry?.(kind);
    if (delay > 0) await this.clock.sleep(delay);
    return retryToken(retry);
  }

  recordSuccess(_token: RetryToken): void {
    // Pacing learns from every attempt in the scheduler's middleware; nothing to keep here.
  }
}
