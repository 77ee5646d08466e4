import { describe, expect, it } from 'vitest';
import {
  describeHolder,
  generationOf,
  isSuperseded,
  judgeLease,
  leaseParameterName,
  MAX_CLOCK_SKEW_MS,
  type LeaseGeneration,
  type LeaseRecord,
} from '../../src/aws/run-lease-decisions.js';

const BASE = '/awsarch/run-lease/organization';
const NOW = Date.parse('2026-12-04T12:00:00Z');
const record = (overrides: Partial<LeaseRecord> = {}): LeaseRecord => ({
  holder: 'h1',
  purpose: 'baseline apply',
  pid: 4242,
  host: 'ci-runner-7',
  startedAt: '2026-12-04T11:59:00.000Z',
  renewedAt: '2026-12-04T11:59:50.000Z',
  ttlSeconds: 60,
  ...overrides,
});
const generation = (n: number, overrides: Partial<LeaseGeneration> = {}): LeaseGeneration => ({
  generation: n,
  name: leaseParameterName(BASE, n),
  version: 3,
  lastModified: NOW - 10_000,
  record: record(),
  ...overrides,
});
const judge = (generations: LeaseGeneration[], seenAgoMs = 0, overrides: { host?: string; alive?: boolean } = {}) =>
  judgeLease({
    generations,
    now: NOW,
    firstSeen: () => NOW - seenAgoMs,
    host: overrides.host ?? 'laptop',
    isAlive: () => overrides.alive ?? true,
  });

describe('judgeLease', () => {
  it.each<[string, ReturnType<typeof judge>['kind'], ReturnType<typeof judge>]>([
    ['free when no run ever took it', 'free', judge([])],
    [
      'free when the current holder released it',
      'free',
      judge([generation(4, { record: record({ released: true }) })]),
    ],
    ['held by a live holder that renews', 'held', judge([generation(4)], 10_000)],
    ['free once the same version has been seen unchanged for the TTL', 'free', judge([generation(4)], 60_000)],
    [
      'free when AWS last saw it written longer ago than the TTL plus the largest clock skew',
      'free',
      judge([generation(4, { lastModified: NOW - 60_000 - MAX_CLOCK_SKEW_MS - 1 })]),
    ],
    [
      'free at once when its holder ran on this host and exited (kill -9)',
      'free',
      judge([generation(4)], 0, { host: 'ci-runner-7', alive: false }),
    ],
    ['held when its holder on this host is alive', 'held', judge([generation(4)], 0, { host: 'ci-runner-7' })],
    [
      'judged by the highest generation only',
      'held',
      judge([generation(3, { record: record({ released: true }) }), generation(4)]),
    ],
  ])('%s', (_name, kind, state) => {
    expect(state.kind).toBe(kind);
  });

  it('takes the next generation after the current one', () => {
    expect(judge([])).toEqual({ kind: 'free', next: 1, reason: 'none' });
    expect(judge([generation(7, { record: record({ released: true }) })])).toMatchObject({
      next: 8,
      reason: 'released',
    });
  });

  it('says how long a silent holder keeps it', () => {
    expect(judge([generation(4)], 15_000)).toMatchObject({ kind: 'held', expiresInMs: 45_000 });
  });
});

describe('lease parameters', () => {
  it('number generations so that name order is generation order', () => {
    expect(leaseParameterName(BASE, 12)).toBe(`${BASE}/g0000000012`);
    expect(generationOf(BASE, `${BASE}/g0000000012`)).toBe(12);
    expect(generationOf(BASE, `${BASE}/other`)).toBeUndefined();
  });

  it('a run whose generation has a successor has lost the lease', () => {
    expect(isSuperseded([generation(4), generation(5)], 4)).toBe(true);
    expect(isSuperseded([generation(4)], 4)).toBe(false);
  });

  it('describes the holder for whoever waits', () => {
    expect(describeHolder(generation(4, { record: record({ user: 'ci' }) }))).toBe(
      'baseline apply (pid 4242 on ci-runner-7 as ci, since 11:59:00 UTC)',
    );
  });
});
