import { AsyncJournal } from '../../background/async-journal.js';
import { SandboxServiceError } from '../../errors.js';
import type { SandboxState } from '../../state.js';
import type { HandlerContext, OperationInput, SettleContext } from '../../types.js';
import { eventsBetween, readArchivedEvents } from './archive-store.js';
import { deliverToTargets, matchingRules, type DeliveryContext } from './delivery.js';
import {
  allRegions,
  busNameOf,
  regionOf,
  replayArn,
  timestampMs,
  type EventBridgeRegion,
  type ReplayRecord,
} from './model.js';

const REPLAY_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Replays that may be in progress at once per account and Region. */
export const MAX_ACTIVE_REPLAYS = 10;
/** AWSARCH_SANDBOX_FAULTS=ReplayDelivery=<Code> makes replays fail while they deliver. */
export const REPLAY_FAULT = 'ReplayDelivery';

const ACTIVE = new Set(['STARTING', 'RUNNING', 'CANCELLING']);
const validation = (message: string) => new SandboxServiceError('ValidationException', message);

function replayOrThrow(slice: EventBridgeRegion, name: string): ReplayRecord {
  const replay = slice.replays[name];
  if (!replay) throw new SandboxServiceError('ResourceNotFoundException', `Replay ${name} does not exist.`);
  return replay;
}

/** StartReplay with AWS's checks, in AWS's order; the replay then advances on its own (see settleReplays). */
export function startReplay(input: OperationInput, ctx: HandlerContext) {
  const now = ctx.now();
  const slice = regionOf(ctx.state, ctx.caller.accountId, ctx.region, now);
  const name = String(input.ReplayName ?? '');
  if (!REPLAY_NAME.test(name))
    throw validation(
      `1 validation error detected: Value '${name}' at 'replayName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`,
    );
  const destination = (input.Destination ?? {}) as { Arn?: string; FilterArns?: string[] };
  const destinationArn = String(destination.Arn ?? '');
  if (!/^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/.+$/.test(destinationArn))
    throw validation('Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.');
  const busName = busNameOf(destinationArn);
  const bus = slice.buses[busName];
  if (!bus || bus.arn !== destinationArn)
    throw new SandboxServiceError('ResourceNotFoundException', `Event bus ${busName} does not exist.`);
  const sourceArn = String(input.EventSourceArn ?? '');
  const archiveName = sourceArn.split('/').at(-1) ?? '';
  const archive = slice.archives[archiveName];
  if (!archive || archive.arn !== sourceArn)
    throw validation(`Parameter EventSourceArn is not valid. Reason: Archive ${archiveName} does not exist.`);
  if (archive.eventSourceArn !== destinationArn)
    throw validation('Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.');
  const start = timestampMs(input.EventStartTime);
  const end = timestampMs(input.EventEndTime);
  if (start === undefined || end === undefined)
    throw validation('Parameters EventStartTime and EventEndTime are required.');
  if (end <= start)
    throw validation('Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.');
  if (slice.replays[name])
    throw new SandboxServiceError('ResourceAlreadyExistsException', `Replay ${name} already exists.`);
  const filterArns = Array.isArray(destination.FilterArns) ? destination.FilterArns.map(String) : undefined;
  for (const arn of filterArns ?? []) {
    const [ruleBus, ruleName] = arn.includes(':rule/')
      ? ((rest) => (rest.includes('/') ? rest.split('/') : ['default', rest]))(arn.split(':rule/')[1] ?? '')
      : [undefined, undefined];
    if (ruleBus !== busName || !ruleName)
      throw validation(
        'Parameter Destination.FilterArns is not valid. Reason: Rule must be on the destination event bus.',
      );
    if (!slice.rules[busName]?.[ruleName])
      throw new SandboxServiceError(
        'ResourceNotFoundException',
        `Rule ${ruleName} does not exist on EventBus ${busName}.`,
      );
  }
  const active = Object.values(slice.replays).filter((replay) => ACTIVE.has(replay.state)).length;
  if (active >= MAX_ACTIVE_REPLAYS)
    throw new SandboxServiceError(
      'LimitExceededException',
      `The requested resource exceeds the maximum number allowed: ${MAX_ACTIVE_REPLAYS} replays in progress.`,
    );
  const replay: ReplayRecord = {
    name,
    arn: replayArn(ctx.region, ctx.caller.accountId, name),
    eventSourceArn: archive.arn,
    destination: { Arn: destinationArn, ...(filterArns?.length ? { FilterArns: filterArns } : {}) },
    eventStartTime: start,
    eventEndTime: end,
    state: 'STARTING',
    replayStartTime: now,
    runningAt: now + ctx.options.replayMinuteMs,
    minuteMs: ctx.options.replayMinuteMs,
    minutesDone: 0,
    eventsReplayed: 0,
    ...(typeof input.Description === 'string' ? { description: input.Description } : {}),
  };
  slice.replays[name] = replay;
  return { ReplayArn: replay.arn, State: replay.state, ReplayStartTime: new Date(now) };
}

