import { setMaxListeners } from 'node:events';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { STSClient } from '@aws-sdk/client-sts';
import { systemClock, type Clock } from '../core/clock.js';
import { assumedRoleProvider, memberRoleArn } from './assume-role.js';
import { CallCounter, type CallCounts } from './call-counter.js';
import type { AwsCredentials, CredentialsProvider } from './credentials.js';
import {
  explainRequestFailure,
  rawExchangeMiddleware,
  requestHandlerTimeouts,
  untilAborted,
} from './request-safety.js';
import { DEFAULT_MAX_CONCURRENCY } from './scheduler/call-policy.js';
import { CallScheduler } from './scheduler/call-scheduler.js';
import { DEFAULT_ATTEMPT_LIMITS, ScheduledRetryStrategy, type AttemptLimits } from './scheduler/retry-strategy.js';
import { scheduledAttempts } from './scheduler/sdk-middleware.js';

/** What every SDK v3 client has that the factory uses. */
export interface SdkClient {
  middlewareStack: {
    add(middleware: unknown, options: Record<string, unknown>): void;
    addRelativeTo(
      middleware: unknown,
      options: { relation: 'before' | 'after'; toMiddleware: string; name?: string; override?: boolean },
    ): void;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(command: any, options?: any): Promise<any>;
  destroy(): void;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SdkClientClass<C extends SdkClient> = new (config: any) => C;

export interface AwsTarget {
  region: string;
  profile?: string;
  /** A custom endpoint (the sandbox, LocalStack, a VPC endpoint); all services use it. */
  endpoint?: string;
  /** Fixed credentials (the sandbox) or a provider; otherwise the SDK's default chain, with `profile` if given. */
  credentials?: AwsCredentials | CredentialsProvider;
  /** The role assumed in member accounts. */
  accessRole: string;
  userAgent: string;
  /** Attempts per call, the first included (default: 10 when throttled, 6 after other transient errors). */
  maxAttempts?: number;
  /** Connection and response timeout of each attempt; a timed-out attempt is retried as the SDK retries. */
  requestTimeoutMs?: number;
  /** Aborted on Ctrl-C: every call in flight ends at once (cleanup calls pass AFTER_INTERRUPT). */
  signal?: AbortSignal;
  /** AWS calls in flight at once, over every service, account and Region (--max-concurrency). */
  maxConcurrency?: number;
  /** Time for the scheduler's waits (tests pass a fake clock). */
  clock?: Clock;
  /** Extra configuration for every client (tests pass a retry strategy with short waits). */
  clientConfig?: Record<string, unknown>;
  /** The time that decides when assumed-role credentials are renewed (default: the system clock). */
  now?: () => number;
  /** Told about every API call, for --verbose. */
  onCall?: (call: {
    service: string;
    operation: string;
    accountId?: string;
    requestId?: string;
    error?: string;
    /** When the call was made (its first attempt queued), and how long it took with its retries. */
    startedAt: string;
    ms: number;
  }) => void;
}

export interface ClientOptions {
  region?: string;
  /** Extra client configuration, e.g. forcePathStyle for S3. */
  config?: Record<string, unknown>;
}

/**
 * Attempts per call: the session's maxAttempts caps both kinds; a client's own `config.maxAttempts` (e.g. 1
 * for a create that must not be sent twice after a lost answer) caps the transient retries only, since a
 * throttled attempt was refused before AWS did anything and is always safe to send again.
 */
export function attemptLimits(sessionMax: number | undefined, clientMax: unknown): AttemptLimits {
  const base = sessionMax ? { throttling: sessionMax, transient: sessionMax } : DEFAULT_ATTEMPT_LIMITS;
  return typeof clientMax === 'number' ? { ...base, transient: Math.min(base.transient, clientMax) } : base;
}

/** Pieces every client of one session shares: the scheduler every call waits in, and the connections. */
interface SharedTransport {
  readonly scheduler: CallScheduler;
  readonly clock: Clock;
  readonly httpAgent: HttpAgent;
  readonly httpsAgent: HttpsAgent;
}

function sharedTransport(target: AwsTarget): SharedTransport {
  const maxConcurrency = target.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  const clock = target.clock ?? systemClock;
  // One pool of kept-alive connections for every client: hundreds of member-account clients reuse them.
  const agentOptions = { keepAlive: true, maxSockets: maxConcurrency };
  return {
    scheduler: new CallScheduler({ maxConcurrency, clock }),
    clock,
    httpAgent: new HttpAgent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
  };
}

/**
 * The one place SDK clients are made: region, credentials, endpoint, user agent, call counting, and the
 * scheduler every attempt of every call waits in (bounded concurrency, published rates, adaptive backoff).
 */
export class AwsClients {
  readonly calls: CallCounter;
  /** For a member account: true once its role has been assumed in this process (later calls reuse the credentials). */
  roleAssumed = false;
  private readonly clients = new Map<string, SdkClient>();
  private readonly members = new Map<string, AwsClients>();
  private readonly transport: SharedTransport;

  constructor(
    readonly target: AwsTarget,
    /** The member account these clients act in; undefined means the caller's own account. */
    readonly accountId?: string,
    private readonly credentials?: AwsCredentials | CredentialsProvider,
    calls?: CallCounter,
    private readonly parent?: AwsClients,
  ) {
    this.calls = calls ?? new CallCounter();
    this.transport = parent?.transport ?? sharedTransport(target);
  }

  get region(): string {
    return this.target.region;
  }

  /** A client of the given class, shared per class and region. */
  client<C extends SdkClient>(Client: SdkClientClass<C>, options: ClientOptions = {}): C {
    const region = options.region ?? this.target.region;
    const key = `${Client.name}/${region}/${JSON.stringify(options.config ?? {})}`;
    const existing = this.clients.get(key);
    if (existing) return existing as C;
    const { scheduler, clock, httpAgent, httpsAgent } = this.transport;
    const lane = { service: Client.name.replace(/Client$/, ''), accountId: this.accountId ?? '', region };
    const limits = attemptLimits(this.target.maxAttempts, options.config?.maxAttempts);
    const client = new Client({
      region,
      endpoint: this.target.endpoint,
      credentials: this.credentials ?? this.target.credentials,
      profile: this.credentials || this.target.credentials ? undefined : this.target.profile,
      retryStrategy: new ScheduledRetryStrategy(scheduler, { ...lane, operation: '' }, clock, limits),
      maxAttempts: limits.throttling,
      // One handler: the shared keep-alive connections and, when set, the timeouts of each attempt.
      requestHandler: {
        httpAgent,
        httpsAgent,
        ...(this.target.requestTimeoutMs ? requestHandlerTimeouts(this.target.requestTimeoutMs) : {}),
      },
      customUserAgent: this.target.userAgent,
      ...this.target.clientConfig,
      ...options.config,
    });
    this.instrument(client);
    this.interruptible(client);
    client.middlewareStack.addRelativeTo(scheduledAttempts(scheduler, lane), {
      relation: 'after',
      toMiddleware: 'retryMiddleware',
      name: 'awsarchScheduler',
      override: true,
    });
    this.clients.set(key, client);
    return client;
  }

  /** Calls made (one per call, retries not counted), with the scheduler's attempts and throttled attempts. */
  callCounts(): CallCounts & { attempts: number; throttled: number; peakInFlight: number } {
    const { attempts, throttled, peakInFlight } = this.transport.scheduler.snapshot();
    return { ...this.calls.snapshot(), attempts, throttled, peakInFlight };
  }

  /** Clients acting in a member account through its access role (credentials cached and renewed). */
  forAccount(accountId: string): AwsClients {
    const root = this.parent ?? this;
    if (accountId === this.accountId) return this;
    const existing = root.members.get(accountId);
    if (existing) return existing;
    const getSts = async () => {
      const { STSClient } = await import('@aws-sdk/client-sts');
      return root.client(STSClient);
    };
    let sts: STSClient | undefined;
    const provider = assumedRoleProvider(
      () => sts as STSClient,
      memberRoleArn(accountId, this.target.accessRole),
      this.target.now,
    );
    const credentials: CredentialsProvider = async () => {
      sts ??= await getSts();
      const issued = await provider();
      member.roleAssumed = true;
      return issued;
    };
    const member: AwsClients = new AwsClients(this.target, accountId, credentials, root.calls, root);
    root.members.set(accountId, member);
    return member;
  }

  private instrument(client: SdkClient): void {
    const { calls, accountId } = this;
    const { onCall, requestTimeoutMs } = this.target;
    client.middlewareStack.add(
      (
        next: (args: unknown) => Promise<{ output?: { $metadata?: { requestId?: string } } }>,
        context: { clientName?: string; commandName?: string },
      ) =>
        async (args: unknown) => {
          const service = (context.clientName ?? 'Unknown').replace(/Client$/, '');
          const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          calls.record(service, operation);
          const started = Date.now();
          const timing = () => ({ startedAt: new Date(started).toISOString(), ms: Date.now() - started });
          try {
            const result = await next(args);
            onCall?.({ service, operation, accountId, requestId: result.output?.$metadata?.requestId, ...timing() });
            return result;
          } catch (error) {
            const failure = error as { name?: string; $metadata?: { requestId?: string } };
            onCall?.({
              service,
              operation,
              accountId,
              requestId: failure.$metadata?.requestId,
              error: failure.name,
              ...timing(),
            });
            throw explainRequestFailure(error, context as Record<string, unknown>, requestTimeoutMs);
          }
        },
      { step: 'initialize', name: 'awsarchCallCounter', override: true },
    );
    client.middlewareStack.add(rawExchangeMiddleware(), {
      step: 'deserialize',
      priority: 'low',
      name: 'awsarchRawExchange',
      override: true,
    });
  }

  /** Every call ends at once on Ctrl-C (the SDK's own backoff between attempts does not watch the signal). */
  private interruptible(client: SdkClient): void {
    const signal = this.target.signal;
    if (!signal) return;
    // Every call in flight listens to the signal (the SDK's handler too): hundreds at once are expected.
    setMaxListeners(0, signal);
    const send = client.send.bind(client);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    client.send = (command: any, options?: { abortSignal?: AbortSignal }) => {
      const abortSignal = options && 'abortSignal' in options ? options.abortSignal : signal;
      const call = send(command, { ...options, abortSignal });
      return abortSignal ? untilAborted(call, abortSignal) : call;
    };
  }

  /** Releases sockets so the process can exit. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    for (const member of this.members.values()) member.destroy();
    this.members.clear();
    if (!this.parent) {
      this.transport.httpAgent.destroy();
      this.transport.httpsAgent.destroy();
    }
  }
}
