import { describe, expect, it } from 'vitest';
import { parseReplayTime, planReplayWindow, type ArchiveFacts } from '../../../src/workloads/replay/replay-window.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BUS = 'arn:aws:events:us-east-1:111122223333:event-bus/ride-sharing';
const archive: ArchiveFacts = {
  name: 'ride-sharing-archive',
  arn: 'arn:aws:events:us-east-1:111122223333:archive/ride-sharing-archive',
  eventSourceArn: BUS,
  state: 'ENABLED',
  retentionDays: 30,
  eventCount: 5000,
  sizeBytes: 5_000_000,
  creationTime: NOW - 60 * DAY,
};
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'accepted';
};

describe('parseReplayTime', () => {
  it('takes ISO-8601 times, now, and times ago', () => {
    expect(parseReplayTime('2026-11-24T08:00:00Z', NOW)).toBe(Date.parse('2026-11-24T08:00:00Z'));
    expect(parseReplayTime('2026-11-24T09:00:00+01:00', NOW)).toBe(Date.parse('2026-11-24T08:00:00Z'));
    expect(parseReplayTime('now', NOW)).toBe(NOW);
    expect(parseReplayTime('90m', NOW)).toBe(NOW - 90 * 60_000);
    expect(parseReplayTime('6h', NOW)).toBe(NOW - 6 * HOUR);
    expect(parseReplayTime('1.5d', NOW)).toBe(NOW - 36 * HOUR);
    expect(parseReplayTime('2w ago', NOW)).toBe(NOW - 14 * DAY);
    expect(() => parseReplayTime('yesterday', NOW)).toThrow(/ISO-8601 .* "now", or a time ago/);
    expect(() => parseReplayTime('2026-13-45', NOW)).toThrow();
  });
});

describe('planReplayWindow', () => {
  const plan = (start: number, end: number, facts: Partial<ArchiveFacts> = {}, bus = BUS) =>
    planReplayWindow({ start, end }, { ...archive, ...facts }, bus, NOW);

  it('accepts a window the archive holds, without warnings', () => {
    expect(plan(NOW - 6 * HOUR, NOW - HOUR)).toEqual({
      start: NOW - 6 * HOUR,
      end: NOW - HOUR,
      earliestHeld: NOW - 6 * HOUR,
      warnings: [],
    });
  });

  it.each([
    ['an empty window', () => plan(NOW - HOUR, NOW - HOUR), 'replay-window-empty'],
    ['a window ending in the future', () => plan(NOW - HOUR, NOW + HOUR), 'replay-window-future'],
    [
      "a replay into another bus than the archive's source",
      () => plan(NOW - 2 * HOUR, NOW - HOUR, {}, BUS.replace('ride-sharing', 'partner')),
      'replay-cross-bus',
    ],
    [
      'an archive that is not enabled',
      () => plan(NOW - 2 * HOUR, NOW - HOUR, { state: 'DISABLED' }),
      'archive-not-enabled',
    ],
    ['a window entirely past the retention', () => plan(NOW - 40 * DAY, NOW - 31 * DAY), 'replay-window-expired'],
    [
      'an archive that holds nothing (counts reconciled)',
      () => plan(NOW - 2 * HOUR, NOW - HOUR, { eventCount: 0 }),
      'archive-empty',
    ],
  ])('refuses %s', (_name, run, code) => {
    expect(codeOf(run)).toBe(code);
  });

  it('keeps events forever with retention 0', () => {
    expect(
      codeOf(() => plan(NOW - 400 * DAY, NOW - 399 * DAY, { retentionDays: 0, creationTime: NOW - 500 * DAY })),
    ).toBe('accepted');
  });

  it('warns about the parts of the window the archive cannot hold', () => {
    const codes = (facts: Partial<ArchiveFacts>, start: number, end: number) =>
      plan(start, end, facts).warnings.map((warning) => warning.message.code);
    expect(codes({}, NOW - 40 * DAY, NOW - HOUR)).toEqual(['replay-window-partly-expired']);
    expect(plan(NOW - 40 * DAY, NOW - HOUR).earliestHeld).toBe(NOW - 30 * DAY);
    expect(codes({ creationTime: NOW - 2 * HOUR }, NOW - 6 * HOUR, NOW - HOUR)).toEqual([
      'replay-window-before-archive',
    ]);
    expect(codes({}, NOW - HOUR, NOW - 5 * 60_000)).toEqual(['replay-window-recent']);
    expect(codes({ eventCount: 0, creationTime: NOW - 3 * HOUR }, NOW - 2 * HOUR, NOW - HOUR)).toEqual([
      'archive-count-unreconciled',
    ]);
  });
});
