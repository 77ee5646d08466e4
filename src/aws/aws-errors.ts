import { ERR } from '../core/error-codes.js';
import { AwsarchError, isAwsarchError } from '../core/errors.js';
import { AwsRequestTimeoutError, isForeignAnswer, NotAnAwsResponseError } from './request-safety.js';

/** The fields of an SDK v3 service exception that we read. */
export interface AwsErrorLike {
  name: string;
  message: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $fault?: 'client' | 'server';
  Reason?: string;
  FailureReason?: string;
}

export function isAwsError(error: unknown, ...names: string[]): error is AwsErrorLike {
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && (names.length === 0 || names.includes(name));
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'AuthFailure',
]);

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN']);

const NOT_AWS_HINT =
  'check --endpoint-url / AWS_ENDPOINT_URL and any proxy (HTTPS_PROXY) in between; if AWS itself is failing, retry later';

/** The first line of a message (the SDK appends advice about hidden fields to parse errors). */
const firstLine = (text: string) => text.split('\n')[0]?.trim() ?? '';

/**
 * Turns an SDK error into an AwsarchError that says what failed and what to do; keeps AwsarchErrors as
 * they are. Errors that are neither AWS's nor the network's (a bug in awsarch) stay `internal`.
 */
export function toAwsarchError(error: unknown, doing: string): AwsarchError {
  if (isAwsarchError(error)) return error;
  if (error instanceof AwsRequestTimeoutError) {
    return new AwsarchError(ERR.AWS_TIMEOUT, `${doing} failed: ${error.message}`, {
      cause: error,
      hint: 'check the endpoint, proxy and network (--endpoint-url, AWS_ENDPOINT_URL, HTTPS_PROXY), or allow more time with --request-timeout',
    });
  }
  if (error instanceof NotAnAwsResponseError) {
    return new AwsarchError(ERR.AWS_NOT_AWS_RESPONSE, `${doing} failed: ${error.message}`, {
      cause: error,
      details: {
        httpStatusCode: error.status,
        endpoint: error.endpoint,
        operation: error.operation,
        ...(error.requestId ? { requestId: error.requestId } : {}),
      },
      hint: NOT_AWS_HINT,
    });
  }
  if ((error as { name?: unknown } | undefined)?.name === 'AbortError') {
    return new AwsarchError(ERR.INTERRUPTED, `${doing}: interrupted (Ctrl-C); re-run the same command to finish`, {
      cause: error,
    });
  }
  const networkCode = (error as { code?: string } | undefined)?.code;
  if (networkCode && NETWORK_CODES.has(networkCode)) {
    return new AwsarchError(ERR.AWS_UNREACHABLE, `${doing} failed: cannot reach the AWS endpoint (${networkCode})`, {
      cause: error,
      hint: 'check --endpoint-url / AWS_ENDPOINT_URL and your network, or use --sandbox',
    });
  }
  if (!isAwsError(error)) {
    return new AwsarchError(
      ERR.INTERNAL,
      `${doing} failed: ${String((error as Error | undefined)?.message ?? error)}`,
      {
        cause: error,
      },
    );
  }
  const httpStatusCode = error.$metadata?.httpStatusCode;
  const details = { awsError: error.name, requestId: error.$metadata?.requestId, httpStatusCode };
  if (CREDENTIAL_ERRORS.has(error.name)) {
    return new AwsarchError(
      ERR.AWS_CREDENTIALS,
      `${doing} failed: AWS credentials are missing, invalid or expired (${error.name}: ${firstLine(error.message)})`,
      {
        cause: error,
        details,
        hint: 'sign in again (aws sso login), pass --profile / set AWS_PROFILE, or try --sandbox',
      },
    );
  }
  if (ACCESS_DENIED.has(error.name)) {
    return new AwsarchError(ERR.AWS_ACCESS_DENIED, `${doing} failed: access denied (${firstLine(error.message)})`, {
      cause: error,
      details,
      hint: 'check the IAM permissions of the caller, and any SCP that applies to the account',
    });
  }
  if (isForeignAnswer(error)) {
    // Only a client built outside the factory gets here (the factory's clients name the endpoint and the call).
    return new AwsarchError(
      ERR.AWS_NOT_AWS_RESPONSE,
      `${doing} failed: HTTP ${httpStatusCode} from the endpoint: not an AWS API response`,
      { cause: error, details: { httpStatusCode, requestId: error.$metadata?.requestId }, hint: NOT_AWS_HINT },
    );
  }
  if (error.$metadata === undefined && error.$fault === undefined) {
    // Not an SDK answer at all (a TypeError in awsarch, say): not AWS's fault, and not worded as if it were.
    return new AwsarchError(ERR.INTERNAL, `${doing} failed: ${error.message}`, {
      cause: error,
      hint: 'run again with --verbose for details, and report it if it persists',
    });
  }
  return new AwsarchError(ERR.AWS_ERROR, `${doing} failed: ${error.name}: ${firstLine(error.message)}`, {
    cause: error,
    details,
  });
}