function replaySummary(replay: ReplayRecord) {
  const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
  return {
    ReplayName: replay.name,
    EventSourceArn: replay.eventSourceArn,
    State: replay.state,
    StateReason: replay.stateReason,
    EventStartTime: date(replay.eventStartTime),
    EventEndTime: date(replay.eventEndTime),
    EventLastReplayedTime: date(replay.eventLastReplayedTime),
    ReplayStartTime: date(replay.replayStartTime),
    ReplayEndTime: date(replay.replayEndTime),
  };
}

export function describeReplay(input: OperationInput, ctx: HandlerContext) {
  const replay = replayOrThrow(
    regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now()),
    String(input.ReplayName ?? ''),
  );
  return {
    ...replaySummary(replay),
    ReplayArn: replay.arn,
    Description: replay.description,
    Destination: replay.destination,
  };
}

export function listReplays(input: OperationInput, ctx: HandlerContext) {
  const prefix = String(input.NamePrefix ?? '');
  const replays = Object.values(regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now()).replays)
    .filter(
      (replay) =>
        replay.name.startsWith(prefix) &&
        (input.State === undefined || replay.state === input.State) &&
        (input.EventSourceArn === undefined || replay.eventSourceArn === input.EventSourceArn),
    )
    .sort((a, b) => b.replayStartTime - a.replayStartTime || a.name.localeCompare(b.name));
  const offset = Number(input.NextToken ?? 0) || 0;
  const limit = Math.min(100, Math.max(1, Number(input.Limit ?? 50)));
  const page = replays.slice(offset, offset + limit);
  return {
    Replays: page.map(replaySummary),
    ...(offset + limit < replays.length ? { NextToken: String(offset + limit) } : {}),
  };
}

export function cancelReplay(input: OperationInput, ctx: HandlerContext) {
  const replay = replayOrThrow(
    regionOf(ctx.state, ctx.caller.accountId, ctx.region, ctx.now()),
    String(input.ReplayName ?? ''),
  );
  if (replay.state !== 'STARTING' && replay.state !== 'RUNNING')
    throw new SandboxServiceError(
      'IllegalStatusException',
      `Replay ${replay.name} is not in a valid state for this operation.`,
    );
  replay.state = 'CANCELLING';
  replay.cancelRequestedAt = ctx.now();
  return { ReplayArn: replay.arn, State: replay.state };
}

function fail(replay: ReplayRecord, reason: string, now: number): void {
  replay.state = 'FAILED';
  replay.stateReason = reason.slice(0, 512);
  replay.replayEndTime = now;
}

/**
 * Moves one replay along its state machine from timestamps, so any process serving the state sees the
 * same progress: STARTING for a sandbox "minute" (AWSARCH_SANDBOX_REPLAY_MINUTE_MS), then RUNNING through
 * the window one minute of event time per sandbox minute (as AWS replays in 1-minute intervals),
 * delivering the archived events of each interval to the destination bus's rules (only FilterArns if
 * given; never the archives' own rules) with "replay-name" set, and EventLastReplayedTime at the end of
 * the last interval; then COMPLETED. CancelReplay: CANCELLING, and CANCELLED a minute later. FAILED when
 * the archive or the bus is gone, or with AWSARCH_SANDBOX_FAULTS=ReplayDelivery=<Code>.
 */
