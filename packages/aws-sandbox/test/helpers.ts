import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { afterEach } from 'vitest';
import {
  SANDBOX_CREDENTIALS,
  SANDBOX_MANAGEMENT_ACCOUNT_ID,
  startSandbox,
  type RunningSandbox,
  type SandboxOptions,
} from '../src/index.js';
import { readState, StateStore, type SandboxState } from '../src/state.js';
import { launchSandbox } from '../src/server.js';
import { SANDBOX_SERVICES } from '../src/services/index.js';
import type { ServiceDefinition } from '../src/types.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh temporary directory, removed after the test. */
export async function temporaryStateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'awsarch-sandbox-test-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The sandbox state kept in stateDir, as plain data (what `awsarch sandbox dump` shows). */
export async function readSandboxState(stateDir: string): Promise<SandboxState & { services: Record<string, any> }> {
  return readState(stateDir, SANDBOX_MANAGEMENT_ACCOUNT_ID);
}

/** Changes the state in stateDir in one transaction, as a request would; running sandboxes see it on their next request. */
export async function editSandboxState(
  stateDir: string,
  edit: (state: SandboxState & { services: Record<string, any> }) => void,
): Promise<void> {
  const store = new StateStore(stateDir, SANDBOX_MANAGEMENT_ACCOUNT_ID);
  try {
    await store.transact(async (tx) => edit(tx.state));
  } finally {
    store.close();
  }
}

/** A sandbox on a random port in a temp state dir, closed after the test; timings default to instant. */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<RunningSandbox> {
  const sandbox = await startSandbox({
    stateDir: options.stateDir ?? (await temporaryStateDir()),
    faults: '',
    createAccountMs: 0,
    rolePropagationMs: 0,
    ...options,
  });
  cleanups.push(() => sandbox.close());
  return sandbox;
}

/** As startTestSandbox, with test-only services replacing real ones of the same signing name and/or deterministic fault randomness. */
export async function startSandboxWithServices(
  services: readonly ServiceDefinition[],
  options: Partial<SandboxOptions> = {},
  random?: () => number,
): Promise<RunningSandbox> {
  const sandbox = await launchSandbox(
    {
      stateDir: options.stateDir ?? (await temporaryStateDir()),
      faults: '',
      createAccountMs: 0,
      rolePropagationMs: 0,
      ...options,
    },
    {
      services: [
        ...services,
        ...SANDBOX_SERVICES.filter((real) => !services.some((test) => test.signingName === real.signingName)),
      ],
      ...(random ? { random } : {}),
    },
  );
  cleanups.push(() => sandbox.close());
  return sandbox;
}

export interface ClientOptions {
  credentials?: Credentials;
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive';
}

export function clientConfig(sandbox: Pick<RunningSandbox, 'endpoint'>, options: ClientOptions) {
  return {
    endpoint: sandbox.endpoint,
    region: 'us-east-1',
    credentials: options.credentials ?? SANDBOX_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.retryMode ? { retryMode: options.retryMode } : {}),
  };
}

export function organizationsClient(
  sandbox: Pick<RunningSandbox, 'endpoint'>,
  options: ClientOptions = {},
): OrganizationsClient {
  return new OrganizationsClient(clientConfig(sandbox, options));
}

export function stsClient(sandbox: Pick<RunningSandbox, 'endpoint'>, options: ClientOptions = {}): STSClient {
  return new STSClient(clientConfig(sandbox, options));
}

/** The rejection of a promise that must fail, for assertions on the SDK's error object. */
export async function failureOf(promise: Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, any>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Polls check until it returns a value, without sleeping longer than needed. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
