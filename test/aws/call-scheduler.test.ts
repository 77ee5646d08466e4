import { describe, expect, it } from 'vitest';
import { CallScheduler, type Permit } from '../../src/aws/scheduler/call-scheduler.js';
import type { CallTarget } from '../../src/aws/scheduler/call-policy.js';
import { retryKind, ScheduledRetryStrategy } from '../../src/aws/scheduler/retry-strategy.js';
import { ManualClock, settle } from '../helpers/manual-clock.js';

const ec2 = (accountId = '111111111111', region = 'us-east-1'): CallTarget => ({
  service: 'EC2',
  operation: 'CreateVpc',
  accountId,
  region,
});

/** Starts acquiring and records which calls have been let through, in order. */
function queue(scheduler: CallScheduler, targets: CallTarget[]) {
  const granted: Array<{ index: number; permit: Permit }> = [];
  targets.forEach((target, index) => void scheduler.acquire(target).then((permit) => granted.push({ index, permit })));
  return granted;
}

describe('the call scheduler', () => {
  it('keeps each lane within its limit and every lane together within --max-concurrency', async () => {
    const clock = new ManualClock();
    const scheduler = new CallScheduler({ maxConcurrency: 5, clock, laneLimit: () => 3 });
    const granted = queue(scheduler, [
      ...Array.from({ length: 6 }, () => ec2('111111111111')),
      ...Array.from({ length: 6 }, () => ec2('222222222222')),
    ]);
    await settle();
    // Three of the first account's lane, then two of the second's: the overall limit of five is reached.
    expect(granted.map((grant) => grant.index)).toEqual([0, 1, 2, 6, 7]);
    granted[0]?.permit.finish('success');
    await settle();
    // The freed slot goes to the call that was ready first: the second lane's third, then the first lane's fourth.
    expect(granted.map((grant) => grant.index)).toEqual([0, 1, 2, 6, 7, 8]);
    for (const grant of [...granted]) grant.permit.finish('success');
    await settle();
    expect(granted).toHaveLength(11);
    expect(scheduler.snapshot()).toMatchObject({ attempts: 11, peakInFlight: 5, lanes: 2 });
  });

  it('IAM and Organizations share one lane per account in every Region; regional services do not', async () => {
    const clock = new ManualClock();
    const scheduler = new CallScheduler({ maxConcurrency: 100, clock, laneLimit: () => 1 });
    const iam = (region: string): CallTarget => ({ service: 'IAM', operation: 'GetRole', accountId: '1', region });
    const granted = queue(scheduler, [
      iam('us-east-1'),
      iam('eu-west-1'),
      ec2('1', 'us-east-1'),
      ec2('1', 'eu-west-1'),
    ]);
    await settle();
    expect(granted.map((grant) => grant.index)).toEqual([0, 2, 3]);
  });

  it("carries Security Hub's published GetFindings rate: a burst of 6, then 3 per second", async () => {
    const clock = new ManualClock();
    const scheduler = new CallScheduler({ maxConcurrency: 100, clock, laneLimit: () => 100 });
    const findings: CallTarget = {
      service: 'SecurityHub',
      operation: 'GetFindings',
      accountId: '1',
      region: 'us-east-1',
    };
    const granted = queue(
      scheduler,
      Array.from({ length: 15 }, () => findings),
    );
    const count = () => granted.length;
    await settle();
    expect(count()).toBe(6);
    await clock.advance(990);
    expect(count()).toBe(8);
    await clock.advance(11);
    expect(count()).toBe(9);
    await clock.advance(2000);
    // 6 at once, then 3 per second: 15 after three seconds.
    expect(count()).toBe(15);
    for (const grant of granted) grant.permit.finish('success');
    // Other Security Hub operations have their own bucket (10 per second, burst 30).
    const others = queue(
      scheduler,
      Array.from({ length: 30 }, () => ({ ...findings, operation: 'DescribeHub' })),
    );
    await settle();
    expect(others).toHaveLength(30);
  });

  it('throttling lowers the lane limit (once per round trip) and successes win it back', async () => {
    const clock = new ManualClock();
    const scheduler = new CallScheduler({ maxConcurrency: 100, clock, laneLimit: () => 8 });
    const target = ec2();
    const attempt = async (outcome: 'success' | 'throttled', roundTripMs: number) => {
      const permit = await scheduler.acquire(target);
      await clock.advance(roundTripMs);
      permit.finish(outcome);
    };
    await attempt('throttled', 20);
    expect(scheduler.laneLimit(target)).toBe(5);
    // A second throttle within the same round trip is the same congestion event.
    const [first, second] = await Promise.all([scheduler.acquire(target), scheduler.acquire(target)]);
    first?.finish('throttled');
    second?.finish('throttled');
    expect(scheduler.laneLimit(target)).toBe(5);
    await attempt('throttled', 20);
    expect(scheduler.laneLimit(target)).toBe(3);
    for (let i = 0; i < 4; i++) await attempt('throttled', 20);
    expect(scheduler.laneLimit(target)).toBe(1);
    for (let i = 0; i < 40; i++) await attempt('success', 5);
    expect(scheduler.laneLimit(target)).toBe(8);
    expect(scheduler.snapshot().throttled).toBe(8);
  });

  it('drops a call that waits for its turn when its signal aborts', async () => {
    const clock = new ManualClock();
    const scheduler = new CallScheduler({ maxConcurrency: 1, clock, laneLimit: () => 1 });
    const running = await scheduler.acquire(ec2());
    const controller = new AbortController();
    const waiting = scheduler.acquire(ec2(), controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
    running.finish('success');
    const next = await scheduler.acquire(ec2());
    next.finish('success');
    expect(scheduler.snapshot().attempts).toBe(2);
  });
});

describe('retries', () => {
  it('after throttling wait from twice the round trip (10 ms to 1 s), doubling, with full jitter; others from 100 ms', async () => {
    const clock = new ManualClock();
    const scheduler = new CallScheduler({ maxConcurrency: 10, clock });
    const target = ec2();
    const permit = await scheduler.acquire(target);
    await clock.advance(30);
    permit.finish('success');
    const top = () => 1;
    expect([1, 2, 3, 4].map((retry) => scheduler.retryDelayMs(target, retry, 'throttling', top))).toEqual([
      60, 120, 240, 480,
    ]);
    expect(scheduler.retryDelayMs(target, 2, 'throttling', () => 0.5)).toBe(60);
    expect(scheduler.retryDelayMs(target, 30, 'throttling', top)).toBe(20_000);
    expect(scheduler.retryDelayMs(ec2('999'), 1, 'throttling', top)).toBe(100);
    expect([1, 2, 3].map((retry) => scheduler.retryDelayMs(target, retry, 'transient', top))).toEqual([100, 200, 400]);
    const fast = await scheduler.acquire(ec2('222'));
    fast.finish('success');
    expect(scheduler.retryDelayMs(ec2('222'), 1, 'throttling', top)).toBe(10);
  });

  it('the SDK retry strategy retries throttling, transient errors and conflicts up to their limits, waiting on the clock', async () => {
    const clock = new ManualClock();
    const scheduler = new CallScheduler({ maxConcurrency: 10, clock });
    const retried: string[] = [];
    const strategy = new ScheduledRetryStrategy(
      scheduler,
      ec2(),
      clock,
      { throttling: 3, transient: 2 },
      () => 1,
      (kind) => retried.push(kind),
    );
    const throttled = { errorType: 'THROTTLING', error: { name: 'RequestLimitExceeded' } } as const;
    let token = await strategy.acquireInitialRetryToken('');
    let refreshed = false;
    const refreshing = strategy.refreshRetryTokenForRetry(token, throttled).then((next) => {
      refreshed = true;
      token = next;
    });
    refreshing.catch(() => undefined); // observed below, once the clock has moved
    await clock.advance(99);
    expect(refreshed).toBe(false);
    await clock.advance(1);
    await refreshing;
    expect(token.getRetryCount()).toBe(1);
    const second = strategy.refreshRetryTokenForRetry(token, throttled);
    second.catch(() => undefined); // observed below, once the clock has moved
    await clock.advance(200);
    token = await second;
    await expect(strategy.refreshRetryTokenForRetry(token, throttled)).rejects.toThrow('no more attempts');
    expect(retried).toEqual(['throttling', 'throttling']);

    const first = await strategy.acquireInitialRetryToken('');
    await expect(
      strategy.refreshRetryTokenForRetry(first, { errorType: 'CLIENT_ERROR', error: { name: 'AccessDenied' } }),
    ).rejects.toThrow();
    const later = strategy.refreshRetryTokenForRetry(first, {
      errorType: 'CLIENT_ERROR',
      error: { name: 'ConcurrentModificationException' },
      retryAfterHint: new Date(clock.now() + 5000),
    });
    let waited = false;
    void later.then(() => (waited = true));
    await clock.advance(4999);
    expect(waited).toBe(false);
    await clock.advance(1);
    expect(waited).toBe(true);
  });

  it('classifies what the SDK reports', () => {
    expect(retryKind({ errorType: 'THROTTLING' })).toBe('throttling');
    expect(retryKind({ errorType: 'TRANSIENT' })).toBe('transient');
    expect(retryKind({ errorType: 'SERVER_ERROR' })).toBe('transient');
    expect(retryKind({ errorType: 'CLIENT_ERROR', error: { name: 'ValidationException' } })).toBeUndefined();
  });
});
