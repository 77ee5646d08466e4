import pRetry from 'p-retry';
import { isAwsError, isTransientAwsError } from '../aws/aws-errors.js';

/** The AWS services baselines call; each gets its own bound on calls in flight. */
export type LimitedService =
  | 'cloudtrail'
  | 'config'
  | 'guardduty'
  | 'securityhub'
  | 'ec2'
  | 'iam'
  | 's3'
  | 'organizations'
  | 'ram'
  | 'route53resolver';

export const DEFAULT_CALLS_PER_SERVICE = 8;

/** IAM and Organizations have account-wide rate limits far below the regional services'. */
const GLOBAL_SERVICE_CAP: Partial<Record<LimitedService, number>> = { iam: 4, organizations: 4 };

export interface RetryTiming {
  /** Workflow-level retries of throttling and conflicts, after the SDK's own attempts. */
  retries: number;
  minTimeoutMs: number;
}

export const DEFAULT_RETRY_TIMING: RetryTiming = { retries: 6, minTimeoutMs: 500 };

class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

/** Throttling and conflicts, also when wrapped in an AwsarchError by a reader such as readOrganization. */
export function isRetryableError(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return (
    isTransientAwsError(error) || isAwsError(error, 'SlowDown') || (cause !== undefined && isRetryableError(cause))
  );
}

/** Retries a whole read (e.g. of the organization) on throttling that outlasts the SDK's own attempts. */
export function retryingRead<T>(
  read: () => Promise<T>,
  signal?: AbortSignal,
  timing: RetryTiming = DEFAULT_RETRY_TIMING,
): Promise<T> {
  return pRetry(read, {
    retries: timing.retries,
    factor: 2,
    minTimeout: timing.minTimeoutMs,
    maxTimeout: 10_000,
    signal,
    shouldRetry: ({ error }) => isRetryableError(error),
  });
}

/**
 * Bounds the AWS calls in flight per service across every account of a run, and retries throttling
 * that outlasts the SDK's adaptive retries, so hundreds of accounts can be read at once within quotas.
 */
export class ServiceLimits {
  private readonly semaphores = new Map<LimitedService, Semaphore>();

  constructor(
    private readonly perService: number = DEFAULT_CALLS_PER_SERVICE,
    private readonly signal?: AbortSignal,
    private readonly timing: RetryTiming = DEFAULT_RETRY_TIMING,
  ) {}

  /** Runs one AWS call within the service's bound, retrying transient errors with backoff. */
  call<T>(service: LimitedService, work: () => Promise<T>): Promise<T> {
    let semaphore = this.semaphores.get(service);
    if (!semaphore) {
      semaphore = new Semaphore(Math.min(this.perService, GLOBAL_SERVICE_CAP[service] ?? this.perService));
      this.semaphores.set(service, semaphore);
    }
    const bounded = semaphore;
    return pRetry(() => bounded.run(work), {
      retries: this.timing.retries,
      factor: 2,
      minTimeout: this.timing.minTimeoutMs,
      maxTimeout: 10_000,
      signal: this.signal,
      shouldRetry: ({ error }) => isRetryableError(error),
    });
  }
}
