import { describe, expect, it } from 'vitest';
import {
  describeReplayProgress,
  formatDuration,
  formatReplayRate,
  replayProgress,
  replayShare,
  type ReplayObservation,
} from '../../../src/workloads/replay/replay-progress.js';

const START = Date.parse('2026-11-24T00:00:00Z');
const END = START + 10 * 3_600_000;
const at = (second: number, lastReplayedHours?: number, state = 'RUNNING'): ReplayObservation => ({
  state,
  eventStartTime: START,
  eventEndTime: END,
  ...(lastReplayedHours === undefined ? {} : { eventLastReplayedTime: START + lastReplayedHours * 3_600_000 }),
  at: 1_000_000 + second * 1000,
});

describe('replay progress arithmetic', () => {
  it('is the share of the window up to the last replayed event time', () => {
    expect(replayShare(at(0))).toBe(0);
    expect(replayShare(at(0, 0))).toBe(0);
    expect(replayShare(at(0, 2.5))).toBe(0.25);
    expect(replayShare(at(0, 10))).toBe(1);
    expect(replayShare(at(0, 12))).toBe(1);
    expect(replayShare(at(0, 4, 'COMPLETED'))).toBe(1);
    expect(replayShare({ ...at(0, 1), eventEndTime: START })).toBe(0);
  });

  it('measures the rate over the last 30 s once the last replayed time has moved, and the time left from it', () => {
    expect(replayProgress([])).toEqual({ share: 0 });
    expect(replayProgress([at(0), at(5)])).toEqual({ share: 0 });
    expect(replayProgress([at(0, 1), at(5, 1)])).toEqual({ share: 0.1 });
    // 2 hours of events in 10 s: 720 event-seconds a second; 6 hours left take 30 s.
    const progress = replayProgress([at(0, 1), at(5, 2), at(10, 3), at(12, 4)]);
    expect(progress.share).toBeCloseTo(0.4);
    expect(progress.windowMsPerSecond).toBeCloseTo((3 * 3_600_000) / 12);
    expect(progress.etaMs).toBe(24_000);
    // Older observations drop out of the window: the rate follows a replay that slowed down.
    const slowed = replayProgress([at(0, 0.5), at(10, 5), at(50, 5.5), at(60, 6)]);
    expect(slowed.windowMsPerSecond).toBeCloseTo((0.5 * 3_600_000) / 10);
    expect(replayProgress([at(0, 9), at(10, 10, 'COMPLETED')]).etaMs).toBe(0);
  });

  it('has no time left once the replay stopped advancing or its cancel was requested', () => {
    const running = [at(0, 1), at(5, 2), at(10, 3)];
    expect(replayProgress(running).etaMs).toBeGreaterThan(0);
    expect(replayProgress(running, { cancelRequested: true }).etaMs).toBeUndefined();
    for (const state of ['CANCELLING', 'CANCELLED', 'FAILED']) {
      const stopped = replayProgress([...running, at(12, 3.5, state)]);
      expect(stopped.etaMs).toBeUndefined();
      expect(stopped.windowMsPerSecond).toBeGreaterThan(0);
      expect(describeReplayProgress(stopped)).not.toContain('left');
    }
  });

  it('says it in words', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(3 * 3_600_000 + 65_000)).toBe('3h01m');
    expect(formatReplayRate(1000)).toBe('1.0 min of events/min');
    expect(formatReplayRate(20_000)).toBe('20 min of events/min');
    expect(formatReplayRate(150_000)).toBe('2.5 h of events/min');
    expect(formatReplayRate(3_600_000)).toBe('2.5 days of events/min');
    expect(describeReplayProgress({ share: 0.423, windowMsPerSecond: 150_000, etaMs: 80_000 })).toBe(
      '42% of the window · 2.5 h of events/min · about 1m20s left',
    );
    expect(describeReplayProgress({ share: 1, windowMsPerSecond: 150_000, etaMs: 0 })).toBe(
      '100% of the window · 2.5 h of events/min',
    );
  });
});
