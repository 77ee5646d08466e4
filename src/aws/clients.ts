import type { STSClient } from '@aws-sdk/client-sts';
import { assumedRoleProvider, memberRoleArn } from './assume-role.js';
import { CallCounter } from './call-counter.js';
import type { AwsCredentials, CredentialsProvider } from './credentials.js';

/** What every SDK v3 client has that the factory uses. */
export interface SdkClient {
  middlewareStack: { add(middleware: unknown, options: Record<string, unknown>): void };
  destroy(): void;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SdkClientClass<C extends SdkClient> = new (config: any) => C;

export interface AwsTarget {
  region: string;
  profile?: string;
  /** A custom endpoint (the sandbox, LocalStack, a VPC endpoint); all services use it. */
  endpoint?: string;
  /** Fixed credentials (the sandbox); otherwise the SDK's default chain, with `profile` if given. */
  credentials?: AwsCredentials;
  /** The role assumed in member accounts. */
  accessRole: string;
  userAgent: string;
  /** Attempts per call, including the first; throttling is retried with adaptive rate limiting. */
  maxAttempts?: number;
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
  }) => void;
}

export interface ClientOptions {
  region?: string;
  /** Extra client configuration, e.g. forcePathStyle for S3. */
  config?: Record<string, unknown>;
}

/** The one place SDK clients are made: region, credentials, endpoint, retries, user agent and call counting. */
export class AwsClients {
  readonly calls: CallCounter;
  private readonly clients = new Map<string, SdkClient>();
  private readonly members = new Map<string, AwsClients>();

  constructor(
    readonly target: AwsTarget,
    /** The member account these clients act in; undefined means the caller's own account. */
    readonly accountId?: string,
    private readonly credentials?: AwsCredentials | CredentialsProvider,
    calls?: CallCounter,
    private readonly parent?: AwsClients,
  ) {
    this.calls = calls ?? new CallCounter();
  }

  get region(): string {
    return this.target.region;
  }

  /** A client of the given class, shared per class and region so adaptive retry sees all traffic. */
  client<C extends SdkClient>(Client: SdkClientClass<C>, options: ClientOptions = {}): C {
    const region = options.region ?? this.target.region;
    const key = `${Client.name}/${region}/${JSON.stringify(options.config ?? {})}`;
    const existing = this.clients.get(key);
    if (existing) return existing as C;
    const client = new Client({
      region,
      endpoint: this.target.endpoint,
      credentials: this.credentials ?? this.target.credentials,
      profile: this.credentials || this.target.credentials ? undefined : this.target.profile,
      retryMode: 'adaptive',
      maxAttempts: this.target.maxAttempts ?? 6,
      customUserAgent: this.target.userAgent,
      ...this.target.clientConfig,
      ...options.config,
    });
    this.instrument(client);
    this.clients.set(key, client);
    return client;
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
      return provider();
    };
    const member = new AwsClients(this.target, accountId, credentials, root.calls, root);
    root.members.set(accountId, member);
    return member;
  }

  private instrument(client: SdkClient): void {
    const { calls, accountId } = this;
    const onCall = this.target.onCall;
    client.middlewareStack.add(
      (
        next: (args: unknown) => Promise<{ output?: { $metadata?: { requestId?: string } } }>,
        context: { clientName?: string; commandName?: string },
      ) =>
        async (args: unknown) => {
          const service = (context.clientName ?? 'Unknown').replace(/Client$/, '');
          const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          calls.record(service, operation);
          try {
            const result = await next(args);
            onCall?.({ service, operation, accountId, requestId: result.output?.$metadata?.requestId });
            return result;
          } catch (error) {
            const failure = error as { name?: string; $metadata?: { requestId?: string } };
            onCall?.({ service, operation, accountId, requestId: failure.$metadata?.requestId, error: failure.name });
            throw error;
          }
        },
      { step: 'initialize', name: 'awsarchCallCounter', override: true },
    );
  }

  /** Releases sockets so the process can exit. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    for (const member of this.members.values()) member.destroy();
    this.members.clear();
  }
}
