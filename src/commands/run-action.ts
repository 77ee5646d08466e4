import type { Command } from 'commander';
import type { CommandContext } from '../core/context.js';
import type { CommandResult, OutputHost } from '../ui/io-host.js';

export interface ActionSpec {
  /** False for offline commands (validate, synth): no AWS session and no sandbox is opened. */
  aws?: boolean;
  /** Runs the action; `screen` shows the frames of a live view (--watch). */
  run(ctx: CommandContext, screen: Pick<OutputHost, 'live'>): Promise<CommandResult>;
}

/** Runs one action with a fresh context, renders its result and records the exit code. */
export type RunAction = (command: Command, spec: ActionSpec) => Promise<void>;
