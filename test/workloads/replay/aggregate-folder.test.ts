import { describe, expect, it } from 'vitest';
import type { Commit } from '#workloads/orders/index.js';
import { AggregateFolder } from '../../../src/workloads/replay/orders/aggregate-folder.js';

const commit = (aggregateId: string, version: number): Commit => ({
  aggregateId,
  version,
  lastVersion: version,
  commandId: `${aggregateId}-${version}`,
  committedAt: '2026-11-24T00:00:00Z',
  events: [],
});
const ids = (completed: ReadonlyArray<{ aggregateId: string; commits: readonly Commit[] }>) =>
  completed.map((aggregate) => `${aggregate.aggregateId}:${aggregate.commits.map((item) => item.version).join(',')}`);

describe('AggregateFolder', () => {
  it('completes an aggregate when the next one begins, across pages, and says where to resume to read the open one again', () => {
    const folder = new AggregateFolder();
    const first = folder.push([commit('a', 1), commit('a', 2), commit('b', 1)]);
    expect(ids(first.completed)).toEqual(['a:1,2']);
    expect(folder.resumeKey).toEqual({ aggregateId: 'a', version: 2 });
    const second = folder.push([commit('b', 2), commit('b', 3)]);
    expect(second.completed).toEqual([]);
    expect(folder.resumeKey).toEqual({ aggregateId: 'a', version: 2 });
    const third = folder.push([commit('c', 1)]);
    expect(ids(third.completed)).toEqual(['b:1,2,3']);
    expect(folder.resumeKey).toEqual({ aggregateId: 'b', version: 3 });
    expect(ids(folder.finish())).toEqual(['c:1']);
    expect(folder.resumeKey).toEqual({ aggregateId: 'c', version: 1 });
  });

  it('starts from a resume key: before any aggregate completes, the resume point stays there', () => {
    const folder = new AggregateFolder({ aggregateId: 'a', version: 2 });
    expect(folder.push([commit('b', 1)]).completed).toEqual([]);
    expect(folder.resumeKey).toEqual({ aggregateId: 'a', version: 2 });
  });

  it('orders commits by version and reports an aggregate met again after it was completed as a straggler', () => {
    const folder = new AggregateFolder();
    const page = folder.push([commit('a', 2), commit('a', 1), commit('b', 1), commit('a', 3), commit('c', 1)]);
    expect(ids(page.completed)).toEqual(['a:1,2', 'b:1']);
    expect(page.stragglers).toEqual(['a']);
    expect(folder.resumeKey).toEqual({ aggregateId: 'a', version: 3 });
  });
});
