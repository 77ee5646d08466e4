import type { Command } from 'commander';
import type { CommandContext } from '../core/context.js';
import type { CommandResult, OutputHost } from '../ui/io-host.js';

export interface ActionSpec {
  /** False for offline commands (validate, synth): no AWS session and no sandbox is opened. */
  aws?: boolean;
  /** Ctrl-C is this command's normal end (a --watch): its result decides the exit code, not 130. */
  endsOnInterrupt?: boolean;
  /**
   * The command says itself what Ctrl-C left (a replay left running or cancelled, a rebuild's checkpoint,
   * BGP being restored, the load measured so far); other commands print only "interrupted; nothing is lost -
   * re-run the same command to resume" after Ctrl-C. Either way the exit code is 130.
   */
  reportsInterruption?: boolean;
  /** Runs the action; `screen` shows the frames of a live view (--watch). */
  run(ctx: CommandContext, screen: Pick<OutputHost, 'live'>): Promise<CommandResult>;
}

/** Runs one action with a fresh context, renders its result and records the exit code. */
export type RunAction = (command: Command, spec: ActionSpec) => Promise<void>;
