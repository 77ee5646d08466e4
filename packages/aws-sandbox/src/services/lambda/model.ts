import { SandboxServiceError } from '../../errors.js';
import { serviceState, type SandboxState } from '../../state.js';

/** A statement of a function's resource-based policy (AddPermission, CloudFormation's AWS::Lambda::Permission). */
export interface PermissionStatement {
  sid: string;
  /** An AWS service principal (events.amazonaws.com), an account id, an ARN or '*'. */
  principal: string;
  action: string;
  sourceArn?: string;
  sourceAccount?: string;
}

/** Asynchronous invocation settings (PutFunctionEventInvokeConfig, AWS::Lambda::EventInvokeConfig). */
export interface InvokeConfig {
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  onFailure?: string;
  onSuccess?: string;
}

/** A function as configured; its code lives in S3 (the stack's asset bucket) and is unpacked when it runs. */
export interface FunctionRecord {
  name: string;
  arn: string;
  accountId: string;
  region: string;
  /** The execution role's ARN. */
  role: string;
  /** module.export, e.g. index.handler */
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** Reserved concurrency; undefined means the account's unreserved pool. */
  reservedConcurrency?: number;
  environment: Record<string, string>;
  /** SHA-256 (hex) of the deployment package in stateDir/s3-objects, or of the inline code. */
  codeSha256: string;
  /** Inline code (CloudFormation Code.ZipFile), written as the handler module. */
  inlineCode?: string;
  lastModified: string;
  description?: string;
  deadLetterArn?: string;
  permissions: PermissionStatement[];
  invokeConfig?: InvokeConfig;
  /** `awsarch sandbox fault function-errors`: the share of invocations that fail before the handler runs. */
  injectedErrorRate?: number;
}

export type StartingPosition = 'TRIM_HORIZON' | 'LATEST';

/** An event source mapping: Lambda polls a stream or a queue and invokes the function with batches. */
export interface EventSourceMappingRecord {
  uuid: string;
  accountId: string;
  region: string;
  functionArn: string;
  eventSourceArn: string;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  startingPosition?: StartingPosition;
  bisectBatchOnFunctionError: boolean;
  /** -1: until the record expires. */
  maximumRetryAttempts: number;
  /** -1: until the record expires. */
  maximumRecordAgeSeconds: number;
  functionResponseTypes: string[];
  /** FilterCriteria patterns (JSON text each). */
  filters: string[];
  onFailure?: string;
  enabled: boolean;
  lastModified: number;
}

/** Lambda's slice: state.services.lambda. Configuration only; what runs (workers, queues) is kept elsewhere. */
export interface LambdaState {
  /** By account, region and function name. */
  functions: Record<string, Record<string, Record<string, FunctionRecord>>>;
  /** By UUID. */
  eventSourceMappings: Record<string, EventSourceMappingRecord>;
}

export function lambdaState(state: SandboxState): LambdaState {
  return serviceState<LambdaState>(state, 'lambda', () => ({ functions: {}, eventSourceMappings: {} }));
}

export const functionArnOf = (region: string, accountId: string, name: string): string =>
  `arn:aws:lambda:${region}:${accountId}:function:${name}`;

/** A function name from a name, a partial ARN (ACCOUNT:function:NAME) or a full ARN, with its account and region if the ARN names them. */
export function parseFunctionReference(reference: string): { name: string; accountId?: string; region?: string } {
  const full = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::[$\w-]+)?$/.exec(reference);
  if (full) return { region: full[1], accountId: full[2], name: full[3] as string };
  const partial = /^(\d{12}):function:([A-Za-z0-9_-]+)$/.exec(reference);
  if (partial) return { accountId: partial[1], name: partial[2] as string };
  return { name: reference.replace(/:\$LATEST$/, '') };
}

export function findFunction(
  state: SandboxState,
  accountId: string,
  region: string,
  name: string,
): FunctionRecord | undefined {
  const slice = state.services.lambda as LambdaState | undefined;
  return slice?.functions[accountId]?.[region]?.[name];
}

/** The function an ARN names, in any account. */
export function functionByArn(state: SandboxState, arn: string): FunctionRecord | undefined {
  const reference = parseFunctionReference(arn);
  if (!reference.accountId || !reference.region) return undefined;
  return findFunction(state, reference.accountId, reference.region, reference.name);
}

/** The function a caller names (name or ARN) in its own account and region, or ResourceNotFoundException. */
export function functionOrThrow(state: SandboxState, accountId: string, region: string, reference: string) {
  const parsed = parseFunctionReference(reference);
  const found =
    (parsed.accountId ?? accountId) === accountId && (parsed.region ?? region) === region
      ? findFunction(state, accountId, region, parsed.name)
      : undefined;
  if (!found)
    throw new SandboxServiceError(
      'ResourceNotFoundException',
      `Function not found: ${functionArnOf(region, accountId, parsed.name)}`,
      { status: 404, extra: { Type: 'User' } },
    );
  return found;
}

export function putFunction(state: SandboxState, record: FunctionRecord): void {
  const regions = (lambdaState(state).functions[record.accountId] ??= {});
  const previous = regions[record.region]?.[record.name];
  (regions[record.region] ??= {})[record.name] = {
    ...record,
    // Permissions and invoke configuration are resources of their own; a code update keeps them.
    permissions: previous?.permissions ?? record.permissions,
    invokeConfig: previous?.invokeConfig ?? record.invokeConfig,
    ...(previous?.injectedErrorRate ? { injectedErrorRate: previous.injectedErrorRate } : {}),
  };
}

export function removeFunction(state: SandboxState, accountId: string, region: string, name: string): void {
  const slice = lambdaState(state);
  delete slice.functions[accountId]?.[region]?.[name];
  const arn = functionArnOf(region, accountId, name);
  for (const [uuid, mapping] of Object.entries(slice.eventSourceMappings))
    if (mapping.functionArn === arn) delete slice.eventSourceMappings[uuid];
}

/** Every function of every account, for the runtime's pollers and schedules. */
export function allFunctions(state: SandboxState): FunctionRecord[] {
  const slice = state.services.lambda as LambdaState | undefined;
  return Object.values(slice?.functions ?? {}).flatMap((regions) =>
    Object.values(regions).flatMap((functions) => Object.values(functions)),
  );
}

export function allEventSourceMappings(state: SandboxState): EventSourceMappingRecord[] {
  const slice = state.services.lambda as LambdaState | undefined;
  return Object.values(slice?.eventSourceMappings ?? {});
}
