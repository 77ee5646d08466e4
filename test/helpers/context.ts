import { AwsClients, type AwsTarget } from '../../src/aws/clients.js';
import { systemClock } from '../../src/core/clock.js';
import type { CommandContext, GlobalOptions } from '../../src/core/context.js';
import { RecordingHost } from './recording-host.js';

export const FAKE_CREDENTIALS = { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'secret' };

/** A context for unit tests: a recording host, and clients that never reach AWS unless given an endpoint. */
export function testContext(
  overrides: {
    target?: Partial<AwsTarget>;
    options?: Partial<GlobalOptions>;
    host?: RecordingHost;
    env?: Record<string, string>;
  } = {},
) {
  const io = overrides.host ?? new RecordingHost();
  const options: GlobalOptions = {
    region: 'us-east-1',
    sandbox: false,
    output: 'json',
    yes: false,
    verbose: false,
    accessRole: 'OrganizationAccountAccessRole',
    requestTimeoutMs: 30_000,
    maxConcurrency: 32,
    ...overrides.options,
  };
  const aws = new AwsClients({
    region: options.region,
    endpoint: 'http://127.0.0.1:9',
    credentials: FAKE_CREDENTIALS,
    accessRole: options.accessRole,
    userAgent: 'awsarch-test',
    maxAttempts: 1,
    ...overrides.target,
  });
  const ctx: CommandContext = {
    io,
    aws,
    clock: systemClock,
    options,
    signal: new AbortController().signal,
    env: overrides.env ?? {},
  };
  return { ctx, io, aws };
}
