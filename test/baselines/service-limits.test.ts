import { describe, expect, it } from 'vitest';
import { BatchLoader } from '../../src/baselines/batch-loader.js';
import { ServiceLimits } from '../../src/baselines/service-limits.js';

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('ServiceLimits', () => {
  it('keeps at most N calls of a service in flight, services independently, IAM at most 4', async () => {
    const limits = new ServiceLimits(3, undefined, { retries: 0, minTimeoutMs: 1 });
    const inFlight: Record<string, number> = {};
    const peak: Record<string, number> = {};
    const call = (service: 'ec2' | 'iam' | 'config') =>
      limits.call(service, async () => {
        inFlight[service] = (inFlight[service] ?? 0) + 1;
        peak[service] = Math.max(peak[service] ?? 0, inFlight[service] ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight[service] = (inFlight[service] ?? 1) - 1;
      });
    await Promise.all([
      ...Array.from({ length: 12 }, () => call('ec2')),
      ...Array.from({ length: 12 }, () => call('config')),
    ]);
    expect(peak).toEqual({ ec2: 3, config: 3 });
    const wide = new ServiceLimits(10, undefined, { retries: 0, minTimeoutMs: 1 });
    let iamPeak = 0;
    let iamNow = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        wide.call('iam', async () => {
          iamPeak = Math.max(iamPeak, ++iamNow);
          await new Promise((resolve) => setTimeout(resolve, 5));
          iamNow -= 1;
        }),
      ),
    );
    expect(iamPeak).toBe(4);
  });

  it('retries throttling until it passes, and not other errors', async () => {
    const limits = new ServiceLimits(2, undefined, { retries: 5, minTimeoutMs: 1 });
    let attempts = 0;
    await expect(limits.call('ec2', async () => (++attempts < 4 ? Promise.reject(throttled()) : 'done'))).resolves.toBe(
      'done',
    );
    expect(attempts).toBe(4);
    let denied = 0;
    await expect(
      limits.call(
        'ec2',
        async () => (denied++, Promise.reject(Object.assign(new Error('no'), { name: 'AccessDenied' }))),
      ),
    ).rejects.toThrow('no');
    expect(denied).toBe(1);
  });
});

describe('BatchLoader', () => {
  it('collects keys asked for in the same turn into batches of the given size', async () => {
    const batches: string[][] = [];
    const loader = new BatchLoader<number>(2, async (keys) => {
      batches.push(keys);
      return new Map(keys.filter((key) => key !== 'c').map((key) => [key, key.charCodeAt(0)]));
    });
    const values = await Promise.all(['a', 'b', 'c', 'a'].map((key) => loader.load(key)));
    expect(values).toEqual([97, 98, undefined, 97]);
    expect(batches).toEqual([['a', 'b'], ['c']]);
    await loader.load('d');
    expect(batches).toHaveLength(3);
  });

  it('fails every caller of a batch whose fetch fails', async () => {
    const loader = new BatchLoader<number>(10, async () => Promise.reject(new Error('denied')));
    await expect(Promise.all([loader.load('a'), loader.load('b')])).rejects.toThrow('denied');
  });
});
