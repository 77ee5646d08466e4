import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { decideFault } from '../../../faults.js';
import type { ServerResource, ServerResources } from '../../../server-resources.js';
import type { StateStore } from '../../../state.js';
import type { StsSession } from '../../sts/sessions.js';
import type { ResolvedSandboxOptions } from '../../../types.js';
import type { FunctionRecord } from '../model.js';
import { CodeStore } from './code-store.js';
import type { EnvironmentSpec } from './execution-environment.js';
import {
  ExecutionRoleError,
  FUNCTION_SESSION_MS,
  issueFunctionSession,
  type FunctionCredentials,
} from './execution-role.js';
import { FunctionLogs } from './function-logs.js';
import { FunctionPool } from './function-pool.js';
import type { InvocationOutcome } from './invocation.js';

/** AWSARCH_SANDBOX_FAULTS=LambdaHandler=<ErrorType>@<probability> fails invocations before the handler runs. */
export const HANDLER_FAULT = 'LambdaHandler';
const RUNTIME_KEY = 'lambda-runtime';
/** A pool whose credentials have less than this left is replaced by a fresh one. */
const RENEW_BEFORE_MS = 10 * 60_000;

export interface InvokeRequest {
  readonly fn: FunctionRecord;
  readonly event: unknown;
  readonly requestId?: string;
  /** Synchronous callers are throttled at the function's reserved concurrency; the others wait for capacity. */
  readonly synchronous: boolean;
}

interface PoolEntry {
  readonly pool: FunctionPool;
  readonly session: StsSession;
}

/**
 * Runs functions in this sandbox process: the deployment package unpacked once, execution environments
 * (worker threads) per function configuration with the function's environment, its role's credentials and
 * AWS_ENDPOINT_URL pointing back at this sandbox, so everything the code calls is authorized as the role.
 * Nothing here is persisted: environments and in-flight invocations live and die with the process.
 */
export class LambdaRuntime implements ServerResource {
  private readonly pools = new Map<string, PoolEntry>();
  private readonly creating = new Map<string, Promise<PoolEntry>>();
  private readonly code: CodeStore;
  private readonly logs: FunctionLogs;
  private readonly reaper: NodeJS.Timeout;
  private inFlight = 0;
  private closing = false;

  constructor(
    private readonly store: StateStore,
    private readonly options: ResolvedSandboxOptions,
    private readonly endpoint: string,
    private readonly random: () => number = Math.random,
  ) {
    this.code = new CodeStore(options.stateDir);
    this.logs = new FunctionLogs(options.stateDir);
    this.reaper = setInterval(() => this.reap(), Math.max(250, Math.min(5000, options.lambdaIdleMs / 2)));
    this.reaper.unref();
  }

  /** The runtime of a sandbox server (registered at launch). */
  static of(resources: ServerResources): LambdaRuntime {
    return resources.use<LambdaRuntime>(RUNTIME_KEY, () => {
      throw new Error('the sandbox server has no Lambda runtime');
    });
  }

  static register(resources: ServerResources, runtime: LambdaRuntime): void {
    resources.use(RUNTIME_KEY, () => runtime);
  }

  /** Invocations running or waiting in this process. */
  get activeInvocations(): number {
    return this.inFlight;
  }

  logPath(fn: FunctionRecord): string {
    return this.logs.pathOf(fn.accountId, fn.region, fn.name);
  }

