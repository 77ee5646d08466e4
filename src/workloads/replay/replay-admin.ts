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
import { toDocument, type JsonDocument } from '../../documents/document.js';
import type { CommandResult } from '../../ui/io-host.js';
import { followReplay } from './replay-follow.js';
import { replayShare } from './replay-progress.js';
import { observationOf, replayRecord, TERMINAL_STATES, type ReplayRecord } from './replay-record.js';
import { replayResult, replayTable } from './replay-views.js';
import { workloadAccount } from './workload-stack.js';

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
      throw usageError('unknown-replay', `there is no replay named ${name}`, 'list them with: awsarch replay list');
    throw toAwsarchError(error, `Reading replay ${name}`);
  }
}

const replayDocument = <K extends 'replay-status' | 'replay-cancel'>(kind: K, replay: ReplayRecord) =>
  (kind === 'replay-status'
    ? toDocument('replay-status', { replay })
    : toDocument('replay-cancel', { replay })) as JsonDocument<K>;

/** Shows a replay now, or (--wait) follows it to its end with progress. */
async function showReplay<K extends 'replay-status' | 'replay-cancel'>(
  ctx: CommandContext,
  kind: K,
  events: EventBridgeClient,
  name: string,
  watch: ReplayWatch,
  title: string,
): Promise<CommandResult<JsonDocument<K>>> {
  const replay = await describeOrThrow(events, name);
  if (!watch.wait || TERMINAL_STATES.has(replay.State ?? '')) {
    return replayResult(
      replayDocument(kind, replayRecord(replay, replayShare(observationOf(replay, ctx.clock.now())))),
      [],
      watch.wait,
    );
  }
  const task = ctx.io.task(title);
  try {
    const outcome = await followReplay(ctx, events, name, task, watch);
    if (outcome.replay.State === 'COMPLETED') task.succeed(outcome.replay.State);
    else task.fail(`${outcome.replay.State}${outcome.replay.StateReason ? ` (${outcome.replay.StateReason})` : ''}`);
    return replayResult(replayDocument(kind, replayRecord(outcome.replay, outcome.progress.share)), [], true);
  } catch (error) {
    task.fail();
    throw error;
  }
}

/** `awsarch replay status NAME [--wait]`. */
export async function replayStatus(
  ctx: CommandContext,
  name: string,
  watch: ReplayWatch,
): Promise<CommandResult<JsonDocument<'replay-status'>>> {
  const account = await workloadAccount(ctx, watch.account);
  return showReplay(ctx, 'replay-status', account.aws.client(EventBridgeClient), name, watch, `Replay ${name}`);
}

/** `awsarch replay cancel NAME [--wait]`: CancelReplay, then (--wait) until it is CANCELLED. */
export async function cancelReplay(
  ctx: CommandContext,
  name: string,
  watch: ReplayWatch,
): Promise<CommandResult<JsonDocument<'replay-cancel'>>> {
  const account = await workloadAccount(ctx, watch.account);
  const events = account.aws.client(EventBridgeClient);
  const before = await describeOrThrow(events, name);
  if (TERMINAL_STATES.has(before.State ?? '') || before.State === 'CANCELLING') {
    ctx.io.warn('replay-not-running', `replay ${name} is ${before.State}; nothing to cancel`, { state: before.State });
    return replayResult(
      replayDocument('replay-cancel', replayRecord(before, replayShare(observationOf(before, ctx.clock.now())))),
    );
  }
  try {
    await events.send(new CancelReplayCommand({ ReplayName: name }));
  } catch (error) {
    throw toAwsarchError(error, `Cancelling replay ${name}`);
  }
  ctx.io.info('replay-cancel-requested', `CancelReplay ${name}`, { replay: name });
  const result = await showReplay(ctx, 'replay-cancel', events, name, watch, `Cancel replay ${name}`);
  // Cancelling is what was asked for: a CANCELLED replay is success here.
  return { ...result, exitCode: result.data.replay.state === 'CANCELLED' || !watch.wait ? 0 : result.exitCode };
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
): Promise<CommandResult<JsonDocument<'replay-list'>>> {
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
  return {
    data: toDocument('replay-list', { replays: records }),
    human: records.length ? [replayTable(records)] : [{ kind: 'text', lines: ['no replays'] }],
  };
}
