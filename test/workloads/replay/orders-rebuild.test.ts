import { beforeAll, describe, expect, it } from 'vitest';
import type { Commit } from '#workloads/orders/index.js';
import { systemClock } from '../../../src/core/clock.js';
import { MemoryCheckpointStore, newCheckpoint } from '../../../src/workloads/replay/orders/checkpoint.js';
import { RebuildInterruptedError, runRebuild } from '../../../src/workloads/replay/orders/rebuild-engine.js';
import { generateOrderHistory } from '../../../src/workloads/traffic/orders-history.js';
import { useLocalDynamo } from '../orders/fixtures.js';
import { LiveProjection, projectLive, streamBatches } from './fixtures/live-projection.js';
import { normalizedRows as liveRows, planOver, storeWithHistory, tableRows } from './fixtures/rebuild.js';

const dynamo = useLocalDynamo();
const ORDERS = 10_000;

describe('orders rebuild against dynalite', () => {
  let history: Commit[];
  let live: LiveProjection;

  beforeAll(async () => {
    history = [
      ...generateOrderHistory({ orders: ORDERS, start: Date.parse('2026-10-01T00:00:00Z'), spanMs: 30 * 86_400_000 }),
    ];
    live = new LiveProjection(history);
    const delivery = await projectLive(live, streamBatches(history));
    // The delivery really was out of order and duplicated: the projector had to fill gaps and skip repeats.
    expect(delivery.gapsFilled).toBeGreaterThan(100);
    expect(delivery.skipped).toBeGreaterThan(1000);
  }, 60_000);

  it(`rebuilds ${ORDERS.toLocaleString('en-US')} orders into new tables equal to the live projection, resuming after an interruption`, async () => {
    const tables = await storeWithHistory(dynamo(), history);
    const targets = await dynamo().tables({
      summaries: { partitionKey: { name: 'orderId', type: 'S' } },
      customerOrders: { partitionKey: { name: 'customerId', type: 'S' }, sortKey: { name: 'orderId', type: 'S' } },
      dailyTotals: { partitionKey: { name: 'day', type: 'S' }, sortKey: { name: 'orderId', type: 'S' } },
    });
    const plan = planOver(tables, 'new-table', targets);
    const store = new MemoryCheckpointStore();
    const checkpoint = newCheckpoint('test', plan.segments, Date.now());

    const abort = new AbortController();
    let pages = 0;
    const interrupted = await runRebuild(
      {
        db: dynamo().db,
        clock: systemClock,
        signal: abort.signal,
        pageSize: 500,
        onProgress: () => (++pages === 12 ? abort.abort() : undefined),
      },
      plan,
      checkpoint,
      store,
    ).catch((error: unknown) => error);
    expect(interrupted).toBeInstanceOf(RebuildInterruptedError);
    const saved = (await store.load()) ?? checkpoint;
    const doneBefore = saved.segments.reduce((sum, segment) => sum + segment.stats.events, 0);
    expect(doneBefore).toBeGreaterThan(0);
    expect(saved.segments.some((segment) => !segment.done)).toBe(true);

    let eventsThisRun = 0;
    const totals = await runRebuild(
      { db: dynamo().db, clock: systemClock, pageSize: 500, onProgress: (read) => (eventsThisRun = read.events) },
      plan,
      saved,
      store,
    );
    const events = history.reduce((sum, commit) => sum + commit.events.length, 0);
    expect(totals).toMatchObject({ events, commits: history.length, aggregates: ORDERS, stragglers: 0, failed: [] });
    expect(eventsThisRun).toBeLessThan(events);
    expect((await store.load())?.runs).toBe(2);

    expect(await tableRows(dynamo(), targets.summaries, ['orderId'])).toEqual(liveRows(live.summaries));
    expect(await tableRows(dynamo(), targets.customerOrders, ['customerId', 'orderId'])).toEqual(
      liveRows(live.customerOrders),
    );
    expect(await tableRows(dynamo(), targets.dailyTotals, ['day', 'orderId'])).toEqual(liveRows(live.dailyTotals));
    expect(totals.rows).toEqual({
      [targets.summaries]: ORDERS,
      [targets.customerOrders]: ORDERS,
      [targets.dailyTotals]: live.dailyTotals.size,
    });
  }, 120_000);
});

