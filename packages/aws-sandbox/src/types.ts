import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxServiceError } from './errors.js';
import type { FaultPlan } from './faults.js';
import type { ServerResources } from './server-resources.js';
import type { SandboxState } from './state.js';

/** The wire protocols the sandbox speaks; each has a module under protocols/. */
export type ProtocolName = 'awsJson1_0' | 'awsJson1_1' | 'awsQuery' | 'ec2Query' | 'restJson1' | 'restXml';

/** Who is calling: resolved from the access key of the SigV4 Authorization header. */
export interface Caller {
  readonly accountId: string;
  /** arn:aws:iam::ACCT:user/NAME or arn:aws:sts::ACCT:assumed-role/ROLE/SESSION */
  readonly principalArn: string;
  /** AIDA… for the management user, AROA…:SESSION for an assumed role (as GetCallerIdentity returns). */
  readonly userId: string;
  readonly accessKeyId: string;
  /** Present when the caller uses temporary credentials issued by the sandbox's AssumeRole. */
  readonly session?: CallerSession;
}

export interface CallerSession {
  readonly roleArn: string;
  readonly roleName: string;
  readonly sessionName: string;
  readonly expiresAt: number;
}

/** SandboxOptions after defaults and environment variables are applied. */
export interface ResolvedSandboxOptions {
  readonly stateDir: string;
  readonly port: number;
  readonly faults: FaultPlan;
  readonly createAccountMs: number;
  readonly rolePropagationMs: number;
  readonly accountLimit: number;
  /** How long a closed account stays PENDING_CLOSURE before it is SUSPENDED. */
  readonly closeAccountMs: number;
  /** Closures per rolling 30 days when set; otherwise AWS's own rule applies. */
  readonly closeAccountQuota?: number;
  /** The length of one minute of a BGP failover test (tests and demos shorten it). */
  readonly failoverMinuteMs: number;
  /** How long the CloudFormation stand-in takes per resource of a stack operation. */
  readonly cloudFormationResourceMs: number;
  /** Wall time an EventBridge replay spends per minute of its window (also to start and to cancel). */
  readonly replayMinuteMs: number;
  /** Wall time of one minute of retry waiting (Lambda async retries, EventBridge backoff, event ages). */
  readonly retryMinuteMs: number;
  /** Execution environments per function in this process. */
  readonly lambdaConcurrency: number;
  /** How long an idle execution environment lives. */
  readonly lambdaIdleMs: number;
  /** The length of one minute of CloudWatch metric time: an alarm's 300 s period lasts 5 of these. */
  readonly metricMinuteMs: number;
  /** A directory where every response is checked against the SDK's model (see conformance/recorder.ts), or undefined. */
  readonly conformanceLog: string | undefined;
  readonly now: () => number;
}

/** What an operation handler receives besides its input. */
export interface HandlerContext {
  readonly caller: Caller;
  readonly region: string;
  /** The whole sandbox state; mutate it in place (only what changes is written). */
  readonly state: SandboxState;
  readonly options: ResolvedSandboxOptions;
  readonly requestId: string;
  now(): number;
  /**
   * Says that this Describe*, List* or Get* operation changes the state: such operations first run as
   * reads, and this (like any change to the state) makes the sandbox run the request again as a write.
   * Call it before changing anything. Operations with other names always run as writes.
   */
  changed(): void;
  /** Helpers this server keeps open (engines, caches), closed with the server. */
  readonly resources: ServerResources;
  /** The HTTP request as received, for services that forward it (DynamoDB). */
  readonly request: ProtocolRequest;
  /** This server's URL (http://127.0.0.1:PORT), for what it serves besides the APIs (HTTP APIs). */
  readonly endpoint: string;
}

/** Operation input as decoded from the wire: member names as the protocol sends them. */
export type OperationInput = Record<string, unknown>;

/** Returns the output members (wire names); Date values are serialized the protocol's way. */
export type OperationHandler = (input: OperationInput, ctx: HandlerContext) => unknown;

/** Output members as they travel: the SDK's CommandOutput without the client-side $metadata. */
export type WireOutput<Output> = Omit<Output, '$metadata'>;

/** Input members under the SDK's names; their values come from the wire unchecked, so each is unknown. */
export type WireInput<Input> = { readonly [Member in keyof Input]?: unknown };

/**
 * A handler typed from the SDK's CommandInput/CommandOutput, for protocols whose wire names are the SDK's member
 * names (awsJson; restJson without jsonName traits, such as RAM): a misspelt or mistyped output member fails tsc.
 */
export type SdkOperationHandler<Input, Output> = (
  input: WireInput<Input>,
  ctx: HandlerContext,
) => WireOutput<Output> | Promise<WireOutput<Output>>;

