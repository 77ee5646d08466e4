import type { AwsClients } from '../aws/clients.js';
import type { IoHost } from '../core/io-host.js';
import type { OutputMode } from './output-mode.js';
import type { Clock } from './clock.js';
import { usageError } from './errors.js';
import { ERR } from './error-codes.js';

/** Options every command accepts (see `awsarch --help`). */
export interface GlobalOptions {
  profile?: string;
  region: string;
  endpointUrl?: string;
  sandbox: boolean;
  output: OutputMode;
  yes: boolean;
  verbose: boolean;
  accessRole: string;
  /** AWS calls in flight at once (--max-concurrency). */
  maxConcurrency: number;
}

/** What every action receives; actions never touch process globals. */
export interface CommandContext {
  io: IoHost;
  aws: AwsClients;
  clock: Clock;
  options: GlobalOptions;
  /** Aborted on Ctrl-C; long waits pass it on. */
  signal: AbortSignal;
  /** The environment (AWSARCH_* variables for flags). */
  env: Record<string, string | undefined>;
}

/**
 * Asks before a destructive step. --yes answers yes; without a terminal and without --yes this refuses
 * (exit 2) rather than guess; the default answer is always no.
 */
export async function confirmDestructive(
  ctx: Pick<CommandContext, 'io' | 'options'>,
  question: string,
): Promise<boolean> {
  if (ctx.options.yes) return true;
  if (!ctx.io.interactive) {
    throw usageError(
      ERR.CONFIRMATION_REQUIRED,
      `${question} needs confirmation, and there is no terminal to ask`,
      'pass --yes (or set AWSARCH_YES=1) to confirm in a pipeline',
    );
  }
  return ctx.io.confirm(question);
}
