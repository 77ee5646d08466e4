import { describe, expect, it } from 'vitest';
import { deployedSummary } from '../../../src/workloads/deploy.js';

describe("deploy's closing line", () => {
  it.each([
    [['deployed'], '1 stack deployed'],
    [['unchanged'], '1 stack unchanged'],
    [['deployed', 'deployed'], '2 stacks deployed'],
    [['unchanged', 'unchanged'], '2 stacks unchanged'],
    [['deployed', 'unchanged'], '2 stacks: 1 deployed, 1 unchanged'],
  ] as const)('%j -> %s', (statuses, line) => {
    expect(deployedSummary(statuses.map((status) => ({ status })))).toBe(line);
  });
});
