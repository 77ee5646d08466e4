import { createHash, randomUUID } from 'node:crypto';
import { executionRoleRefusal } from '../../authorization/execution-role.js';
import type { ResourceRecord } from '../cloudformation/model.js';
import type { WorkloadMaterializeContext, WorkloadMaterializer } from '../cloudformation/materialize-workloads.js';
import { findBucket } from '../s3/model.js';
import {
  findFunction,
  functionArnOf,
  lambdaState,
  parseFunctionReference,
  putFunction,
  removeFunction,
  type EventSourceMappingRecord,
  type FunctionRecord,
  type StartingPosition,
} from './model.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const numberOr = (value: unknown, fallback: number): number =>
  value === undefined || value === null || value === '' || !Number.isFinite(Number(value)) ? fallback : Number(value);

/** The package's content address: an S3 object of the asset bucket, or the inline code's digest. */
function codeOf(properties: Record<string, unknown>, ctx: WorkloadMaterializeContext) {
  const code = (properties.Code ?? {}) as Record<string, unknown>;
  const inline = text(code.ZipFile);
  if (inline !== undefined)
    return { codeSha256: createHash('sha256').update(inline).digest('hex'), inlineCode: inline };
  const bucketName = text(code.S3Bucket);
  const key = text(code.S3Key);
  const object = bucketName && key ? findBucket(ctx.state, bucketName)?.objects[key] : undefined;
  if (!object)
    throw new Error(
      `Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist. (s3://${bucketName ?? '?'}/${key ?? '?'})`,
    );
  return { codeSha256: object.sha256 };
}

/** The function a property names (name or ARN) in the stack's account and region. */
function functionNamed(reference: unknown, ctx: WorkloadMaterializeContext): FunctionRecord | undefined {
  const parsed = parseFunctionReference(String(reference ?? ''));
  return findFunction(ctx.state, parsed.accountId ?? ctx.accountId, parsed.region ?? ctx.region, parsed.name);
}

/**
 * Lambda refuses a dead-letter queue or destination its execution role cannot send to (CreateFunction,
 * UpdateFunctionConfiguration, PutFunctionEventInvokeConfig: InvalidParameterValueException); CloudFormation
 * reports it as the resource handler's "Invalid request provided".
 */
async function requireRoleCanSend(ctx: WorkloadMaterializeContext, fn: FunctionRecordRole, targets: string[]) {
  for (const target of targets) {
    const refusal = await executionRoleRefusal(ctx.state, fn, target);
    if (refusal)
      throw new Error(
        `Invalid request provided: ${refusal} (Service: Lambda, Status Code: 400, Request ID: ${randomUUID()})`,
      );
  }
}

type FunctionRecordRole = Pick<FunctionRecord, 'accountId' | 'name' | 'role'>;

const functionMaterializer: WorkloadMaterializer = {
  async apply(resource, ctx) {
    const properties = resource.properties;
    const deadLetterArn = text((properties.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn);
    const role = String(properties.Role ?? '');
    await requireRoleCanSend(ctx, { accountId: ctx.accountId, name: resource.physicalId, role }, [
      ...(deadLetterArn ? [deadLetterArn] : []),
    ]);
    const environment = ((properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
      {}) as Record<string, unknown>;
    const reserved = properties.ReservedConcurrentExecutions;
    putFunction(ctx.state, {
      name: resource.physicalId,
      arn: functionArnOf(ctx.region, ctx.accountId, resource.physicalId),
      accountId: ctx.accountId,
      region: ctx.region,
      role,
      handler: text(properties.Handler) ?? 'index.handler',
      runtime: text(properties.Runtime) ?? 'nodejs22.x',
      timeoutSeconds: numberOr(properties.Timeout, 3),
      memoryMb: numberOr(properties.MemorySize, 128),
      ...(reserved === undefined || reserved === null ? {} : { reservedConcurrency: Number(reserved) }),
      environment: Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value)])),
      ...codeOf(properties, ctx),
      lastModified: new Date(ctx.now).toISOString(),
      ...(text(properties.Description) ? { description: text(properties.Description) } : {}),
      ...(deadLetterArn ? { deadLetterArn } : {}),
      permissions: [],
    });
  },
  remove(resource, ctx) {
    removeFunction(ctx.state, ctx.accountId, ctx.region, resource.physicalId);
  },
};

const permissionMaterializer: WorkloadMaterializer = {
  apply(resource, ctx) {
    const fn = functionNamed(resource.properties.FunctionName, ctx);
    if (!fn) throw new Error(`Function not found: ${String(resource.properties.FunctionName)}`);
    const statement = {
      sid: resource.physicalId,
      principal: String(resource.properties.Principal ?? ''),
      action: String(resource.properties.Action ?? 'lambda:InvokeFunction'),
      ...(text(resource.properties.SourceArn) ? { sourceArn: text(resource.properties.SourceArn) } : {}),
      ...(text(resource.properties.SourceAccount) ? { sourceAccount: text(resource.properties.SourceAccount) } : {}),
    };
    fn.permissions = [...fn.permissions.filter((existing) => existing.sid !== statement.sid), statement];
  },
  remove(resource, ctx) {
    const fn = functionNamed(resource.properties.FunctionName, ctx);
    if (fn) fn.permissions = fn.permissions.filter((statement) => statement.sid !== resource.physicalId);
  },
};

