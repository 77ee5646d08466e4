import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { authorize } from './authorization.js';
import { resolveCaller } from './callers.js';
import { DeferredResponse } from './deferred-response.js';
import { SandboxServiceError } from './errors.js';
import { ConformanceRecorder } from './conformance/recorder.js';
import { decideFault, type FaultDecision } from './faults.js';
import { protocolFor } from './protocols/index.js';
import { serviceForSigningName, serviceForUnsignedRequest } from './service-lookup.js';
import type { ServerResources } from './server-resources.js';
import { isAwsRegion } from './regions.js';
import { readSigV4Scope, type SigV4Scope } from './signature.js';
import { NEEDS_WRITE, type StateStore, type StateTransaction } from './state.js';
import type {
  Caller,
  ErrorTemplate,
  HandlerContext,
  OperationInput,
  Protocol,
  ProtocolRequest,
  ProtocolResponse,
  ResolvedSandboxOptions,
  SandboxCall,
  ServiceDefinition,
} from './types.js';

export interface DispatchEnvironment {
  readonly services: readonly ServiceDefinition[];
  readonly store: StateStore;
  readonly options: ResolvedSandboxOptions;
  /** Source of randomness for fault injection. */
  readonly random: () => number;
  readonly resources: ServerResources;
  /** This server's URL. */
  readonly endpoint: string;
  record(call: SandboxCall): void;
}

/**
 * Answers one AWS API request: the signing name picks the service, the access key the caller;
 * then faults, the authorization hook and the operation run in one state transaction.
 */
export async function dispatchRequest(env: DispatchEnvironment, request: ProtocolRequest): Promise<ProtocolResponse> {
  const answered = await answerRequest(env, request);
  if (answered.service && env.options.conformanceLog) {
    await ConformanceRecorder.for(env.options.conformanceLog).record(
      answered.service,
      answered.operation,
      answered.response,
    );
  }
  return answered.response;
}

interface AnsweredRequest {
  readonly service: ServiceDefinition | undefined;
  readonly operation: string | undefined;
  readonly response: ProtocolResponse;
}

async function answerRequest(env: DispatchEnvironment, request: ProtocolRequest): Promise<AnsweredRequest> {
  const requestId = randomUUID();
  const scope = readSigV4Scope(request.headers, request.query);
  const service = scope
    ? serviceForSigningName(env.services, scope.service)
    : serviceForUnsignedRequest(env.services, request);
  if (!service) return { service, operation: undefined, response: unknownServiceResponse(scope?.service, requestId) };
  const protocol = protocolFor(service.protocol);
  const call: SandboxCall = { service: service.name, operation: 'Unknown', accountId: '' };
  try {
    const { operation, input } = protocol.decode(service, request);
    if (operation !== undefined) call.operation = operation;
    if (!scope) throw errorFrom(protocol.authErrors.missingToken);
    if (!isAwsRegion(scope.region)) {
      const template = protocol.authErrors.invalidRegion;
      throw errorFrom({ ...template, message: template.message.replace('{region}', scope.region) });
    }
    if (env.options.faults.latencyMs > 0) await delay(env.options.faults.latencyMs);
    const job: OperationJob = { service, protocol, request, scope, operation, input, requestId, call };
    const output = await runInTransaction(env, job);
    if (output instanceof DeferredResponse) {
      const reply = await output.respond();
      if (reply.status >= 400) call.errorCode = reply.headers['x-amzn-errortype'] ?? `HTTP ${reply.status}`;
      return { service, operation, response: reply };
    }
    return { service, operation, response: protocol.encodeOutput(service, call.operation, output, requestId) };
  } catch (error) {
    const serviceError = error instanceof SandboxServiceError ? error : internalFailure(error);
    call.errorCode = serviceError.code;
    const operation = call.operation === 'Unknown' ? undefined : call.operation;
    return { service, operation, response: protocol.encodeError(service, serviceError, requestId) };
  } finally {
    env.record(call);
  }
}

interface OperationJob {
  readonly service: ServiceDefinition;
  readonly protocol: Protocol;
  readonly request: ProtocolRequest;
  readonly scope: SigV4Scope;
  readonly operation: string | undefined;
  readonly input: OperationInput;
  readonly requestId: string;
  /** Filled in with the caller's account as soon as it is known. */
  readonly call: SandboxCall;
  /**
   * The injected fault for this request, decided once: a read that runs again as a write is still one
   * request, throttled (or failed) at the configured ratio, not once per pass.
   */
  fault?: { readonly decision: FaultDecision };
}

/**
 * Describe*, List* and Get* operations first run as reads (no lock, no waiting for other processes' writes);
 * one that turns out to change something - a due transition, a slice created, ctx.changed() - runs again as
 * a write. Every other operation runs as a write. A write stores exactly what the handler changed.
 */