  /** Runs the function once with an event; never rejects (failures are outcomes). */
  async invoke(request: InvokeRequest): Promise<InvocationOutcome> {
    if (this.closing) return { kind: 'throttled', reason: 'the sandbox is shutting down' };
    this.inFlight += 1;
    try {
      const requestId = request.requestId ?? randomUUID();
      const fn = request.fn;
      if (fn.reservedConcurrency === 0)
        return { kind: 'throttled', reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' };
      const fault = decideFault(this.options.faults, HANDLER_FAULT, this.random);
      if (fault?.kind === 'error') return injectedFailure(fault.code, 'AWSARCH_SANDBOX_FAULTS');
      if (fn.injectedErrorRate && this.random() < fn.injectedErrorRate)
        return injectedFailure('InjectedFunctionError', 'awsarch sandbox fault function-errors');
      let entry: PoolEntry;
      try {
        entry = await this.poolFor(fn);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const errorType = error instanceof ExecutionRoleError ? error.name : 'Runtime.ImportModuleError';
        return { kind: 'failed', phase: 'init', durationMs: 0, error: { errorType, errorMessage: message, trace: [] } };
      }
      if (request.synchronous && entry.pool.atReservedLimit())
        return { kind: 'throttled', reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' };
      return await entry.pool.run(request.event, requestId);
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Waits (up to timeoutMs) for running invocations to end, then ends every environment. */
  async close(timeoutMs = 5000): Promise<void> {
    this.closing = true;
    clearInterval(this.reaper);
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const entries = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(entries.map(({ pool }) => pool.terminate()));
    await this.logs.close();
  }

  private async poolFor(fn: FunctionRecord): Promise<PoolEntry> {
    const key = configurationKey(fn);
    const existing = this.pools.get(key);
    if (existing && existing.session.expiresAt - Date.now() > RENEW_BEFORE_MS) return existing;
    const creating = this.creating.get(key);
    if (creating) return creating;
    const created = this.createPool(fn, key).finally(() => this.creating.delete(key));
    this.creating.set(key, created);
    return created;
  }

  private async createPool(fn: FunctionRecord, key: string): Promise<PoolEntry> {
    const codeDir = await this.code.directoryFor({ sha256: fn.codeSha256, inlineCode: fn.inlineCode });
    const credentials = await this.store.transact(async (tx) => {
      const issued = issueFunctionSession(tx.state, fn, this.options.now());
      await tx.persist();
      return issued;
    });
    const spec: EnvironmentSpec = {
      codeDir,
      handler: fn.handler,
      functionName: fn.name,
      functionArn: fn.arn,
      memoryMb: fn.memoryMb,
      timeoutMs: fn.timeoutSeconds * 1000,
      logGroup: `/aws/lambda/${fn.name}`,
      logStream: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomUUID().replace(/-/g, '')}`,
      env: environmentOf(fn, credentials, codeDir, this.endpoint),
    };
    const pool = new FunctionPool(
      spec,
      {
        environments: this.options.lambdaConcurrency,
        reserved: fn.reservedConcurrency,
        idleMs: this.options.lambdaIdleMs,
        maxAgeMs: FUNCTION_SESSION_MS - RENEW_BEFORE_MS,
      },
      this.logs.sink(fn.accountId, fn.region, fn.name),
    );
    // Older configurations of the same function drain and end (a deploy changed the code or settings).
    for (const [otherKey, other] of this.pools) {
      if (other.pool.spec.functionArn === fn.arn && otherKey !== key) {
        this.pools.delete(otherKey);
        void other.pool.close();
      }
    }
    const previous = this.pools.get(key);
    if (previous) void previous.pool.close();
    const entry = { pool, session: credentials.session };
    this.pools.set(key, entry);
    return entry;
  }

  private reap(): void {
    const now = Date.now();
    for (const [key, { pool }] of this.pools) if (pool.reap(now)) this.pools.delete(key);
  }
}

function injectedFailure(errorType: string, source: string): InvocationOutcome {
  return {
    kind: 'failed',
    phase: 'injected',
    durationMs: 0,
    error: { errorType, errorMessage: `Injected by the awsarch sandbox (${source}): ${errorType}`, trace: [] },
  };
}

/** What makes an environment reusable: same code, handler, settings, role and variables. */
function configurationKey(fn: FunctionRecord): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([fn.handler, fn.runtime, fn.role, fn.timeoutSeconds, fn.memoryMb, fn.environment, fn.inlineCode]),
    )
    .digest('hex')
    .slice(0, 16);
  return `${fn.arn}|${fn.codeSha256}|${digest}`;
}

/** The function's variables plus the runtime's own (reserved names win, as Lambda does not let functions set them). */
function environmentOf(fn: FunctionRecord, credentials: FunctionCredentials, codeDir: string, endpoint: string) {
  return {
    ...fn.environment,
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    LAMBDA_TASK_ROOT: codeDir,
    _HANDLER: fn.handler,
    AWS_ACCESS_KEY_ID: credentials.session.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    // The sandbox's own addition: the SDK in the function sends its calls back to this sandbox.
    AWS_ENDPOINT_URL: endpoint,
    // Keep the developer's ~/.aws files out of the function, as on Lambda.
    AWS_CONFIG_FILE: join(codeDir, '.no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(codeDir, '.no-aws-credentials'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
