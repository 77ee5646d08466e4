import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  EventBridgeClient,
  ListRulesCommand,
  StartReplayCommand,
  type Rule,
} from '@aws-sdk/client-eventbridge';
import { InvalidArgumentError } from 'commander';
import { isAwsError, toAwsarchError } from '../../aws/aws-errors.js';
import type { CommandContext } from '../../core/context.js';
import { usageError } from '../../core/errors.js';
import { followReplay, replayCommand } from './replay-follow.js';
import { followUpCommand } from '../../core/rerun-hint.js';
import { endTaskAfterError } from '../../core/task-end.js';
import { describeReplayProgress, replayShare } from './replay-progress.js';
import { observationOf, replayRecord, type ReplayRecord } from './replay-record.js';
import { parseReplayTime, planReplayWindow, type ArchiveFacts } from './replay-window.js';
import { readWorkloadStack, requiredOutput, workloadAccount } from './workload-stack.js';
import { ERR } from '../../core/error-codes.js';

const STACK = 'RideSharing';
const WORKLOAD = 'ride-sharing' as const;

export interface RideSharingReplayRequest {
  readonly account?: string;
  /** --from / --to as given (ISO-8601, now, or a time ago such as 6h). */
  readonly from: string;
  readonly to: string;
  /** --rule: replay only to these rules of the bus (name, ARN, or a unique part of a name). */
  readonly rules: readonly string[];
  /** --archive: another archive of the bus (default: the workload's). */
  readonly archive?: string;
  readonly name?: string;
  readonly wait: boolean;
  readonly dryRun: boolean;
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

export interface RideSharingReplayData {
  readonly workload: 'ride-sharing';
  readonly account?: string;
  readonly bus: { readonly name: string; readonly arn: string };
  readonly archive: {
    readonly name: string;
    readonly arn: string;
    readonly eventCount: number;
    readonly retentionDays: number;
  };
  readonly window: { readonly from: string; readonly to: string };
  readonly rules: readonly string[];
  readonly warnings: ReadonlyArray<{ readonly code: string; readonly message: string }>;
  readonly dryRun: boolean;
  readonly replay: ReplayRecord;
  readonly waited: boolean;
  readonly cancelledByUser?: boolean;
  readonly durationMs: number;
}

function time(text: string, flag: string, now: number): number {
  try {
    return parseReplayTime(text, now);
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw usageError(ERR.BAD_REPLAY_TIME, `${flag}: ${error.message}`);
    throw error;
  }
}

/** The rules --rule names among the bus's own rules (the archives' managed rules are not replay targets). */
export function resolveRules(rules: readonly Rule[], wanted: readonly string[], busName: string): Rule[] {
  const candidates = rules.filter((rule) => !rule.ManagedBy);
  return wanted.map((key) => {
    const exact = candidates.find((rule) => rule.Name === key || rule.Arn === key);
    if (exact) return exact;
    const partial = candidates.filter((rule) => (rule.Name ?? '').toLowerCase().includes(key.toLowerCase()));
    if (partial.length === 1) return partial[0] as Rule;
    const names = candidates.map((rule) => rule.Name).join(', ');
    throw usageError(
      partial.length === 0 ? ERR.UNKNOWN_RULE : ERR.AMBIGUOUS_RULE,
      partial.length === 0
        ? `bus ${busName} has no rule matching "${key}"`
        : `"${key}" matches ${partial.length} rules of bus ${busName}: ${partial.map((rule) => rule.Name).join(', ')}`,
      `name one of: ${names}`,
    );
  });
}

async function listRules(events: EventBridgeClient, busName: string): Promise<Rule[]> {
  const rules: Rule[] = [];
  let token: string | undefined;
  do {
    const page = await events.send(new ListRulesCommand({ EventBusName: busName, NextToken: token }));
    rules.push(...(page.Rules ?? []));
    token = page.NextToken;
  } while (token);
  return rules;
}

async function describeArchive(events: EventBridgeClient, name: string): Promise<ArchiveFacts> {
  try {
    const archive = await events.send(new DescribeArchiveCommand({ ArchiveName: name }));
    return {
      name,
      arn: archive.ArchiveArn ?? '',
      eventSourceArn: archive.EventSourceArn ?? '',
      state: archive.State ?? 'UNKNOWN',
      retentionDays: archive.RetentionDays ?? 0,
      eventCount: archive.EventCount ?? 0,
      sizeBytes: archive.SizeBytes ?? 0,
      creationTime: archive.CreationTime?.getTime() ?? 0,
    };
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException'))
      throw usageError(
        ERR.UNKNOWN_ARCHIVE,
        `there is no archive named ${name}`,
        "omit --archive to use the workload's archive",
      );
    throw toAwsarchError(error, `Reading archive ${name}`);
  }
}

/** A replay name EventBridge accepts and that says what and when: ride-sharing-20261124T081500Z. */
export function defaultReplayName(now: number): string {
  return `${WORKLOAD}-${new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')}`;
}

/**
 * `awsarch replay ride-sharing`: replays a window of the workload's archive into its bus (optionally only
 * to chosen rules) after checking the window against the archive (replay-window.ts); with --wait, follows
 * it to its end with progress, and Ctrl-C asks whether to cancel it.
 */
export async function replayRideSharing(
  ctx: CommandContext,
  request: RideSharingReplayRequest,
): Promise<RideSharingReplayData> {
  const started = ctx.clock.now();
  const start = time(request.from, '--from', started);
  const end = time(request.to, '--to', started);
  const account = await workloadAccount(ctx, request.account);
  const stack = await readWorkloadStack(account, STACK, WORKLOAD);
  const bus = {
    name: requiredOutput(stack, 'EventBusName', WORKLOAD),
    arn: requiredOutput(stack, 'EventBusArn', WORKLOAD),
  };
  const events = account.aws.client(EventBridgeClient);
  const archive = await describeArchive(events, request.archive ?? requiredOutput(stack, 'ArchiveName', WORKLOAD));
  const plan = planReplayWindow({ start, end }, archive, bus.arn, started);
  for (const warning of plan.warnings) ctx.io.warn(warning.message, warning.text);
  const rules =
    request.rules.length > 0 ? resolveRules(await listRules(events, bus.name), request.rules, bus.name) : [];
  const name = request.name ?? defaultReplayName(started);
  const base = {
    workload: WORKLOAD,
    ...(account.accountId ? { account: account.accountId } : {}),
    bus,
    archive: {
      name: archive.name,
      arn: archive.arn,
      eventCount: archive.eventCount,
      retentionDays: archive.retentionDays,
    },
    window: { from: new Date(start).toISOString(), to: new Date(end).toISOString() },
    rules: rules.map((rule) => rule.Name ?? ''),
    warnings: plan.warnings.map((warning) => ({ code: warning.message.code, message: warning.text })),
  };
  if (request.dryRun) {
    const replay: ReplayRecord = {
      name,
      state: 'PLANNED',
      archiveArn: archive.arn,
      destination: { busArn: bus.arn, rules: rules.map((rule) => rule.Arn ?? '') },
      eventStartTime: base.window.from,
      eventEndTime: base.window.to,
      share: 0,
    };
    return { ...base, dryRun: true, replay, waited: false, durationMs: ctx.clock.now() - started };
  }

  const task = ctx.io.task(`Replay ${archive.name} → ${bus.name} (${base.window.from} → ${base.window.to})`);
  try {
    await events.send(
      new StartReplayCommand({
        ReplayName: name,
        Description: `awsarch replay ${WORKLOAD}`,
        EventSourceArn: archive.arn,
        EventStartTime: new Date(start),
        EventEndTime: new Date(end),
        Destination: { Arn: bus.arn, ...(rules.length ? { FilterArns: rules.map((rule) => rule.Arn ?? '') } : {}) },
      }),
    );
  } catch (error) {
    task.fail();
    if (isAwsError(error, 'ResourceAlreadyExistsException'))
      throw usageError(ERR.REPLAY_EXISTS, `a replay named ${name} already exists`, 'choose another --name');
    throw toAwsarchError(error, `Starting replay ${name}`);
  }
  if (!request.wait) {
    const replay = await events.send(new DescribeReplayCommand({ ReplayName: name }));
    task.succeed(
      `${replay.State}; follow it with: ${followUpCommand(ctx, replayCommand('status', name, request.account))}`,
    );
    return {
      ...base,
      dryRun: false,
      replay: replayRecord(replay, replayShare(observationOf(replay, ctx.clock.now()))),
      waited: false,
      durationMs: ctx.clock.now() - started,
    };
  }
  try {
    const outcome = await followReplay(ctx, events, name, task, {
      intervalMs: request.intervalMs,
      timeoutMs: request.timeoutMs,
      account: request.account,
    });
    const state = outcome.replay.State ?? '';
    const summary = `${state}${outcome.replay.StateReason ? ` (${outcome.replay.StateReason})` : ''}: ${describeReplayProgress(outcome.progress)}`;
    if (state === 'COMPLETED') task.succeed(summary);
    else if (outcome.cancelledByUser) task.cancel(summary);
    else task.fail(summary);
    return {
      ...base,
      dryRun: false,
      replay: replayRecord(outcome.replay, outcome.progress.share),
      waited: true,
      ...(outcome.cancelledByUser ? { cancelledByUser: true } : {}),
      durationMs: ctx.clock.now() - started,
    };
  } catch (error) {
    endTaskAfterError(task, error, ctx.signal);
    throw error;
  }
}
