import { resolve } from 'node:path';
import { parseFaultSpec } from './faults.js';
import type { ResolvedSandboxOptions } from './types.js';

/** The options of startSandbox; unset ones come from AWSARCH_SANDBOX_* environment variables. */
export interface SandboxOptions {
  /** Holds state.json (+ lock file); created if missing. */
  stateDir: string;
  /** Default 0: a random free port. The host is always 127.0.0.1. */
  port?: number;
  /** Default process.env.AWSARCH_SANDBOX_FAULTS, e.g. "throttle=0.3,latency=40ms". */
  faults?: string;
  /** How long CreateAccount stays IN_PROGRESS; default AWSARCH_SANDBOX_CREATE_ACCOUNT_MS or 1500. */
  createAccountMs?: number;
  /** How long a new role cannot be assumed yet; default AWSARCH_SANDBOX_ROLE_PROPAGATION_MS or 800. */
  rolePropagationMs?: number;
  /** Accounts an organization may hold; default AWSARCH_SANDBOX_ACCOUNT_LIMIT or 1000. */
  accountLimit?: number;
  /** How long CloseAccount keeps an account PENDING_CLOSURE before it is SUSPENDED; default AWSARCH_SANDBOX_CLOSE_ACCOUNT_MS or 2000. */
  closeAccountMs?: number;
  /** Closures allowed per rolling 30 days; default AWSARCH_SANDBOX_CLOSE_ACCOUNT_QUOTA, else AWS's rule (the higher of 250 and 20% of the member accounts, at most 1,000). */
  closeAccountQuota?: number;
  /** How long one minute of a Direct Connect BGP failover test lasts; default AWSARCH_SANDBOX_FAILOVER_MINUTE_MS or 60000. */
  failoverMinuteMs?: number;
  /** Time the CloudFormation stand-in takes per resource; default AWSARCH_SANDBOX_CFN_RESOURCE_MS or 20. */
  cloudFormationResourceMs?: number;
  /** How long an EventBridge replay takes per minute of its window (and to start, and to cancel); default AWSARCH_SANDBOX_REPLAY_MINUTE_MS or 50. */
  replayMinuteMs?: number;
  /** How long one minute of CloudWatch metric time lasts (alarm periods); default AWSARCH_SANDBOX_METRIC_MINUTE_MS or 50. */
  metricMinuteMs?: number;
  /**
   * Wall time of one minute of waiting between retries (Lambda's asynchronous retries after 1 and 2 minutes,
   * EventBridge's retry backoff, maximum event ages); default AWSARCH_SANDBOX_RETRY_MINUTE_MS or 1000.
   */
  retryMinuteMs?: number;
  /** Execution environments this process runs at once per function; default AWSARCH_SANDBOX_LAMBDA_CONCURRENCY or 2. */
  lambdaConcurrency?: number;
  /** An idle execution environment ends after this long; default AWSARCH_SANDBOX_LAMBDA_IDLE_MS or 30000. */
  lambdaIdleMs?: number;
  /**
   * A directory to record responses that depart from the AWS SDK's model of their operation (test suites);
   * default AWSARCH_SANDBOX_CONFORMANCE_LOG, else no check.
   */
  conformanceLog?: string;
  /** Clock, default Date.now. */
  now?: () => number;
}

/** Applies defaults; throws on a bad fault spec or a negative duration. */
export function resolveSandboxOptions(
  options: SandboxOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedSandboxOptions {
  return {
    stateDir: resolve(options.stateDir),
    port: nonNegative('port', options.port ?? 0),
    faults: parseFaultSpec(options.faults ?? env.AWSARCH_SANDBOX_FAULTS),
    createAccountMs: nonNegative(
      'createAccountMs',
      options.createAccountMs ?? Number(env.AWSARCH_SANDBOX_CREATE_ACCOUNT_MS ?? 1500),
    ),
    rolePropagationMs: nonNegative(
      'rolePropagationMs',
      options.rolePropagationMs ?? Number(env.AWSARCH_SANDBOX_ROLE_PROPAGATION_MS ?? 800),
    ),
    accountLimit: nonNegative(
      'accountLimit',
      options.accountLimit ?? Number(env.AWSARCH_SANDBOX_ACCOUNT_LIMIT ?? 1000),
    ),
    closeAccountMs: nonNegative(
      'closeAccountMs',
      options.closeAccountMs ?? Number(env.AWSARCH_SANDBOX_CLOSE_ACCOUNT_MS ?? 2000),
    ),
    closeAccountQuota:
      options.closeAccountQuota ??
      (env.AWSARCH_SANDBOX_CLOSE_ACCOUNT_QUOTA === undefined
        ? undefined
        : nonNegative('closeAccountQuota', Number(env.AWSARCH_SANDBOX_CLOSE_ACCOUNT_QUOTA))),
    failoverMinuteMs: nonNegative(
      'failoverMinuteMs',
      options.failoverMinuteMs ?? Number(env.AWSARCH_SANDBOX_FAILOVER_MINUTE_MS ?? 60_000),
    ),
    cloudFormationResourceMs: nonNegative(
      'cloudFormationResourceMs',
      options.cloudFormationResourceMs ?? Number(env.AWSARCH_SANDBOX_CFN_RESOURCE_MS ?? 20),
    ),
    replayMinuteMs: nonNegative(
      'replayMinuteMs',
      options.replayMinuteMs ?? Number(env.AWSARCH_SANDBOX_REPLAY_MINUTE_MS ?? 50),
    ),
    retryMinuteMs: nonNegative(
      'retryMinuteMs',
      options.retryMinuteMs ?? Number(env.AWSARCH_SANDBOX_RETRY_MINUTE_MS ?? 1000),
    ),
    lambdaConcurrency: atLeastOne(
      'lambdaConcurrency',
      options.lambdaConcurrency ?? Number(env.AWSARCH_SANDBOX_LAMBDA_CONCURRENCY ?? 2),
    ),
    lambdaIdleMs: nonNegative(
      'lambdaIdleMs',
      options.lambdaIdleMs ?? Number(env.AWSARCH_SANDBOX_LAMBDA_IDLE_MS ?? 30_000),
    ),
    metricMinuteMs: nonNegative(
      'metricMinuteMs',
      options.metricMinuteMs ?? Number(env.AWSARCH_SANDBOX_METRIC_MINUTE_MS ?? 50),
    ),
    conformanceLog: options.conformanceLog ?? (env.AWSARCH_SANDBOX_CONFORMANCE_LOG || undefined),
    now: options.now ?? Date.now,
  };
}

function atLeastOne(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`Sandbox option ${name} must be a whole number >= 1, got ${String(value)}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`Sandbox option ${name} must be a number >= 0, got ${String(value)}`);
  return value;
}
