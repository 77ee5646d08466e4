import type { AwsClients } from '../aws/clients.js';
import type { RegionChoice } from '../aws/region-choice.js';
import type { IoHost } from '../core/io-host.js';
import type { OutputMode } from './output-mode.js';
import type { Clock } from './clock.js';
import { confirmChanges } from './confirm.js';
import { ERR } from './error-codes.js';

/** Options every command accepts (see `awsarch --help`). */
export interface GlobalOptions {
  profile?: string;
  region: string;
  /** Where the Region came from (flag, environment, profile, default); set by the CLI. */
  regionSource?: RegionChoice;
  endpointUrl?: string;
  sandbox: boolean;
  output: OutputMode;
  yes: boolean;
  verbose: boolean;
  accessRole: string;
  /** Connection and response timeout of each AWS request attempt, in ms. */
  requestTimeoutMs: number;
  /** AWS calls in flight at once (--max-concurrency). */
  maxConcurrency: number;
}

/** The sandbox the AWS calls go to (--sandbox): its URL, and whether it outlives this command. */
export interface SandboxSession {
  readonly endpoint: string;
  /** true: a `sandbox start` server other processes share; false: a sandbox inside this process, gone when it ends. */
  readonly shared: boolean;
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
  /** Set with --sandbox. */
  sandbox?: SandboxSession;
  /** The words awsarch was invoked with (after the program name), for hints that repeat the command. */
  invocation?: readonly string[];
}

/**
 * Asks before a destructive step that has no change list: true when confirmed, false when the answer was no.
 * Without a terminal and without --yes this refuses (exit 2); see confirmChanges, which shows what changes.
 */
export async function confirmDestructive(
  ctx: Pick<CommandContext, 'io' | 'options'> & Partial<Pick<CommandContext, 'invocation'>>,
  question: string,
): Promise<boolean> {
  try {
    await confirmChanges(ctx, { question, changes: [] });
    return true;
  } catch (error) {
    if (ERR.CANCELLED.is(error)) return false;
    throw error;
  }
}
