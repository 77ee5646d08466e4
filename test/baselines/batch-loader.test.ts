import { describe, expect, it } from 'vitest';
import { BatchLoader } from '../../src/baselines/batch-loader.js';

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