function advanceReplay(ctx: SettleContext, slice: EventBridgeRegion, replay: ReplayRecord, now: number): boolean {
  const minuteMs = replay.minuteMs;
  if (replay.state === 'CANCELLING') {
    if (now < (replay.cancelRequestedAt ?? now) + minuteMs) return false;
    replay.state = 'CANCELLED';
    replay.replayEndTime = now;
    return true;
  }
  if (replay.state !== 'STARTING' && replay.state !== 'RUNNING') return false;
  if (now < replay.runningAt) return false;
  let changed = false;
  if (replay.state === 'STARTING') {
    replay.state = 'RUNNING';
    changed = true;
  }
  const totalMinutes = Math.max(1, Math.ceil((replay.eventEndTime - replay.eventStartTime) / MINUTE_MS));
  const due = minuteMs === 0 ? totalMinutes : Math.min(totalMinutes, Math.floor((now - replay.runningAt) / minuteMs));
  if (due <= replay.minutesDone) return changed;
  const archive = Object.values(slice.archives).find((candidate) => candidate.arn === replay.eventSourceArn);
  const busName = busNameOf(replay.destination.Arn);
  if (!archive) {
    fail(replay, `Archive ${replay.eventSourceArn.split('/').at(-1)} no longer exists.`, now);
    return true;
  }
  if (!slice.buses[busName]) {
    fail(replay, `Destination event bus ${busName} no longer exists.`, now);
    return true;
  }
  const fault = ctx.options.faults.operationErrors.get(REPLAY_FAULT);
  if (fault && Math.random() < fault.probability) {
    fail(replay, `Injected by the awsarch sandbox (AWSARCH_SANDBOX_FAULTS): ${fault.code}`, now);
    return true;
  }
  const from = replay.eventStartTime + replay.minutesDone * MINUTE_MS;
  const to = Math.min(replay.eventEndTime, replay.eventStartTime + due * MINUTE_MS);
  const oldest = archive.retentionDays > 0 ? now - archive.retentionDays * DAY_MS : Number.NEGATIVE_INFINITY;
  const delivery: DeliveryContext = {
    state: ctx.state,
    stateDir: ctx.options.stateDir,
    now,
    journal: AsyncJournal.of(ctx.resources, ctx.options.stateDir),
  };
  for (const archived of eventsBetween(
    readArchivedEvents(ctx.options.stateDir, archive.file, ctx.resources),
    from,
    to,
  )) {
    if (archived.time < oldest) continue;
    const event = { ...archived.event, 'replay-name': replay.name };
    for (const rule of matchingRules(slice, busName, event)) {
      if (rule.archiveName || (replay.destination.FilterArns && !replay.destination.FilterArns.includes(rule.arn)))
        continue;
      deliverToTargets(delivery, slice, rule, event);
    }
    replay.eventsReplayed += 1;
  }
  replay.minutesDone = due;
  replay.eventLastReplayedTime = to;
  if (due >= totalMinutes) {
    replay.state = 'COMPLETED';
    replay.replayEndTime = minuteMs === 0 ? now : Math.min(now, replay.runningAt + totalMinutes * minuteMs);
  }
  return true;
}

/** Whether a replay is in progress anywhere (the background runner then settles without waiting for requests). */
export function hasActiveReplays(state: SandboxState): boolean {
  return allRegions(state).some(({ slice }) => Object.values(slice.replays).some((replay) => ACTIVE.has(replay.state)));
}

/** Runs before every request of any service: advances every replay in progress. */
export function settleReplays(ctx: SettleContext): boolean {
  const now = ctx.now();
  let changed = false;
  for (const { slice } of allRegions(ctx.state)) {
    for (const replay of Object.values(slice.replays)) {
      if (ACTIVE.has(replay.state) && advanceReplay(ctx, slice, replay, now)) changed = true;
    }
  }
  return changed;
}
