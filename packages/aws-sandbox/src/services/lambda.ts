import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxServiceError } from '../errors.js';
import type { HandlerContext, OperationInput, ServiceDefinition } from '../types.js';
import type { MappingProgress } from './lambda/event-sources/mapping-progress.js';
import { invoke } from './lambda/invoke.js';
import {
  allEventSourceMappings,
  functionOrThrow,
  lambdaState,
  parseFunctionReference,
  type EventSourceMappingRecord,
  type FunctionRecord,
} from './lambda/model.js';

/** GetFunctionConfiguration's shape; LastModified as Lambda writes it (2024-01-01T12:00:00.000+0000). */
function configuration(fn: FunctionRecord) {
  return {
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    Runtime: fn.runtime,
    Role: fn.role,
    Handler: fn.handler,
    Description: fn.description ?? '',
    Timeout: fn.timeoutSeconds,
    MemorySize: fn.memoryMb,
    LastModified: fn.lastModified.replace('Z', '+0000'),
    CodeSha256: Buffer.from(fn.codeSha256, 'hex').toString('base64'),
    Version: '$LATEST',
    Environment: { Variables: fn.environment },
    ...(fn.deadLetterArn ? { DeadLetterConfig: { TargetArn: fn.deadLetterArn } } : {}),
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
  };
}

function getFunctionConfiguration(input: OperationInput, ctx: HandlerContext) {
  return configuration(functionOrThrow(ctx.state, ctx.caller.accountId, ctx.region, String(input.FunctionName ?? '')));
}

function getFunction(input: OperationInput, ctx: HandlerContext) {
  const fn = functionOrThrow(ctx.state, ctx.caller.accountId, ctx.region, String(input.FunctionName ?? ''));
  return {
    Configuration: configuration(fn),
    Code: { RepositoryType: 'S3' },
    ...(fn.reservedConcurrency === undefined
      ? {}
      : { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } }),
  };
}

function listFunctions(input: OperationInput, ctx: HandlerContext) {
  const functions = Object.values(lambdaState(ctx.state).functions[ctx.caller.accountId]?.[ctx.region] ?? {}).sort(
    (a, b) => a.name.localeCompare(b.name),
  );
  const start = Number(input.Marker ?? 0) || 0;
  const limit = Math.min(50, Math.max(1, Number(input.MaxItems ?? 50) || 50));
  return {
    Functions: functions.slice(start, start + limit).map(configuration),
    ...(start + limit < functions.length ? { NextMarker: String(start + limit) } : {}),
  };
}

/** A mapping as ListEventSourceMappings describes it, with the runner's last processing result. */
function mappingConfiguration(mapping: EventSourceMappingRecord, stateDir: string) {
  let progress: MappingProgress | undefined;
  try {
    progress = JSON.parse(
      readFileSync(join(stateDir, 'lambda', 'event-source-mappings', `${mapping.uuid}.json`), 'utf8'),
    ) as MappingProgress;
  } catch {
    progress = undefined;
  }
  return {
    UUID: mapping.uuid,
    ...(mapping.startingPosition ? { StartingPosition: mapping.startingPosition } : {}),
    BatchSize: mapping.batchSize,
    MaximumBatchingWindowInSeconds: mapping.maximumBatchingWindowSeconds,
    EventSourceArn: mapping.eventSourceArn,
    FunctionArn: mapping.functionArn,
    LastModified: new Date(mapping.lastModified),
    LastProcessingResult: progress?.lastProcessingResult ?? 'No records processed',
    State: mapping.enabled ? 'Enabled' : 'Disabled',
    StateTransitionReason: 'User action',
    ...(mapping.filters.length > 0
      ? { FilterCriteria: { Filters: mapping.filters.map((pattern) => ({ Pattern: pattern })) } }
      : {}),
    ...(mapping.onFailure ? { DestinationConfig: { OnFailure: { Destination: mapping.onFailure } } } : {}),
    ...(mapping.startingPosition
      ? {
          MaximumRecordAgeInSeconds: mapping.maximumRecordAgeSeconds,
          BisectBatchOnFunctionError: mapping.bisectBatchOnFunctionError,
          MaximumRetryAttempts: mapping.maximumRetryAttempts,
        }
      : {}),
    FunctionResponseTypes: mapping.functionResponseTypes,
  };
}

function listEventSourceMappings(input: OperationInput, ctx: HandlerContext) {
  const functionName =
    typeof input.FunctionName === 'string' ? parseFunctionReference(input.FunctionName).name : undefined;
  const mappings = allEventSourceMappings(ctx.state).filter(
    (mapping) =>
      mapping.accountId === ctx.caller.accountId &&
      mapping.region === ctx.region &&
      (functionName === undefined || parseFunctionReference(mapping.functionArn).name === functionName) &&
      (input.EventSourceArn === undefined || mapping.eventSourceArn === input.EventSourceArn),
  );
  return { EventSourceMappings: mappings.map((mapping) => mappingConfiguration(mapping, ctx.options.stateDir)) };
}

function getEventSourceMapping(input: OperationInput, ctx: HandlerContext) {
  const mapping = lambdaState(ctx.state).eventSourceMappings[String(input.UUID ?? '')];
  if (!mapping || mapping.accountId !== ctx.caller.accountId || mapping.region !== ctx.region)
    throw new SandboxServiceError(
      'ResourceNotFoundException',
      `The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: ${ctx.requestId})`,
      { status: 404, extra: { Type: 'User' } },
    );
  return mappingConfiguration(mapping, ctx.options.stateDir);
}

/**
 * AWS Lambda (restJson1): functions that CloudFormation created run for real (lambda/runtime/: worker
 * threads with the deployment package, the function's environment and its role's credentials); Invoke,
 * the reads awsarch uses, and the event source mappings' state. Functions are created by stacks only.
 */
export const lambdaService: ServiceDefinition = {
  name: 'lambda',
  signingName: 'lambda',
  iamPrefix: 'lambda',
  protocol: 'restJson1',
  sdkClient: '@aws-sdk/client-lambda',
  throttlingError: { code: 'TooManyRequestsException', status: 429, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDeniedException', status: 403 },
  knownErrors: {
    ServiceException: { status: 500, message: 'The AWS Lambda service encountered an internal error.' },
  },
  routes: [
    { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/invocations', operation: 'Invoke', rawPayload: true },
    {
      method: 'GET',
      path: '/2015-03-31/functions/{FunctionName}/configuration',
      operation: 'GetFunctionConfiguration',
    },
    { method: 'GET', path: '/2015-03-31/functions/{FunctionName}', operation: 'GetFunction' },
    { method: 'GET', path: '/2015-03-31/functions', operation: 'ListFunctions' },
    { method: 'GET', path: '/2015-03-31/event-source-mappings/{UUID}', operation: 'GetEventSourceMapping' },
    { method: 'GET', path: '/2015-03-31/event-source-mappings', operation: 'ListEventSourceMappings' },
  ],
  operations: {
    Invoke: invoke,
    GetFunction: getFunction,
    GetFunctionConfiguration: getFunctionConfiguration,
    ListFunctions: listFunctions,
    ListEventSourceMappings: listEventSourceMappings,
    GetEventSourceMapping: getEventSourceMapping,
  },
};
