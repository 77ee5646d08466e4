import { AwsarchError, isAwsarchError } from '../core/errors.js';

/** The fields of an SDK v3 service exception that we read. */
export interface AwsErrorLike {
  name: string;
  message: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
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

/** Turns an SDK error into an AwsarchError that says what failed and what to do; keeps AwsarchErrors as they are. */
export function toAwsarchError(error: unknown, doing: string): AwsarchError {
  if (isAwsarchError(error)) return error;
  const networkCode = (error as { code?: string } | undefined)?.code;
  if (networkCode && NETWORK_CODES.has(networkCode)) {
    return new AwsarchError('aws-unreachable', `${doing} failed: cannot reach the AWS endpoint (${networkCode})`, {
      cause: error,
      hint: 'check --endpoint-url / AWS_ENDPOINT_URL and your network, or use --sandbox',
    });
  }
  if (!isAwsError(error)) {
    return new AwsarchError('internal', `${doing} failed: ${String((error as Error | undefined)?.message ?? error)}`, {
      cause: error,
    });
  }
  const requestId = error.$metadata?.requestId;
  const details = { awsError: error.name, requestId };
  if (CREDENTIAL_ERRORS.has(error.name)) {
    return new AwsarchError(
      'aws-credentials',
      `${doing} failed: AWS credentials are missing, invalid or expired (${error.name}: ${error.message})`,
      {
        cause: error,
        details,
        hint: 'sign in again (aws sso login), pass --profile / set AWS_PROFILE, or try --sandbox',
      },
    );
  }
  if (ACCESS_DENIED.has(error.name)) {
    return new AwsarchError('aws-access-denied', `${doing} failed: access denied (${error.message})`, {
      cause: error,
      details,
      hint: 'check the IAM permissions of the caller, and any SCP that applies to the account',
    });
  }
  return new AwsarchError('aws-error', `${doing} failed: ${error.name}: ${error.message}`, { cause: error, details });
}