async function runInTransaction(env: DispatchEnvironment, job: OperationJob): Promise<unknown> {
  if (job.operation !== undefined && isReadOnlyOperation(job.operation)) {
    const output = await env.store.read((tx) => runOperation(env, tx, job));
    if (output !== NEEDS_WRITE) return output;
  }
  return env.store.transact((tx) => runOperation(env, tx, job));
}

/** The part of a request that needs the state: settle, caller, faults, authorization, the handler. */
async function runOperation(env: DispatchEnvironment, tx: StateTransaction, job: OperationJob): Promise<unknown> {
  const { service, protocol, scope, operation, input } = job;
  await settleServices(env, tx);
  const caller = callerOrThrow(protocol, tx, scope, env.options.now());
  job.call.accountId = caller.accountId;
  const handler = operation === undefined ? undefined : service.operations[operation];
  if (operation === undefined || handler === undefined)
    throw errorFrom(protocol.unknownOperation(service, job.request, operation));
  job.fault ??= { decision: decideFault(env.options.faults, operation, env.random) };
  throwInjectedFault(service, job.fault.decision);
  service.validators?.[operation]?.(input);
  const action = `${service.iamPrefix}:${operation}`;
  const decision = await authorize({
    caller,
    action,
    service,
    operation,
    input,
    region: scope.region,
    state: tx.state,
  });
  if (!decision.allowed) {
    throw new SandboxServiceError(service.accessDeniedError.code, decision.message, {
      status: service.accessDeniedError.status,
    });
  }
  const ctx: HandlerContext = {
    caller,
    region: scope.region,
    state: tx.state,
    options: env.options,
    requestId: job.requestId,
    now: env.options.now,
    changed: () => tx.requireWrite(),
    resources: env.resources,
    request: job.request,
    endpoint: env.endpoint,
  };
  return handler(input, ctx);
}

/** Describe*, List* and Get* operations do not change state unless they say so with ctx.changed(). */
function isReadOnlyOperation(operation: string): boolean {
  return /^(Describe|List|Get)[A-Z]/.test(operation);
}

/** Applies due time-driven transitions now, without a request (the background runner's tick). */
export function settleState(env: DispatchEnvironment): Promise<void> {
  return env.store.transact((tx) => settleServices(env, tx));
}

async function settleServices(env: DispatchEnvironment, tx: StateTransaction): Promise<void> {
  let changed = false;
  for (const service of env.services) {
    if (
      await service.settle?.({ state: tx.state, options: env.options, now: env.options.now, resources: env.resources })
    )
      changed = true;
  }
  // Written before the operation runs, so a failing operation cannot take the transitions with it.
  if (changed) await tx.persist();
}

function callerOrThrow(protocol: Protocol, tx: StateTransaction, scope: SigV4Scope, now: number): Caller {
  const resolution = resolveCaller(tx.state, scope, now);
  if (resolution.kind === 'invalid-token') throw errorFrom(protocol.authErrors.invalidToken);
  if (resolution.kind === 'expired-token') throw errorFrom(protocol.authErrors.expiredToken);
  return resolution.caller;
}

function throwInjectedFault(service: ServiceDefinition, fault: FaultDecision): void {
  if (fault?.kind === 'throttle') throw errorFrom(service.throttlingError);
  if (fault?.kind === 'error') {
    const known = service.knownErrors?.[fault.code];
    throw new SandboxServiceError(
      fault.code,
      known?.message ?? `Injected by the awsarch sandbox (AWSARCH_SANDBOX_FAULTS): ${fault.code}`,
      {
        status:
          known?.status ??
          (fault.code === service.accessDeniedError.code ? service.accessDeniedError.status : undefined) ??
          guessErrorStatus(fault.code),
      },
    );
  }
}

function guessErrorStatus(code: string): number {
  if (/ServiceUnavailable/.test(code)) return 503;
  if (/Internal|ServiceException|ServerException/.test(code)) return 500;
  return 400;
}

function errorFrom(template: ErrorTemplate): SandboxServiceError {
  return new SandboxServiceError(template.code, template.message, { status: template.status });
}

/** A bug in the sandbox, reported to the client rather than printed (the sandbox never prints). */
function internalFailure(error: unknown): SandboxServiceError {
  const detail = error instanceof Error ? error.message : String(error);
  return new SandboxServiceError('InternalFailure', `The awsarch sandbox failed to process the request: ${detail}`, {
    status: 500,
  });
}

function unknownServiceResponse(signingName: string | undefined, requestId: string): ProtocolResponse {
  const message = signingName
    ? `The awsarch sandbox does not implement the AWS service with signing name '${signingName}'.`
    : 'The request carries no AWS Signature Version 4 credentials and matches no service of the awsarch sandbox.';
  const code = signingName ? 'UnknownServiceException' : 'MissingAuthenticationTokenException';
  return {
    status: signingName ? 400 : 403,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': code },
    body: JSON.stringify({ __type: code, message }),
  };
}
