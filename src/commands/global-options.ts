import { DEFAULT_ACCESS_ROLE } from '../aws/assume-role.js';
import { chooseRegion } from '../aws/region-choice.js';
import { assertKnownRegion } from '../aws/regions.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../aws/request-safety.js';
import { DEFAULT_MAX_CONCURRENCY } from '../aws/scheduler/call-policy.js';
import type { GlobalOptions } from '../core/context.js';
import { ERR } from '../core/error-codes.js';
import { usageError } from '../core/errors.js';
import { parseOutputMode } from '../core/output-mode.js';
import { parseDuration, readFlag } from './options.js';

/** The global options as commander parsed them, before defaults and checks. */
export interface RawGlobalOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  sandbox?: boolean;
  output?: string;
  yes?: boolean;
  verbose?: boolean;
  accessRole?: string;
  requestTimeout?: string;
  maxConcurrency?: number;
  /** False with --no-color. */
  color?: boolean;
  /** Where commander took --region from: `cli`, `env` (AWSARCH_REGION). */
  regionSource?: string;
}

/** Global options from flags, then AWSARCH_* / AWS_* variables, then defaults. */
export function resolveGlobalOptions(raw: RawGlobalOptions, env: Record<string, string | undefined>): GlobalOptions {
  const sandbox = readFlag(raw.sandbox, env, '--sandbox');
  const regionChoice = chooseRegion({ value: raw.region, fromEnv: raw.regionSource === 'env' }, env, {
    name: raw.profile,
    read: !sandbox,
  });
  const region = regionChoice.region;
  assertKnownRegion(region);
  const options: GlobalOptions = {
    profile: raw.profile,
    region,
    regionSource: regionChoice,
    endpointUrl: raw.endpointUrl ?? (env.AWS_ENDPOINT_URL || undefined),
    sandbox,
    output: parseOutputMode(raw.output ?? 'auto'),
    yes: readFlag(raw.yes, env, '--yes'),
    verbose: readFlag(raw.verbose, env, '--verbose'),
    accessRole: raw.accessRole ?? DEFAULT_ACCESS_ROLE,
    requestTimeoutMs: parseRequestTimeout(raw.requestTimeout),
    maxConcurrency: raw.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
  };
  if (options.sandbox && (raw.endpointUrl || options.profile)) {
    throw usageError(
      ERR.SANDBOX_CONFLICT,
      '--sandbox cannot be combined with --endpoint-url or --profile',
      'drop --sandbox to use AWS or another endpoint',
    );
  }
  if (options.endpointUrl && !/^https?:\/\//.test(options.endpointUrl)) {
    throw usageError(ERR.BAD_ENDPOINT, `--endpoint-url must be an http(s) URL; got "${options.endpointUrl}"`);
  }
  return options;
}

function parseRequestTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_REQUEST_TIMEOUT_MS;
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    ms = Number.NaN;
  }
  if (!(ms >= 1))
    throw usageError(
      ERR.BAD_REQUEST_TIMEOUT,
      `--request-timeout must be a duration such as 30s or 1500ms; got "${text}"`,
      'it bounds each AWS request (connection and answer); AWS_ENDPOINT_URL or a proxy that never answers ends after it',
    );
  return ms;
}
