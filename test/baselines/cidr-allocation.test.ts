import { describe, expect, it } from 'vitest';
import { allocateCidr, allocateVpcCidr } from '../../src/baselines/cidr-allocation.js';
import { newBaselineSession, type BaselineRun } from '../../src/baselines/run-context.js';
import { cidrsOverlap, parseCidrBlock, type Cidr } from '../../src/core/cidr.js';
import { testContext } from '../helpers/context.js';

const blocks = (cidrs: string[]) => cidrs.map((cidr) => parseCidrBlock(cidr) as Cidr);

function overlappingPairs(cidrs: string[]): string[] {
  const parsed = blocks(cidrs);
  const pairs: string[] = [];
  parsed.forEach((a, i) =>
    parsed.slice(i + 1).forEach((b, j) => cidrsOverlap(a, b) && pairs.push(`${cidrs[i]} ~ ${cidrs[i + j + 1]}`)),
  );
  return pairs;
}

/** A deterministic pseudo-random sequence, so a failure can be reproduced. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('allocateCidr', () => {
  it('takes the lowest free block and skips anything overlapping, whatever its size', () => {
    expect(allocateCidr('10.0.0.0/8', 16, [])).toBe('10.0.0.0/16');
    expect(allocateCidr('10.0.0.0/8', 16, ['10.0.0.0/16', '10.1.128.0/24', '172.31.0.0/16'])).toBe('10.2.0.0/16');
    expect(allocateCidr('10.0.0.0/8', 16, ['10.0.0.0/12'])).toBe('10.16.0.0/16');
    expect(allocateCidr('10.0.0.0/15', 16, ['10.0.0.0/16', '10.1.0.0/16'])).toBeUndefined();
  });

  it('never overlaps across 100 accounts, around VPCs that already exist in the pool and outside it', () => {
    const random = seeded(42);
    const existing = Array.from(
      { length: 40 },
      () => `10.${Math.floor(random() * 256)}.${Math.floor(random() * 16) * 16}.0/${20 + Math.floor(random() * 5)}`,
    ).filter((cidr) => parseCidrBlock(cidr));
    existing.push('172.31.0.0/16', '10.200.0.0/13');
    const allocated: string[] = [];
    for (let account = 0; account < 100; account++) {
      const cidr = allocateCidr('10.0.0.0/8', 16, [...existing, ...allocated]);
      expect(cidr, `account ${account}`).toBeDefined();
      allocated.push(cidr as string);
    }
    expect(overlappingPairs(allocated)).toEqual([]);
    for (const cidr of allocated)
      expect(
        existing.filter((taken) => cidrsOverlap(parseCidrBlock(taken) as Cidr, parseCidrBlock(cidr) as Cidr)),
      ).toEqual([]);
    expect(allocated.every((cidr) => cidr.endsWith('/16') && cidr.startsWith('10.'))).toBe(true);
  });
});

describe('allocateVpcCidr', () => {
  function runWithInventory(inventory: string[]): BaselineRun {
    const { ctx } = testContext();
    const session = newBaselineSession();
    // The organization's VPCs, as if already read from every account.
    session.memo.set('vpc-inventory:us-east-1', Promise.resolve(inventory));
    return {
      ctx,
      mode: 'apply',
      session,
      baseline: { name: 'b', homeRegion: 'us-east-1', regions: ['us-east-1'], steps: [] },
      snapshot: {
        organization: { id: 'o-1', managementAccountId: '1' },
        root: { id: 'r-1', name: 'Root' },
        ous: [],
        accounts: [],
      },
    };
  }

  it('hands out distinct blocks to 100 accounts of one session, even when asked concurrently, and the same block again to the same account', async () => {
    const run = runWithInventory(['10.0.0.0/16', '10.5.0.0/16']);
    const accounts = Array.from({ length: 100 }, (_, i) => String(100000000000 + i));
    const cidrs = await Promise.all(accounts.map((account) => allocateVpcCidr(run, '10.0.0.0/8', 16, account)));
    expect(new Set(cidrs).size).toBe(100);
    expect(overlappingPairs([...cidrs, '10.0.0.0/16', '10.5.0.0/16'])).toEqual([]);
    expect(await allocateVpcCidr(run, '10.0.0.0/8', 16, accounts[7] as string)).toBe(cidrs[7]);
  });

  it('says when the pool is full', async () => {
    await expect(
      allocateVpcCidr(runWithInventory(['10.0.0.0/15']), '10.0.0.0/15', 16, '111111111111'),
    ).rejects.toMatchObject({ code: 'cidr-pool-exhausted' });
  });
});
