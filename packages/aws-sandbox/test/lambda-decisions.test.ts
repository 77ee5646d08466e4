import { describe, expect, it } from 'vitest';
import { decideDelivery, decideInvocation } from '../src/background/async-decisions.js';
import type { AsyncWork } from '../src/background/async-journal.js';
import { ratePeriodMs } from '../src/background/schedules.js';
import { matchRoute } from '../src/services/apigatewayv2/route-matching.js';
import { readBatchResponse } from '../src/services/lambda/event-sources/batch-response.js';
import { arnLike } from '../src/services/lambda/resource-policy.js';
import { readZipEntries } from '../src/services/lambda/runtime/zip-archive.js';
import { zipOf } from './fixtures/function-stack.js';

const clock = { now: 1_000_000, minuteMs: 60_000 };
const work = (delivery?: AsyncWork['delivery']): AsyncWork => ({
  id: 'w',
  functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:f',
  payload: '{}',
  receivedAt: clock.now,
  source: delivery ? 'eventbridge' : 'invoke',
  ...(delivery ? { delivery } : {}),
});
const failed = {
  kind: 'failed',
  phase: 'invoke',
  durationMs: 5,
  error: { errorType: 'E', errorMessage: 'm', trace: [] },
} as const;

describe('asynchronous invocation decisions', () => {
  it("retries a function error after 1, then 2 minutes, up to the function's retry attempts, within its event age", () => {
    const settings = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600 };
    expect(decideInvocation(work(), { stage: 'invoke', attempts: 0, dueAt: 0 }, failed, settings, clock)).toEqual({
      kind: 'retry',
      dueAt: clock.now + 60_000,
    });
    expect(decideInvocation(work(), { stage: 'invoke', attempts: 1, dueAt: 0 }, failed, settings, clock)).toEqual({
      kind: 'retry',
      dueAt: clock.now + 120_000,
    });
    expect(decideInvocation(work(), { stage: 'invoke', attempts: 2, dueAt: 0 }, failed, settings, clock)).toEqual({
      kind: 'failed',
      condition: 'RetriesExhausted',
    });
    expect(
      decideInvocation(
        work(),
        { stage: 'invoke', attempts: 0, dueAt: 0 },
        failed,
        { ...settings, maximumEventAgeSeconds: 60 },
        clock,
      ),
    ).toEqual({ kind: 'failed', condition: 'EventAgeExceeded' });
    const throttled = { kind: 'throttled', reason: 'x' } as const;
    expect(decideInvocation(work(), { stage: 'invoke', attempts: 0, dueAt: 0 }, throttled, settings, clock).kind).toBe(
      'wait',
    );
  });

  it("dead-letters permission and missing-target errors at once, and retriable ones once the target's retry policy is spent", () => {
    const delivery = {
      ruleArn: 'arn:aws:events:us-east-1:111122223333:rule/r',
      targetId: 't',
      targetArn: 'arn:aws:lambda:us-east-1:111122223333:function:f',
      maximumRetryAttempts: 2,
      maximumEventAgeSeconds: 3600,
    };
    const progress = (attempts: number) => ({ stage: 'delivery' as const, attempts, dueAt: 0 });
    const random = () => 0.5;
    expect(
      decideDelivery(
        work(delivery),
        progress(0),
        { kind: 'permanent', errorCode: 'NO_PERMISSIONS', message: 'no' },
        clock,
        random,
      ),
    ).toEqual({ kind: 'dead-letter', errorCode: 'NO_PERMISSIONS', message: 'no' });
    const retriable = { kind: 'retriable', errorCode: 'THROTTLING', message: 'slow down' } as const;
    expect(decideDelivery(work(delivery), progress(1), retriable, clock, random).kind).toBe('retry');
    expect(decideDelivery(work(delivery), progress(2), retriable, clock, random)).toMatchObject({
      kind: 'dead-letter',
      exhausted: 'MaximumRetryAttemptsExhausted',
    });
    expect(decideDelivery(work(delivery), progress(0), { kind: 'ok' }, clock, random)).toEqual({ kind: 'accepted' });
  });
});

