import {
  CancelReplayCommand,
  DescribeReplayCommand,
  type DescribeReplayCommandOutput,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { isAwsError, toAwsarchError } from '../../aws/aws-errors.js';
import { AFTER_INTERRUPT } from '../../aws/request-safety.js';
import type { CommandContext } from '../../core/context.js';
import { AwsarchError } from '../../core/errors.js';
import { followUpCommand } from '../../core/rerun-hint.js';
import type { TaskHandle } from '../../core/io-host.js';
import {
  describeReplayProgress,
  replayProgress,
  type ReplayObservation,
  type ReplayProgress,
} from './replay-progress.js';
import { observationOf, TERMINAL_STATES } from './replay-record.js';
import { ERR } from '../../core/error-codes.js';
import { MSG } from '../../core/message-codes.js';

export interface FollowOptions {
  readonly intervalMs: number;
  /** Give up watching (the replay goes on) after this long. */
  readonly timeoutMs: number;
  /** The --account the replay was started or followed with, repeated in the follow-up hints. */
  readonly account?: string;
}

export interface FollowOutcome {
  readonly replay: DescribeReplayCommandOutput;
  readonly progress: ReplayProgress;
  /** Set when the user had the replay cancelled after Ctrl-C. */
  readonly cancelledByUser: boolean;
}

async function describe(
  events: EventBridgeClient,
  name: string,
  afterInterrupt: boolean,
): Promise<DescribeReplayCommandOutput> {
  try {
    const command = new DescribeReplayCommand({ ReplayName: name });
    return await (afterInterrupt ? events.send(command, AFTER_INTERRUPT) : events.send(command));
  } catch (error) {
    throw toAwsarchError(error, `Reading replay ${name}`);
  }
}

/**
 * What Ctrl-C during a replay does: ask whether to cancel it (CancelReplay) or leave it running. --yes
 * answers "cancel"; without a terminal and without --yes the replay is left running (a replay is safe to
 * let finish: the consumers are idempotent), and the error says how to follow or cancel it.
 */
async function cancelAfterInterrupt(ctx: CommandContext, name: string): Promise<boolean> {
  if (ctx.options.yes) return true;
  if (!ctx.io.interactive) return false;
  return ctx.io.confirm(`Cancel replay ${name} (CancelReplay)? Answering no leaves it running`);
}

/** Sleeps, or returns false at once if Ctrl-C was (or is) pressed. */
async function pause(ctx: CommandContext, ms: number, interruptible: boolean): Promise<boolean> {
  if (interruptible && ctx.signal.aborted) return false;
  try {
    await ctx.clock.sleep(ms, interruptible ? ctx.signal : undefined);
    return true;
  } catch (error) {
    if (interruptible && ctx.signal.aborted) return false;
    throw error;
  }
}

/**
 * Watches a replay until it ends (COMPLETED, CANCELLED, FAILED), showing the share of the window
 * replayed with the rate and the time left. Ctrl-C asks whether to cancel it (see cancelAfterInterrupt).
 */
export async function followReplay(
  ctx: CommandContext,
  events: EventBridgeClient,
  name: string,
  task: TaskHandle,
  options: FollowOptions,
): Promise<FollowOutcome> {
  const observations: ReplayObservation[] = [];
  const deadline = ctx.clock.now() + options.timeoutMs;
  let cancelledByUser = false;
  let interruptible = true;
  for (;;) {
    const replay = await describe(events, name, !interruptible);
    observations.push(observationOf(replay, ctx.clock.now()));
    const progress = replayProgress(observations, { cancelRequested: cancelledByUser || !interruptible });
    task.progress(Math.round(progress.share * 1000), 1000, `${replay.State}: ${describeReplayProgress(progress)}`);
    if (TERMINAL_STATES.has(replay.State ?? '')) return { replay, progress, cancelledByUser };
    if (ctx.clock.now() > deadline) {
      throw new AwsarchError(
        ERR.REPLAY_WAIT_TIMEOUT,
        `replay ${name} is still ${replay.State} after ${Math.round(options.timeoutMs / 1000)}s; it goes on`,
        {
          hint: `follow it with: ${followUpCommand(ctx, replayCommand('status', name, options.account))}`,
        },
      );
    }
    if (await pause(ctx, options.intervalMs, interruptible)) continue;
    // Ctrl-C: ask once; afterwards (cancelling) the watch goes on without reacting to it.
    interruptible = false;
    task.update(`interrupted: ${replay.State}`);
    if (!(await cancelAfterInterrupt(ctx, name))) {
      throw new AwsarchError(
        ERR.INTERRUPTED,
        `interrupted (Ctrl-C): replay ${name} is left ${replay.State} and goes on`,
        {
          hint: `follow it with: ${followUpCommand(ctx, replayCommand('status', name, options.account))}\ncancel it with: ${followUpCommand(ctx, replayCommand('cancel', name, options.account))}`,
          details: { replay: name, state: replay.State },
        },
      );
    }
    try {
      await events.send(new CancelReplayCommand({ ReplayName: name }), AFTER_INTERRUPT);
      ctx.io.warn(MSG.REPLAY_CANCEL_REQUESTED, `CancelReplay ${name}: waiting for it to stop`, { replay: name });
    } catch (error) {
      // It may have ended in the meantime; the next read shows how.
      if (!isAwsError(error, 'IllegalStatusException')) throw toAwsarchError(error, `Cancelling replay ${name}`);
    }
    cancelledByUser = true;
  }
}

/** `replay status|cancel NAME --wait [--account A]`: the words of a follow-up command for a replay. */
export function replayCommand(verb: 'status' | 'cancel', name: string, account?: string): string[] {
  return ['replay', verb, name, '--wait', ...(account === undefined ? [] : ['--account', account])];
}
