import { join } from 'node:path';
import type { GlobalOptions } from '../core/context.js';
import type { IoHost } from '../core/io-host.js';
import { AwsClients } from './clients.js';
import { missingProfileError, readSharedConfig, requestedProfile } from './shared-config.js';
import { MSG } from '../core/message-codes.js';

export interface AwsSession {
  clients: AwsClients;
  /** Where the calls go: the sandbox's URL, a custom endpoint, or undefined for AWS itself. */
  endpoint?: string;
  /** With --sandbox: whether the sandbox is a shared `sandbox start` server (true) or lives in this process. */
  sandboxShared?: boolean;
  close(): Promise<void>;
}

/** The sandbox's state directory: AWSARCH_SANDBOX_DIR, else .awsarch/sandbox under the working directory. */
export function sandboxStateDir(env: Record<string, string | undefined>, cwd = process.cwd()): string {
  return env.AWSARCH_SANDBOX_DIR || join(cwd, '.awsarch', 'sandbox');
}

/** Connects the client factory to AWS, a custom endpoint, or the sandbox (started or reused). */
export async function openAwsSession(
  options: GlobalOptions,
  io: IoHost,
  env: Record<string, string | undefined>,
  userAgent: string,
  signal?: AbortSignal,
): Promise<AwsSession> {
  const requestSafety = { requestTimeoutMs: options.requestTimeoutMs, signal };
  const onCall: ConstructorParameters<typeof AwsClients>[0]['onCall'] = (call) =>
    io.debug(
      MSG.AWS_CALL,
      `${call.service}.${call.operation}${call.accountId ? ` in ${call.accountId}` : ''}: ${call.error ?? 'ok'}${call.requestId ? ` (request ${call.requestId})` : ''}`,
      call,
    );
  if (!options.sandbox) {
    // A profile that does not exist fails every call with that reason (the SDK would say only that no
    // credentials were found); failing at the first call, not here, lets `doctor` report it as one check.
    const profileProblem = missingProfileError(requestedProfile(options.profile, env), readSharedConfig(env));
    const clients = new AwsClients({
      region: options.region,
      profile: options.profile,
      ...(profileProblem ? { credentials: () => Promise.reject(profileProblem) } : {}),
      endpoint: options.endpointUrl,
      accessRole: options.accessRole,
      maxConcurrency: options.maxConcurrency,
      userAgent,
      onCall,
      ...requestSafety,
    });
    return { clients, endpoint: options.endpointUrl, close: async () => clients.destroy() };
  }
  const { attachSandbox, SANDBOX_CREDENTIALS } = await import('@awsarch/aws-sandbox');
  // In a worker thread: the sandbox answers on another core while this command's own work runs here.
  const sandbox = await attachSandbox({ stateDir: sandboxStateDir(env) }, { thread: true });
  io.debug(
    MSG.SANDBOX,
    `${sandbox.reused ? 'using the sandbox' : 'started a sandbox'} at ${sandbox.endpoint} (state in ${sandbox.stateDir})`,
  );
  const clients = new AwsClients({
    region: options.region,
    endpoint: sandbox.endpoint,
    credentials: SANDBOX_CREDENTIALS,
    accessRole: options.accessRole,
    maxConcurrency: options.maxConcurrency,
    userAgent,
    onCall,
    ...requestSafety,
  });
  return {
    clients,
    endpoint: sandbox.endpoint,
    sandboxShared: sandbox.reused,
    close: async () => {
      clients.destroy();
      if (!sandbox.reused) await sandbox.close();
    },
  };
}