/** What runs at the start of every request (any service) to apply time-driven transitions. */
export interface SettleContext {
  readonly state: SandboxState;
  readonly options: ResolvedSandboxOptions;
  now(): number;
  /** Helpers this server keeps open (e.g. a cache of archived events), closed with the server. */
  readonly resources: ServerResources;
}

export interface ErrorTemplate {
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

/** restJson1 / restXml routing: one entry per operation, URI templates as in the service model. */
export interface RestRoute {
  readonly method: string;
  /** e.g. '/detector/{DetectorId}' or '/tags/{ResourceArn+}'; a literal '?name' requires that query key. */
  readonly path: string;
  readonly operation: string;
  readonly successStatus?: number;
  /** The body is the operation's payload blob (httpPayload), not JSON members (Lambda's Invoke). */
  readonly rawPayload?: boolean;
}

/** One AWS service: how it is addressed on the wire and what its operations do. */
export interface ServiceDefinition {
  /** Key in state.services and SandboxCall.service. */
  readonly name: string;
  /** The SigV4 credential-scope service that selects this service. */
  readonly signingName: string;
  /** Prefix of IAM actions, e.g. 'organizations' in organizations:ListAccounts. */
  readonly iamPrefix: string;
  readonly protocol: ProtocolName;
  /** The AWS SDK v3 client whose shipped model the responses must conform to (e.g. '@aws-sdk/client-ec2'). */
  readonly sdkClient: string;
  /** awsJson: the X-Amz-Target prefix before '.Operation'. */
  readonly targetPrefix?: string;
  /** awsQuery / ec2Query: the xmlns of responses and the API version. */
  readonly xmlNamespace?: string;
  readonly version?: string;
  /** awsJson: name of the message member in error bodies ('message' unless the model says 'Message'). */
  readonly errorMessageMember?: 'message' | 'Message';
  /**
   * awsJson services that are awsQueryCompatible (CloudWatch, SQS): the query error code of each error
   * shape, sent in the x-amzn-query-error header ("Code;Sender") as AWS does for SDKs that read it.
   */
  readonly awsQueryErrorCodes?: Readonly<Record<string, string>>;
  readonly throttlingError: ErrorTemplate;
  /** The error returned when the authorization hook denies a request. */
  readonly accessDeniedError: { readonly code: string; readonly status: number };
  /** Status and message of errors that may be injected by name through AWSARCH_SANDBOX_FAULTS. */
  readonly knownErrors?: Readonly<Record<string, { readonly status?: number; readonly message: string }>>;
  readonly routes?: readonly RestRoute[];
  readonly operations: Readonly<Record<string, OperationHandler>>;
  /**
   * Input checks AWS makes before it authorizes a request (model constraints such as AssumeRole's
   * RoleSessionName); each throws the service's validation error.
   */
  readonly validators?: Readonly<Record<string, (input: OperationInput) => void>>;
  /** Applies transitions that are due (e.g. an account creation finishing); returns true if it changed state. */
  readonly settle?: (ctx: SettleContext) => boolean | Promise<boolean>;
}

/** An HTTP request as protocols see it. */
export interface ProtocolRequest {
  readonly method: string;
  /** Path without the query string, not decoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface ProtocolResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Raw bytes to send instead of body (S3 objects). */
  readonly bytes?: Buffer;
}

export interface DecodedOperation {
  /** undefined when the request names no operation this protocol can find. */
  readonly operation: string | undefined;
  readonly input: OperationInput;
}

/** The request errors every protocol words its own way. */
export interface ProtocolAuthErrors {
  readonly missingToken: ErrorTemplate;
  readonly invalidToken: ErrorTemplate;
  readonly expiredToken: ErrorTemplate;
  /** Signed for a Region AWS does not have (no AWS endpoint accepts that credential scope); `{region}` in the message. */
  readonly invalidRegion: ErrorTemplate;
}

export interface Protocol {
  readonly authErrors: ProtocolAuthErrors;
  decode(service: ServiceDefinition, request: ProtocolRequest): DecodedOperation;
  unknownOperation(service: ServiceDefinition, request: ProtocolRequest, operation: string | undefined): ErrorTemplate;
  encodeOutput(service: ServiceDefinition, operation: string, output: unknown, requestId: string): ProtocolResponse;
  encodeError(service: ServiceDefinition, error: SandboxServiceError, requestId: string): ProtocolResponse;
}

/** One request the sandbox answered, for tests and diagnostics. */
export interface SandboxCall {
  service: string;
  operation: string;
  /** The caller's account; '' when the credentials could not be resolved. */
  accountId: string;
  /** Set when the request was answered with an error. */
  errorCode?: string;
}
