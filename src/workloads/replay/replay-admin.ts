import {
  CancelReplayCommand,
  DescribeReplayCommand,
  EventBridgeClient,
  ListReplaysCommand,
  type Replay,
} from '@aws-sdk/client-eventbridge';
import { isAwsError, toAwsarchError } from '../../aws/aws-errors.js';
import type { CommandContext } from '../../core/context.js';
import { usageError } from '../../core/errors.js';
import { endTaskAfterError } from '../../core/task-end.js';
import { followReplay } from './replay-follow.js';
import { replayShare } from './replay-progress.js';
import { observationOf, replayOutcome, replayRecord, TERMINAL_STATES, type ReplayRecord } from './replay-record.js';
import { workloadAccount } from './workload-stack.js';
import { ERR } from '../../core/error-codes.js';
import { MSG } from '../../core/message-codes.js';
import type { Outcome } from '../../core/outcome.js';

export interface ReplayWatch {
  readonly account?: string;
  readonly wait: boolean;
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

async function describeOrThrow(events: EventBridgeClient, name: string) {
  try {
    return await events.send(new DescribeReplayCommand({ ReplayName: name }));
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException'))
      throw usageError(ERR.UNKNOWN_REPLAY, `there is no replay named ${name}`, 'list them with: awsarch replay list');
    throw toAwsarchError(error, `Reading replay ${name}`);
  }
}

/** Shows a replay now, or (--wait) follows it to its end with progress. */
async function showReplay(
  ctx: CommandContext,
  events: EventBridgeClient,
  name: string,
  watch: ReplayWatch,
  title: string,
): Promise<{ replay: ReplayRecord }> {
  const replay = await describeOrThrow(events, name);
  if (!watch.wait || TERMINAL_STATES.has(replay.State ?? '')) {
    return { replay: replayRecord(replay, replayShare(observationOf(replay, ctx.clock.now()))) };
  }
  const task = ctx.io.task(title);
  try {
    const outcome = await followReplay(ctx, events, name, task, watch);
    const ended = `${outcome.replay.State}${outcome.replay.StateReason ? ` (${outcome.replay.StateReason})` : ''}`;
    if (outcome.replay.State === 'COMPLETED') task.succeed(outcome.replay.State);
    else if (outcome.cancelledByUser) task.cancel(ended);
    else task.fail(ended);
    return { replay: replayRecord(outcome.replay, outcome.progress.share) };
  } catch (error) {
    endTaskAfterError(task, error, ctx.signal);
    throw error;
  }
}

/** `awsarch replay status NAME [--wait]`. */
export async function replayStatus(
  ctx: CommandContext,
  name: string,
  watch: ReplayWatch,
): Promise<{ replay: ReplayRecord }> {
  const account = await workloadAccount(ctx, watch.account);
  return showReplay(ctx, account.aws.client(EventBridgeClient), name, watch, `Replay ${name}`);
}

/** `awsarch replay cancel NAME [--wait]`: CancelReplay, then (--wait) until it is CANCELLED. */
export async function cancelReplay(ctx: CommandContext, name: string, watch: ReplayWatch): Promise<CancelReplayRun> {
  const account = await workloadAccount(ctx, watch.account);
  const events = account.aws.client(EventBridgeClient);
  const before = await describeOrThrow(events, name);
  if (TERMINAL_STATES.has(before.State ?? '') || before.State === 'CANCELLING') {
    ctx.io.warn(MSG.REPLAY_NOT_RUNNING, `replay ${name} is ${before.State}; nothing to cancel`, {
      state: before.State,
    });
    const replay = replayRecord(before, replayShare(observationOf(before, ctx.clock.now())));
    return { data: { replay }, requested: false, waited: false };
  }
  try {
    await events.send(new CancelReplayCommand({ ReplayName: name }));
  } catch (error) {
    throw toAwsarchError(error, `Cancelling replay ${name}`);
  }
  ctx.io.info(MSG.REPLAY_CANCEL_REQUESTED, `CancelReplay ${name}`, { replay: name });
  const data = await showReplay(ctx, events, name, watch, `Cancel replay ${name}`);
  return { data, requested: true, waited: watch.wait };
}

/** `replay status` with --wait: failed unless the replay completed. */
export function replayStatusOutcome(data: { replay: ReplayRecord }, wait: boolean): Outcome {
  return replayOutcome(data.replay.state, wait);
}

/** What `replay cancel` did: the JSON, whether CancelReplay was called (not for an ended replay), and waited. */
export interface CancelReplayRun {
  data: { replay: ReplayRecord };
  requested: boolean;
  waited: boolean;
}

/** Cancelling is what was asked for: a CANCELLED replay, or one that had ended already, is success here. */
export function cancelReplayOutcome(run: CancelReplayRun): Outcome {
  return run.data.replay.state === 'CANCELLED' ? 'ok' : replayOutcome(run.data.replay.state, run.waited);
}

export interface ReplayListRequest {
  readonly account?: string;
  readonly state?: string;
  readonly prefix?: string;
}

/** `awsarch replay list`: the account's replays, newest first. */
export async function listReplays(
  ctx: CommandContext,
  request: ReplayListRequest,
): Promise<{ replays: ReplayRecord[] }> {
  const account = await workloadAccount(ctx, request.account);
  const events = account.aws.client(EventBridgeClient);
  const replays: Replay[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await events.send(
        new ListReplaysCommand({
          State: request.state as Replay['State'],
          NamePrefix: request.prefix,
          NextToken: token,
        }),
      );
      replays.push(...(page.Replays ?? []));
      token = page.NextToken;
    } while (token);
  } catch (error) {
    throw toAwsarchError(error, 'Listing replays');
  }
  const now = ctx.clock.now();
  const records = replays
    .sort((a, b) => (b.ReplayStartTime?.getTime() ?? 0) - (a.ReplayStartTime?.getTime() ?? 0))
    .map((replay) => replayRecord(replay, replayShare(observationOf(replay, now))));
  return { replays: records };
}
