import type { Outcome } from '../../core/outcome.js';
import type { DescribeReplayCommandOutput, Replay, ReplayState } from '@aws-sdk/client-eventbridge';
import type { ReplayObservation } from './replay-progress.js';

/** A replay as awsarch reports it (JSON output): AWS's fields with ISO times. */
export interface ReplayRecord {
  readonly name: string;
  readonly arn?: string;
  /** AWS's state; PLANNED for a dry run, UNKNOWN if AWS gave none. */
  readonly state: ReplayState | 'PLANNED' | 'UNKNOWN';
  readonly stateReason?: string;
  readonly archiveArn?: string;
  readonly destination?: { readonly busArn?: string; readonly rules?: readonly string[] };
  readonly eventStartTime?: string;
  readonly eventEndTime?: string;
  readonly eventLastReplayedTime?: string;
  readonly replayStartTime?: string;
  readonly replayEndTime?: string;
  /** The share of the window replayed, 0..1. */
  readonly share: number;
}

export const TERMINAL_STATES = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

const iso = (date: Date | undefined) => date?.toISOString();

/** DescribeReplay's or ListReplays' view of a replay as one observation (for progress) at a wall time. */
export function observationOf(
  replay: Pick<Replay, 'State' | 'EventStartTime' | 'EventEndTime' | 'EventLastReplayedTime'>,
  at: number,
): ReplayObservation {
  return {
    state: replay.State ?? 'UNKNOWN',
    eventStartTime: replay.EventStartTime?.getTime() ?? 0,
    eventEndTime: replay.EventEndTime?.getTime() ?? 0,
    eventLastReplayedTime: replay.EventLastReplayedTime?.getTime(),
    at,
  };
}

export function replayRecord(replay: Replay | DescribeReplayCommandOutput, share: number): ReplayRecord {
  const described = replay as DescribeReplayCommandOutput;
  const record: ReplayRecord = {
    name: replay.ReplayName ?? '',
    arn: described.ReplayArn,
    state: replay.State ?? 'UNKNOWN',
    stateReason: replay.StateReason,
    archiveArn: replay.EventSourceArn,
    destination: described.Destination
      ? { busArn: described.Destination.Arn, rules: described.Destination.FilterArns }
      : undefined,
    eventStartTime: iso(replay.EventStartTime),
    eventEndTime: iso(replay.EventEndTime),
    eventLastReplayedTime: iso(replay.EventLastReplayedTime),
    replayStartTime: iso(replay.ReplayStartTime),
    replayEndTime: iso(replay.ReplayEndTime),
    share,
  };
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as unknown as ReplayRecord;
}

/** A replay followed to its end (--wait) ends the command failed when it was CANCELLED or FAILED; else ok. */
export function replayOutcome(state: string, waited: boolean): Outcome {
  return waited && (state === 'CANCELLED' || state === 'FAILED') ? 'failed' : 'ok';
}
