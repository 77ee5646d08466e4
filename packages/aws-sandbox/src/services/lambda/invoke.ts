import { randomUUID } from 'node:crypto';
import { AsyncJournal } from '../../background/async-journal.js';
import { DeferredResponse } from '../../deferred-response.js';
import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationInput, ProtocolResponse } from '../../types.js';
import { functionOrThrow } from './model.js';
import { LambdaRuntime } from './runtime/lambda-runtime.js';
import { cloneState } from '../../state.js';

/** Payload quotas: 6 MB for synchronous calls, 256 KB for asynchronous ones. */
const SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
const ASYNC_PAYLOAD_BYTES = 256 * 1024;
const INVOCATION_TYPES = new Set(['RequestResponse', 'Event', 'DryRun']);

/**
 * Invoke (POST /2015-03-31/functions/NAME/invocations): RequestResponse runs the function now and answers
 * with its result (X-Amz-Function-Error: Unhandled when it failed; 429 when its reserved concurrency is in
 * use); Event queues it for the background runner (202), with Lambda's asynchronous retries and
 * destinations; DryRun checks the call only (204). The payload is any JSON value.
 */
export function invoke(input: OperationInput, ctx: HandlerContext): DeferredResponse {
  const fn = cloneState(functionOrThrow(ctx.state, ctx.caller.accountId, ctx.region, String(input.FunctionName ?? '')));
  const header = (name: string) => {
    const value = ctx.request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const type = header('x-amz-invocation-type') ?? 'RequestResponse';
  if (!INVOCATION_TYPES.has(type))
    throw new SandboxServiceError(
      'InvalidParameterValueException',
      `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
    );
  const text = ctx.request.body.toString('utf8');
  const limit = type === 'Event' ? ASYNC_PAYLOAD_BYTES : SYNC_PAYLOAD_BYTES;
  if (ctx.request.body.length > limit)
    throw new SandboxServiceError(
      'RequestTooLargeException',
      `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
      { status: 413, extra: { Type: 'User' } },
    );
  let event: unknown = {};
  try {
    if (text.trim() !== '') event = JSON.parse(text);
  } catch (error) {
    throw new SandboxServiceError(
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
      { status: 400, extra: { Type: 'User' } },
    );
  }
  const requestId = randomUUID();
  if (type === 'DryRun') return new DeferredResponse(async () => raw(204, requestId, ''));
  if (type === 'Event') {
    AsyncJournal.of(ctx.resources, ctx.options.stateDir).append({
      t: 'put',
      id: requestId,
      functionArn: fn.arn,
      payload: JSON.stringify(event),
      receivedAt: ctx.now(),
      source: 'invoke',
    });
    return new DeferredResponse(async () => raw(202, requestId, ''));
  }
  const runtime = LambdaRuntime.of(ctx.resources);
  return new DeferredResponse(async () => {
    const outcome = await runtime.invoke({ fn, event, requestId, synchronous: true });
    if (outcome.kind === 'throttled') {
      return {
        ...raw(429, requestId, JSON.stringify({ message: 'Rate Exceeded.', Reason: outcome.reason, Type: 'User' })),
        headers: {
          'content-type': 'application/json',
          'x-amzn-requestid': requestId,
          'x-amzn-errortype': 'TooManyRequestsException',
        },
      };
    }
    if (outcome.kind === 'failed') {
      const response = raw(200, requestId, JSON.stringify(outcome.error));
      return { ...response, headers: { ...response.headers, 'x-amz-function-error': 'Unhandled' } };
    }
    return raw(200, requestId, outcome.payload);
  });
}

function raw(status: number, requestId: string, body: string): ProtocolResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      ...(status === 200 ? { 'x-amz-executed-version': '$LATEST' } : {}),
    },
    body,
  };
}