describe('event source batches, routes, resource policies, schedules, packages', () => {
  it('reads a partial batch response: the first failed record in batch order, and an unknown identifier fails the batch', () => {
    const ok = (payload: unknown) => ({ kind: 'succeeded', payload: JSON.stringify(payload), durationMs: 1 }) as const;
    const ids = ['1', '2', '3'];
    expect(readBatchResponse(ok({ batchItemFailures: [] }), true, ids)).toEqual({ kind: 'processed' });
    expect(readBatchResponse(ok(null), true, ids)).toEqual({ kind: 'processed' });
    expect(
      readBatchResponse(ok({ batchItemFailures: [{ itemIdentifier: '3' }, { itemIdentifier: '2' }] }), true, ids),
    ).toEqual({ kind: 'partial', firstFailed: 1, failed: [1, 2] });
    expect(readBatchResponse(ok({ batchItemFailures: [{ itemIdentifier: '9' }] }), true, ids).kind).toBe('failed');
    expect(readBatchResponse(ok({ batchItemFailures: [{ itemIdentifier: '3' }] }), false, ids)).toEqual({
      kind: 'processed',
    });
    expect(readBatchResponse(failed, true, ids).kind).toBe('failed');
  });

  it('routes HTTP API requests to the most specific route, then $default', () => {
    const route = (routeKey: string) => ({ routeId: routeKey, routeKey, authorizationType: 'NONE' });
    const routes = [
      route('GET /orders/{orderId}'),
      route('GET /orders/latest'),
      route('ANY /{proxy+}'),
      route('$default'),
    ];
    expect(matchRoute(routes, 'GET', '/orders/latest')?.route.routeKey).toBe('GET /orders/latest');
    expect(matchRoute(routes, 'GET', '/orders/o-1')).toMatchObject({
      route: { routeKey: 'GET /orders/{orderId}' },
      pathParameters: { orderId: 'o-1' },
    });
    expect(matchRoute(routes, 'POST', '/orders/o-1')).toMatchObject({
      route: { routeKey: 'ANY /{proxy+}' },
      pathParameters: { proxy: 'orders/o-1' },
    });
    expect(matchRoute([route('$default')], 'GET', '/')?.route.routeKey).toBe('$default');
    expect(matchRoute([route('GET /a')], 'GET', '/b')).toBeUndefined();
  });

  it('matches SourceArn conditions part by part, as ArnLike does', () => {
    const pattern = 'arn:aws:execute-api:us-east-1:111122223333:abc123/*/*/orders/{orderId}';
    expect(arnLike(pattern, 'arn:aws:execute-api:us-east-1:111122223333:abc123/$default/GET/orders/{orderId}')).toBe(
      true,
    );
    expect(arnLike(pattern, 'arn:aws:execute-api:us-east-1:444455556666:abc123/$default/GET/orders/{orderId}')).toBe(
      false,
    );
    expect(arnLike('arn:aws:events:*:*:rule/*', 'arn:aws:events:us-east-1:111122223333:rule/bus/r')).toBe(true);
  });

  it('knows rate expressions (singular for 1) and leaves cron to AWS', () => {
    expect(ratePeriodMs('rate(1 minute)')).toBe(60_000);
    expect(ratePeriodMs('rate(5 minutes)')).toBe(300_000);
    expect(ratePeriodMs('rate(2 hours)')).toBe(7_200_000);
    expect(ratePeriodMs('rate(1 minutes)')).toBeUndefined();
    expect(ratePeriodMs('cron(0 12 * * ? *)')).toBeUndefined();
  });

  it('unpacks deployment packages and refuses entries that leave the directory', () => {
    expect(
      readZipEntries(zipOf({ 'index.mjs': 'x', 'lib/a.js': 'yy' })).map((entry) => [entry.name, entry.data.toString()]),
    ).toEqual([
      ['index.mjs', 'x'],
      ['lib/a.js', 'yy'],
    ]);
    expect(() => readZipEntries(zipOf({ '../evil.js': 'x' }))).toThrow(/unsafe entry name/);
    expect(() => readZipEntries(Buffer.from('not a zip'))).toThrow(/Could not unzip/);
  });
});
