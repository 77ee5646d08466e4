/**
 * What every AWS request gets from the client factory: a connection and response timeout (retried as
 * the SDK retries timeouts), Ctrl-C (the command's abort signal ends it at once), and a check that the
 * answer came from an AWS API and not from a proxy, a captive portal or a web server at the endpoint.
 */

/** The default connection and response timeout of one attempt (`--request-timeout`). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Send options for calls that must still be made after Ctrl-C (cleanup): bounded by the request timeout only. */
export const AFTER_INTERRUPT = Object.freeze({ abortSignal: undefined });

/**
 * The NodeHttpHandler options for a timeout: connectionTimeout bounds the TCP (and TLS) connect;
 * requestTimeout with throwOnRequestTimeout bounds the whole answer (without it the handler only logs a
 * warning); socketTimeout also ends a socket that stays silent. Each ends in a TimeoutError, which the
 * SDK's retry strategy treats as transient.
 */
export function requestHandlerTimeouts(timeoutMs: number): Record<string, unknown> {
  return {
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    throwOnRequestTimeout: true,
  };
}

/** Where a request went and how it went, as the middlewares saw it (kept on the handler context). */
interface Exchange {
  endpoint?: string;
  status?: number;
  contentType?: string;
  hasRequestId?: boolean;
}

const EXCHANGE = Symbol('awsarch.exchange');

type MiddlewareContext = Record<string | symbol, unknown> & { clientName?: string; commandName?: string };

function exchangeOf(context: MiddlewareContext): Exchange {
  return ((context[EXCHANGE] as Exchange | undefined) ??= {});
}

/** The answer at an AWS endpoint was not an AWS API response (an HTML page, a proxy's error). */
export class NotAnAwsResponseError extends Error {
  readonly $metadata: { httpStatusCode?: number };

  constructor(
    readonly status: number,
    readonly endpoint: string,
    readonly operation: string,
    /** AWS's request id when the answer carried one (AWS answered, but with something the SDK cannot read). */
    readonly requestId?: string,
  ) {
    super(`HTTP ${status} from ${endpoint} for ${operation}: not an AWS API response`);
    this.name = 'NotAnAwsResponseError';
    // The SDK's retry strategy reads the status: a proxy's 502/503/504 is retried like AWS's own.
    this.$metadata = { httpStatusCode: status };
  }
}

/** No answer within the request timeout, after the SDK's retries. */
export class AwsRequestTimeoutError extends Error {
  constructor(
    readonly endpoint: string,
    readonly operation: string,
    readonly timeoutMs: number | undefined,
    readonly attempts: number | undefined,
    cause: unknown,
  ) {
    const within = timeoutMs === undefined ? '' : ` within ${formatSeconds(timeoutMs)}`;
    const tries = attempts && attempts > 1 ? ` (${attempts} attempts)` : '';
    super(`no answer from ${endpoint} for ${operation}${within}${tries}`, { cause });
    this.name = 'AwsRequestTimeoutError';
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** Operations whose answer is the caller's own content, of any type. */
const CONTENT_OPERATIONS = new Set(['S3.GetObject']);

/** Pure: whether a raw answer can be an AWS API response (an HTML page never is, except an S3 object's content). */
export function looksLikeAwsResponse(answer: { operation: string; status: number; contentType?: string }): boolean {
  const html = /^\s*text\/html/i.test(answer.contentType ?? '');
  if (!html) return true;
  return CONTENT_OPERATIONS.has(answer.operation) && answer.status >= 200 && answer.status < 300;
}

interface RawRequest {
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
}
interface RawResponse {
  statusCode?: number;
  headers?: Record<string, string>;
  body?: { destroy?: () => void; resume?: () => void };
}

/**
 * Innermost middleware (deserialize step, low priority): sees the raw request and answer of every
 * attempt, records them for the error mapping, and refuses an HTML page before the SDK tries to parse it.
 */
export function rawExchangeMiddleware() {
  return (next: (args: unknown) => Promise<{ response?: unknown }>, context: MiddlewareContext) =>
    async (args: unknown) => {
      const exchange = exchangeOf(context);
      const request = (args as { request?: RawRequest }).request;
      if (request?.hostname)
        exchange.endpoint = `${request.protocol ?? 'https:'}//${request.hostname}${request.port ? `:${request.port}` : ''}`;
      const result = await next(args);
      const response = result.response as RawResponse | undefined;
      exchange.status = response?.statusCode;
      exchange.contentType = header(response?.headers, 'content-type');
      exchange.hasRequestId = ['x-amzn-requestid', 'x-amz-request-id', 'x-amz-id-2'].some(
        (name) => header(response?.headers, name) !== undefined,
      );
      const status = response?.statusCode ?? 0;
      const operation = operationName(context);
      if (!looksLikeAwsResponse({ operation, status, contentType: exchange.contentType })) {
        response?.body?.destroy?.();
        throw new NotAnAwsResponseError(status, exchange.endpoint ?? 'the endpoint', operation);
      }
      return result;
    };
}

function operationName(context: MiddlewareContext): string {
  const service = (context.clientName ?? 'Unknown').replace(/Client$/, '');
  const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
  return `${service}.${operation}`;
}

/**
 * Turns what the SDK throws into an error that says what happened at the wire: a timeout after the
 * SDK's retries, or an answer the SDK could not read that carries none of AWS's request-id headers.
 */
export function explainRequestFailure(error: unknown, context: MiddlewareContext, timeoutMs?: number): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const exchange = exchangeOf(context);
  const failure = error as {
    name?: string;
    $metadata?: { attempts?: number; httpStatusCode?: number };
    $response?: unknown;
  };
  const endpoint = exchange.endpoint ?? 'the endpoint';
  if (failure.name === 'TimeoutError')
    return new AwsRequestTimeoutError(endpoint, operationName(context), timeoutMs, failure.$metadata?.attempts, error);
  const unreadable = failure.$response !== undefined && !('$fault' in failure);
  if (exchange.status !== undefined && ((unreadable && !exchange.hasRequestId) || isForeignAnswer(failure)))
    return new NotAnAwsResponseError(
      exchange.status,
      endpoint,
      operationName(context),
      (failure as { $metadata?: { requestId?: string } }).$metadata?.requestId,
    );
  return error;
}

/**
 * Whether an SDK error is the SDK's reading of something that is not an AWS API answer: an HTML page from a
 * proxy or load balancer, an empty 5xx, a JSON body without an error code. The SDK then fails to parse the
 * body or finds no error code in it.
 */
export function isForeignAnswer(error: {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}): boolean {
  if (error.$metadata?.httpStatusCode === undefined) return false;
  return (
    error.name === 'Unknown' ||
    error.name === 'UnknownError' ||
    error.name === 'SyntaxError' ||
    /Deserialization error|XML parse error/.test(error.message ?? '')
  );
}

/** The call, or an AbortError as soon as the signal aborts (the call is then left to settle unobserved-safe). */
export function untilAborted<T>(call: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    call.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    call.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function abortError(signal: AbortSignal): Error {
  const error = new Error('the request was interrupted (Ctrl-C)', { cause: signal.reason });
  error.name = 'AbortError';
  return error;
}