describe('orders rebuild in place, next to the live projector on DynamoDB', () => {
  /** 150 orders projected by the projector's code through the real ReadModelStore, but for what `lose` drops. */
  async function liveOnDynamo(lose: (commit: Commit, finalVersion: number) => boolean) {
    const { DynamoEventStore, ReadModelStore, projectCommits } = await import('#workloads/orders/index.js');
    const history = [
      ...generateOrderHistory({
        orders: 150,
        seed: 21,
        start: Date.parse('2026-10-01T00:00:00Z'),
        spanMs: 10 * 86_400_000,
      }),
    ];
    const finalVersion = new Map(history.map((commit) => [commit.aggregateId, commit.lastVersion]));
    const tables = await storeWithHistory(dynamo(), history);
    const deps = {
      store: new DynamoEventStore(dynamo().db, { events: tables.events, snapshots: tables.snapshots }),
      readModels: new ReadModelStore(dynamo().db, tables),
    };
    for (const batch of streamBatches(
      history.filter((commit) => !lose(commit, finalVersion.get(commit.aggregateId) ?? 0)),
      5,
    ))
      await projectCommits(deps, batch);
    const oracle = new LiveProjection(history);
    await projectLive(oracle, [history]);
    return { history, tables, oracle };
  }

  async function expectEqualToOracle(
    tables: { summaries: string; customerOrders: string; dailyTotals: string },
    oracle: LiveProjection,
  ) {
    expect(await tableRows(dynamo(), tables.summaries, ['orderId'])).toEqual(liveRows(oracle.summaries));
    expect(await tableRows(dynamo(), tables.customerOrders, ['customerId', 'orderId'])).toEqual(
      liveRows(oracle.customerOrders),
    );
    expect(await tableRows(dynamo(), tables.dailyTotals, ['day', 'orderId'])).toEqual(liveRows(oracle.dailyTotals));
  }

  it('writes only the rows the projector never wrote, each conditional on its version, and leaves the current ones', async () => {
    const lost = (commit: Commit) => Number(commit.aggregateId.slice(-3)) % 10 === 0;
    const { tables, oracle } = await liveOnDynamo(lost);
    const totals = await runRebuild(
      { db: dynamo().db, clock: systemClock },
      planOver(tables, 'in-place'),
      newCheckpoint('in-place', 4, Date.now()),
      new MemoryCheckpointStore(),
    );
    expect(totals.written[tables.summaries]).toBe(15);
    expect(totals.current[tables.summaries]).toBe(135);
    await expectEqualToOracle(tables, oracle);
    const again = await runRebuild(
      { db: dynamo().db, clock: systemClock },
      planOver(tables, 'in-place'),
      newCheckpoint('again', 4, Date.now()),
      new MemoryCheckpointStore(),
    );
    expect(Object.values(again.written).reduce((sum, count) => sum + count, 0)).toBe(0);
  });

  it('with --from-version reads only later commits and folds them onto each live summary, reading what lies between when the summary is further behind', async () => {
    // The projector lost everything from version 3 on of the orders that reach version 5; the rebuild reads only commits reaching version 5.
    const { history, tables, oracle } = await liveOnDynamo(
      (commit, finalVersion) => finalVersion >= 5 && commit.version >= 3,
    );
    const plan = planOver(tables, 'in-place', tables, { fromVersion: 5 });
    const totals = await runRebuild(
      { db: dynamo().db, clock: systemClock },
      plan,
      newCheckpoint('from-version', 4, Date.now()),
      new MemoryCheckpointStore(),
    );
    expect(totals.commits).toBe(history.filter((commit) => commit.lastVersion >= 5).length);
    expect(totals.gapFills).toBeGreaterThan(0);
    await expectEqualToOracle(tables, oracle);
  });
});
