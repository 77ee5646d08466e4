import { isAwsError } from './aws-errors.js';
import { AwsRequestTimeoutError, NotAnAwsResponseError } from './request-safety.js';

/**
 * Client configuration for a create that AWS cannot make idempotent (no client token: CreateVpc,
 * CreateSubnet, CreateTransitGatewayVpcAttachment): the SDK must not send it again on its own after a
 * lost answer, since the first attempt may have made the resource. The factory's scheduler still retries
 * throttled attempts (a throttled request made nothing): a client's own maxAttempts caps transient retries only.
 */
export const WITHOUT_SDK_RETRIES = Object.freeze({ maxAttempts: 1 });

/** Network errors after which the request may well have reached AWS and been carried out. */
const CUT_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);

const THROTTLING = ['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException'];

/**
 * Whether a failed request may still have been carried out: no answer in time, a connection cut after
 * the request was sent, or a server error (5xx). A refused connection, a throttle or a 4xx made nothing.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (error instanceof AwsRequestTimeoutError) return true;
  if (error instanceof NotAnAwsResponseError) return error.status >= 500;
  const failure = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  if (failure.name === 'TimeoutError') return true;
  if (failure.code !== undefined && CUT_CONNECTION.has(failure.code)) return true;
  const status = failure.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500 && !isAwsError(error, ...THROTTLING);
}

/**
 * Runs a create AWS gives no idempotency token for, so that a lost answer never makes a twin: when the
 * outcome of an attempt is unknown, `find` looks for what it would have made (by its tags, its CIDR, its
 * VPC) and that is taken; only when nothing is found is the create sent again, `attempts` times in all.
 * `create` must use a client WITHOUT_SDK_RETRIES, or the SDK resends it before `find` can look.
 */
export async function createOnce<T>(
  create: () => Promise<T>,
  find: () => Promise<T | undefined>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await create();
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      const found = await find();
      if (found !== undefined) return found;
      if (attempt >= attempts) throw error;
    }
  }
}
