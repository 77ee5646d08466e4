import { describe, expect, it } from 'vitest';
import { undeliveredOf } from '../../../src/workloads/load/dead-letters.js';
import { ordersLoadOutcome, type OrdersLoadResult } from '../../../src/workloads/load/orders-load.js';
import { rideSharingLoadOutcome, type RideSharingLoadResult } from '../../../src/workloads/load/ride-sharing-load.js';
import { dueBy, summarizeLatencies } from '../../../src/workloads/load/latency-stats.js';
import { apiIdOf } from '../../../src/workloads/workload-url.js';

describe('load figures', () => {
  it('takes nearest-rank percentiles, and zeros without samples', () => {
    const samples = Array.from({ length: 100 }, (_unused, index) => 100 - index);
    expect(summarizeLatencies(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(summarizeLatencies([7])).toMatchObject({ p50: 7, p99: 7, max: 7 });
    expect(summarizeLatencies([])).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 });
  });

  it('paces sends at a steady rate: the first at once, then one per 1/rate seconds, never more than the total', () => {
    expect([0, 99, 100, 999, 1000].map((elapsed) => dueBy(elapsed, 10, 100))).toEqual([1, 1, 2, 10, 11]);
    expect(dueBy(60_000, 10, 100)).toBe(100);
  });

  it('knows what a dead letter was for: an EventBridge DLQ message by its TARGET_ARN, a Lambda on-failure record by its request', () => {
    const arn = 'arn:aws:lambda:us-east-1:111122223333:function:Payment';
    expect(
      undeliveredOf({
        Body: '{"detail":{"eventId":"e1"}}',
        MessageAttributes: { TARGET_ARN: { DataType: 'String', StringValue: arn } },
      }),
    ).toEqual({ functionArn: arn, event: { detail: { eventId: 'e1' } } });
    expect(
      undeliveredOf({
        Body: JSON.stringify({ requestContext: { functionArn: `${arn}:$LATEST` }, requestPayload: { id: 1 } }),
      }),
    ).toEqual({ functionArn: arn, event: { id: 1 } });
    expect(undeliveredOf({ Body: '{"DDBStreamBatchInfo":{}}' })).toBeUndefined();
    expect(undeliveredOf({ Body: 'not json' })).toBeUndefined();
  });

  it('reads the API id from an HTTP API URL', () => {
    expect(apiIdOf('https://a1b2c3d.execute-api.eu-west-1.amazonaws.com')).toBe('a1b2c3d');
    expect(apiIdOf('http://127.0.0.1:4566/_aws/execute-api/a1b2c3d')).toBeUndefined();
  });

  it('fails a run (exit 1) when an effect is missing or applied twice, or when commands failed', () => {
    const rides = (lost: number, duplicatedEffects: number) =>
      ({ deliveries: { lost }, duplicatedEffects }) as unknown as RideSharingLoadResult;
    expect([rides(0, 0), rides(1, 0), rides(0, 1)].map(rideSharingLoadOutcome)).toEqual(['ok', 'failed', 'failed']);
    const orders = (lost: number, duplicated: number, failed: number) =>
      ({ projection: { lost, duplicated }, commands: { failed } }) as unknown as OrdersLoadResult;
    expect([orders(0, 0, 0), orders(1, 0, 0), orders(0, 1, 0), orders(0, 0, 1)].map(ordersLoadOutcome)).toEqual([
      'ok',
      'failed',
      'failed',
      'failed',
    ]);
  });
});