const invokeConfigMaterializer: WorkloadMaterializer = {
  async apply(resource, ctx) {
    const properties = resource.properties;
    const fn = functionNamed(properties.FunctionName, ctx);
    if (!fn) throw new Error(`The function ${String(properties.FunctionName)} doesn't exist.`);
    const destinations = (properties.DestinationConfig ?? {}) as Record<string, { Destination?: unknown } | undefined>;
    const onFailure = text(destinations.OnFailure?.Destination);
    const onSuccess = text(destinations.OnSuccess?.Destination);
    await requireRoleCanSend(
      ctx,
      fn,
      [onFailure, onSuccess].filter((arn): arn is string => arn !== undefined),
    );
    fn.invokeConfig = {
      maximumRetryAttempts: numberOr(properties.MaximumRetryAttempts, 2),
      maximumEventAgeSeconds: numberOr(properties.MaximumEventAgeInSeconds, 21_600),
      ...(onFailure ? { onFailure } : {}),
      ...(onSuccess ? { onSuccess } : {}),
    };
  },
  remove(resource, ctx) {
    const fn = functionNamed(resource.properties.FunctionName, ctx);
    if (fn) delete fn.invokeConfig;
  },
};

/** Lambda's defaults per source: streams (DynamoDB, Kinesis) retry until the record expires; SQS batches of 10. */
function mappingOf(resource: ResourceRecord, ctx: WorkloadMaterializeContext, fn: FunctionRecord) {
  const properties = resource.properties;
  const source = String(properties.EventSourceArn ?? '');
  const isQueue = source.startsWith('arn:aws:sqs:');
  const filters = ((properties.FilterCriteria as { Filters?: Array<{ Pattern?: unknown }> } | undefined)?.Filters ?? [])
    .map((filter) => text(filter.Pattern))
    .filter((pattern): pattern is string => pattern !== undefined);
  const onFailure = text(
    (properties.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)?.OnFailure?.Destination,
  );
  const mapping: EventSourceMappingRecord = {
    uuid: resource.physicalId,
    accountId: ctx.accountId,
    region: ctx.region,
    functionArn: fn.arn,
    eventSourceArn: source,
    batchSize: numberOr(properties.BatchSize, isQueue ? 10 : 100),
    maximumBatchingWindowSeconds: numberOr(properties.MaximumBatchingWindowInSeconds, 0),
    ...(isQueue ? {} : { startingPosition: (text(properties.StartingPosition) ?? 'LATEST') as StartingPosition }),
    bisectBatchOnFunctionError: properties.BisectBatchOnFunctionError === true,
    maximumRetryAttempts: numberOr(properties.MaximumRetryAttempts, -1),
    maximumRecordAgeSeconds: numberOr(properties.MaximumRecordAgeInSeconds, -1),
    functionResponseTypes: Array.isArray(properties.FunctionResponseTypes)
      ? properties.FunctionResponseTypes.map(String)
      : [],
    filters,
    ...(onFailure ? { onFailure } : {}),
    enabled: properties.Enabled !== false && properties.Enabled !== 'false',
    lastModified: ctx.now,
  };
  return mapping;
}

const eventSourceMappingMaterializer: WorkloadMaterializer = {
  apply(resource, ctx) {
    const fn = functionNamed(resource.properties.FunctionName, ctx);
    if (!fn) throw new Error(`Function does not exist: ${String(resource.properties.FunctionName)}`);
    const mapping = mappingOf(resource, ctx, fn);
    if (!/^arn:aws[a-z-]*:(dynamodb|sqs):/.test(mapping.eventSourceArn))
      throw new Error(`The awsarch sandbox polls only DynamoDB streams and SQS queues, not ${mapping.eventSourceArn}`);
    lambdaState(ctx.state).eventSourceMappings[mapping.uuid] = mapping;
  },
  remove(resource, ctx) {
    delete lambdaState(ctx.state).eventSourceMappings[resource.physicalId];
  },
};

/** Lambda's resource types made real in the sandbox: functions run, mappings are polled, permissions are checked. */
export const LAMBDA_MATERIALIZERS: Readonly<Record<string, WorkloadMaterializer>> = {
  'AWS::Lambda::Function': functionMaterializer,
  'AWS::Lambda::Permission': permissionMaterializer,
  'AWS::Lambda::EventInvokeConfig': invokeConfigMaterializer,
  'AWS::Lambda::EventSourceMapping': eventSourceMappingMaterializer,
};
