import { describe, expect, it } from 'vitest';
import {
  typicalCreationMs,
  vendProgress,
  vendStepPlan,
  type AccountVendProgress,
  type VendProgressInput,
} from '../../src/accounts/vend-progress.js';
import { VEND_STEPS, type VendStepName } from '../../src/accounts/vend-model.js';

const STEPS = vendStepPlan({ wait: true, baseline: false });
/** One account that finished `durations` (ms, in step order) and is now `runningFor` ms into the next step. */
function account(durations: number[], runningFor?: number, now = 100_000): AccountVendProgress {
  const finished = durations.map((ms, i) => ({ step: STEPS[i] as VendStepName, end: 'done' as const, ms }));
  const next = STEPS[durations.length];
  return {
    steps: STEPS,
    finished,
    ...(runningFor !== undefined && next ? { running: { step: next, startedAt: now - runningFor } } : {}),
  };
}
const input = (accounts: AccountVendProgress[], extra: Partial<VendProgressInput> = {}): VendProgressInput => ({
  accounts,
  concurrency: 3,
  now: 100_000,
  ...extra,
});

describe('vending step plan', () => {
  it('is the real step list: baseline only with --baseline, up to create with --no-wait', () => {
    expect(vendStepPlan({ wait: true, baseline: false })).toEqual([
      'locate',
      'create',
      'wait',
      'move',
      'tag',
      'access',
    ]);
    expect(vendStepPlan({ wait: true, baseline: true })).toEqual([...VEND_STEPS]);
    expect(vendStepPlan({ wait: false, baseline: true })).toEqual(['locate', 'create']);
  });
});

describe('vending progress and ETA', () => {
  it('counts step k of n over every account', () => {
    expect(vendProgress(input([account([100, 200, 3000])]))).toMatchObject({ done: 3, total: 6 });
    expect(vendProgress(input([account([100, 200]), account([100])]))).toMatchObject({ done: 3, total: 12 });
  });

  it('has no ETA before the first step completes, even with a creation history', () => {
    expect(vendProgress(input([account([])], { typicalCreationMs: 60_000 })).etaMs).toBeUndefined();
    expect(vendProgress(input([account([], 50)], { typicalCreationMs: 60_000 })).etaMs).toBeUndefined();
  });

  it('says nothing about the creation wait without the organization history or a measured wait', () => {
    // locate measured (quick steps estimated), but how long AWS takes to create an account is unknown.
    expect(vendProgress(input([account([100])])).etaMs).toBeUndefined();
    // With the history: create 100 + wait 60 s + move, tag, access 100 each.
    expect(vendProgress(input([account([100])], { typicalCreationMs: 60_000 })).etaMs).toBe(60_400);
    // Once the wait was measured, the rest is quick steps.
    expect(vendProgress(input([account([100, 100, 45_000])])).etaMs).toBe(300);
  });

  it('shrinks as steps finish and as the running step goes on', () => {
    const history = { typicalCreationMs: 60_000 };
    const etas = [
      vendProgress(input([account([100])], history)).etaMs,
      vendProgress(input([account([100, 100])], history)).etaMs,
      vendProgress(input([account([100, 100], 20_000)], history)).etaMs,
      vendProgress(input([account([100, 100, 58_000])], history)).etaMs,
      vendProgress(input([account([100, 100, 58_000, 100])], history)).etaMs,
      vendProgress(input([account([100, 100, 58_000, 100, 100])], history)).etaMs,
    ] as number[];
    expect(etas).toEqual([60_400, 60_300, 40_300, 300, 200, 100]);
    for (let i = 1; i < etas.length; i++) expect(etas[i]).toBeLessThan(etas[i - 1] as number);
  });

  it('is never negative: a quick step a little late counts as ending now; a slow creation makes it unknown', () => {
    const late = vendProgress(input([account([100, 100, 60_000, 100], 250)]));
    expect(late.etaMs).toBe(100);
    expect(vendProgress(input([account([100, 100], 90_000)], { typicalCreationMs: 60_000 })).etaMs).toBeUndefined();
    for (let running = 0; running < 400; running += 37) {
      const eta = vendProgress(input([account([100, 100, 60_000, 100], running)])).etaMs;
      if (eta !== undefined) expect(eta).toBeGreaterThanOrEqual(0);
    }
  });

  it('has no ETA once the run failed or was cancelled', () => {
    const failed: AccountVendProgress = {
      steps: STEPS,
      finished: [
        { step: 'locate', end: 'done', ms: 100 },
        { step: 'create', end: 'failed', ms: 100 },
      ],
      ended: 'failed',
    };
    expect(vendProgress(input([failed], { typicalCreationMs: 60_000 }))).toEqual({ done: 2, total: 6 });
    expect(vendProgress(input([{ ...failed, ended: 'cancelled' }, account([100])]))).toEqual({ done: 3, total: 12 });
    expect(
      vendProgress(input([account([100, 100, 60_000])], { cancelled: true, typicalCreationMs: 60_000 })).etaMs,
    ).toBeUndefined();
    // One account failing does not stop the others: their time left is still estimated.
    expect(vendProgress(input([failed, account([100, 100, 60_000])])).etaMs).toBe(300);
  });

  it('queues the accounts not started onto the free slots (--concurrency)', () => {
    const history = { typicalCreationMs: 10_000 };
    // Two running accounts with 10,300 ms left each; two queued of 10,500 ms each.
    const running = account([100], 0);
    const queued: AccountVendProgress = { steps: STEPS, finished: [] };
    expect(vendProgress(input([running, running, queued, queued], { ...history, concurrency: 2 })).etaMs).toBe(
      10_400 + 10_500,
    );
    expect(vendProgress(input([running, running, queued, queued], { ...history, concurrency: 4 })).etaMs).toBe(10_500);
  });

  it('leaves a baseline it never measured unknown', () => {
    const steps = vendStepPlan({ wait: true, baseline: true });
    const withBaseline: AccountVendProgress = {
      steps,
      finished: steps.slice(0, 4).map((step) => ({ step, end: 'done' as const, ms: 100 })),
    };
    expect(vendProgress(input([withBaseline])).etaMs).toBeUndefined();
  });
});

describe("the organization's typical creation time", () => {
  it('is the median of recent successful creations', () => {
    const at = (requestedAt: number, seconds: number, state = 'SUCCEEDED') => ({
      state,
      requestedAt,
      completedAt: requestedAt + seconds * 1000,
    });
    expect(typicalCreationMs([])).toBeUndefined();
    expect(typicalCreationMs([at(0, 30, 'FAILED')])).toBeUndefined();
    expect(typicalCreationMs([at(0, 30), at(1, 90), at(2, 60), at(3, 1, 'FAILED')])).toBe(60_000);
    // Only the most recent `limit` count.
    expect(typicalCreationMs([at(0, 600), at(10, 30), at(20, 40)], 2)).toBe(35_000);
  });
});
