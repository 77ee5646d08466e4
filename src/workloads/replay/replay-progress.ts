/** A replay as DescribeReplay shows it at one moment. */
export interface ReplayObservation {
  readonly state: string;
  readonly eventStartTime: number;
  readonly eventEndTime: number;
  readonly eventLastReplayedTime?: number;
  /** When it was observed (wall clock). */
  readonly at: number;
}

export interface ReplayProgress {
  /** 0..1: the share of the window replayed, from EventLastReplayedTime. */
  readonly share: number;
  /** Event time replayed per second of wall time, once it can be measured. */
  readonly windowMsPerSecond?: number;
  /** Wall time left at that rate. */
  readonly etaMs?: number;
}

/** How long a window of recent observations the rate is measured over. */
const RATE_WINDOW_MS = 30_000;

/** The share of the window replayed (pure): 1 once COMPLETED, 0 until the first interval is done. */
export function replayShare(observation: ReplayObservation): number {
  if (observation.state === 'COMPLETED') return 1;
  const span = observation.eventEndTime - observation.eventStartTime;
  if (observation.eventLastReplayedTime === undefined || span <= 0) return 0;
  return Math.min(1, Math.max(0, (observation.eventLastReplayedTime - observation.eventStartTime) / span));
}

/** States in which a replay is still going forward (DescribeReplay); only these have time left. */
const ADVANCING_STATES: ReadonlySet<string> = new Set(['STARTING', 'RUNNING']);

/**
 * Share, rate and time left from the observations so far (pure): the rate is the event time replayed per
 * wall second over the last 30 s of observations (AWS replays a minute of the window at a time, so the
 * last replayed time moves in steps); no rate until it has moved twice. No time left once the replay is
 * not advancing (CANCELLING, CANCELLED, FAILED, COMPLETED) or a cancel was requested (it will not finish).
 */
export function replayProgress(
  observations: readonly ReplayObservation[],
  options: { cancelRequested?: boolean } = {},
): ReplayProgress {
  const last = observations.at(-1);
  if (!last) return { share: 0 };
  const share = replayShare(last);
  const recent = observations.filter(
    (observation) => observation.eventLastReplayedTime !== undefined && observation.at >= last.at - RATE_WINDOW_MS,
  );
  const first = recent[0];
  const newest = recent.at(-1);
  if (
    !first ||
    !newest ||
    newest.at <= first.at ||
    (newest.eventLastReplayedTime as number) <= (first.eventLastReplayedTime as number)
  )
    return { share };
  const windowMsPerSecond =
    ((newest.eventLastReplayedTime as number) - (first.eventLastReplayedTime as number)) /
    ((newest.at - first.at) / 1000);
  if (share >= 1) return { share, windowMsPerSecond, etaMs: 0 };
  if (options.cancelRequested || !ADVANCING_STATES.has(last.state)) return { share, windowMsPerSecond };
  const remaining = last.eventEndTime - (last.eventLastReplayedTime ?? last.eventStartTime);
  return { share, windowMsPerSecond, etaMs: Math.round((remaining / windowMsPerSecond) * 1000) };
}

/** 90 s -> "1m30s", 3 h -> "3h00m". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** Event time per wall minute, in the unit that reads best: "45 min", "2.5 h", "3.1 days" of events per minute. */
export function formatReplayRate(windowMsPerSecond: number): string {
  const perMinute = windowMsPerSecond * 60;
  if (perMinute < 3_600_000) return `${(perMinute / 60_000).toFixed(perMinute < 600_000 ? 1 : 0)} min of events/min`;
  if (perMinute < 86_400_000) return `${(perMinute / 3_600_000).toFixed(1)} h of events/min`;
  return `${(perMinute / 86_400_000).toFixed(1)} days of events/min`;
}

/** The progress line: "42% of the window · 2.5 h of events/min · about 1m20s left". */
export function describeReplayProgress(progress: ReplayProgress): string {
  const parts = [`${Math.floor(progress.share * 100)}% of the window`];
  if (progress.windowMsPerSecond !== undefined) parts.push(formatReplayRate(progress.windowMsPerSecond));
  if (progress.etaMs !== undefined && progress.share < 1) parts.push(`about ${formatDuration(progress.etaMs)} left`);
  return parts.join(' · ');
}
