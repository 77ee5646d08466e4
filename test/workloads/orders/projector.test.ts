import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { projectCommits } from '../../../workloads-cdk/orders/application/projector-service.js';
import { commitToItem, eventsOfCommit, type Commit } from '../../../workloads-cdk/orders/event-store/commits.js';
import { createProjectorHandler, type StreamRecord } from '../../../workloads-cdk/orders/handlers/projector-handler.js';
import {
  projectOrderEvents,
  projectOrderSummary,
  ProjectionGapError,
} from '../../../workloads-cdk/orders/projection/order-summary.js';
import { ordersFixture, useLocalDynamo, type OrdersFixture } from './fixtures.js';

const dynamo = useLocalDynamo();

/** A history for order `id` of customer c1: created with an item, another item, a discount, confirmed. */
async function history(orders: OrdersFixture, id: string): Promise<Commit[]> {
  await orders.run({
    type: 'CreateOrder',
    orderId: id,
    customerId: 'c1',
    currency: 'EUR',
    items: [{ sku: 'A', quantity: 2, unitPriceCents: 1500 }],
  });
  await orders.run({ type: 'AddItem', orderId: id, sku: 'B', quantity: 1, unitPriceCents: 1000 });
  await orders.run({ type: 'ApplyDiscount', orderId: id, code: 'TEN', percent: 10 });
  await orders.run({ type: 'ConfirmOrder', orderId: id });
  return orders.store.loadCommits(id);
}

/** DynamoDB stream INSERT records for commits, as Lambda delivers them. */
function streamRecords(commits: Commit[]): StreamRecord[] {
  return commits.map((commit, index) => ({
    eventName: 'INSERT',
    dynamodb: { NewImage: marshall(commitToItem(commit)) as never, SequenceNumber: String(1000 + index) },
  }));
}

async function readModels(orders: OrdersFixture, id: string) {
  return {
    summary: await orders.readModels.getSummary(id),
    byCustomer: (await orders.readModels.customerOrders('c1')).orders.filter((row) => row.orderId === id),
    daily: await orders.readModels.dailyTotals('2026-11-24'),
  };
}

describe('orders projector', () => {
  it('folds events into the summary (pure), skipping what it has seen and refusing gaps', () => {
    const commit: Commit = {
      aggregateId: 'x',
      version: 1,
      lastVersion: 2,
      commandId: 'c',
      committedAt: '2026-11-24T09:00:00.000Z',
      events: [
        { type: 'OrderCreated', data: { customerId: 'c1', currency: 'USD', createdAt: '2026-11-24T09:00:00.000Z' } },
        { type: 'ItemAdded', data: { sku: 'A', quantity: 3, unitPriceCents: 250 } },
      ],
    };
    const [created, added] = eventsOfCommit(commit) as [
      ReturnType<typeof eventsOfCommit>[number],
      ReturnType<typeof eventsOfCommit>[number],
    ];
    const summary = projectOrderEvents(undefined, [created, added]);
    expect(summary).toMatchObject({
      orderId: 'x',
      status: 'open',
      itemCount: 3,
      subtotalCents: 750,
      totalCents: 750,
      version: 2,
    });
    expect(projectOrderSummary(summary, added)).toBe(summary);
    expect(() => projectOrderSummary(undefined, added)).toThrow(ProjectionGapError);
  });

  it('builds the three read models from the stream', async () => {
    const orders = await ordersFixture(dynamo());
    const commits = await history(orders, 'p1');
    const stats = await projectCommits(orders, commits);
    expect(stats).toMatchObject({ aggregates: 1, eventsApplied: 5, commitsSkipped: 0, gapsFilled: 0, failed: [] });
    const models = await readModels(orders, 'p1');
    expect(models.summary).toMatchObject({
      status: 'confirmed',
      itemCount: 3,
      subtotalCents: 4000,
      discountCents: 400,
      totalCents: 3600,
      version: 5,
    });
    expect(models.byCustomer).toEqual([
      expect.objectContaining({ orderId: 'p1', status: 'confirmed', totalCents: 3600, version: 5 }),
    ]);
    expect(models.daily).toEqual({
      day: '2026-11-24',
      confirmedOrders: 1,
      cancelledOrders: 0,
      revenueCents: { EUR: 3600 },
    });
  });

  it('is idempotent under duplicate delivery: a redelivered batch changes nothing and counts nothing twice', async () => {
    const orders = await ordersFixture(dynamo());
    const commits = await history(orders, 'p2');
    await projectCommits(orders, commits);
    const before = await readModels(orders, 'p2');
    const again = await projectCommits(orders, [...commits, ...commits]);
    expect(again).toMatchObject({ eventsApplied: 0, commitsSkipped: 8 });
    expect(await readModels(orders, 'p2')).toEqual(before);
  });

  it('is idempotent under out-of-order delivery: later commits first, then the rest, equal in-order projection', async () => {
    const inOrder = await ordersFixture(dynamo());
    await projectCommits(inOrder, await history(inOrder, 'p3'));
    const expected = await readModels(inOrder, 'p3');

    const shuffled = await ordersFixture(dynamo());
    const commits = await history(shuffled, 'p3');
    const [c1, c2, c3, c4] = commits as [Commit, Commit, Commit, Commit];
    const late = await projectCommits(shuffled, [c4]);
    expect(late).toMatchObject({ gapsFilled: 1, eventsApplied: 5 });
    for (const batch of [[c2], [c1, c3], [c4, c2]])
      expect(await projectCommits(shuffled, batch)).toMatchObject({ eventsApplied: 0 });
    const actual = await readModels(shuffled, 'p3');
    expect({ ...actual.summary, updatedAt: undefined }).toEqual({ ...expected.summary, updatedAt: undefined });
    expect(actual.daily).toEqual(expected.daily);
  });

  it('keeps a cancellation after confirmation in the daily totals as cancelled, once', async () => {
    const orders = await ordersFixture(dynamo());
    await history(orders, 'p4');
    await history(orders, 'p5');
    await orders.run({ type: 'CancelOrder', orderId: 'p5', reason: 'customer request' });
    const all = [...(await orders.store.loadCommits('p4')), ...(await orders.store.loadCommits('p5'))];
    await projectCommits(orders, all);
    await projectCommits(orders, all.reverse());
    expect(await orders.readModels.dailyTotals('2026-11-24')).toEqual({
      day: '2026-11-24',
      confirmedOrders: 1,
      cancelledOrders: 1,
      revenueCents: { EUR: 3600 },
    });
  });

  it('runs as the stream Lambda: INSERT images in, no failures reported for a good batch', async () => {
    const orders = await ordersFixture(dynamo());
    const commits = await history(orders, 'p6');
    const handler = createProjectorHandler(orders);
    expect(await handler({ Records: [...streamRecords(commits), { eventName: 'MODIFY', dynamodb: {} }] })).toEqual({
      batchItemFailures: [],
    });
    expect((await orders.readModels.getSummary('p6'))?.version).toBe(5);
  });

  it('reports the first record of an aggregate that fails, so Lambda delivers it again', async () => {
    const orders = await ordersFixture(dynamo());
    const commits = await history(orders, 'p7');
    const broken = {
      ...orders,
      readModels: {
        ...orders.readModels,
        getSummary: async () => Promise.reject(new Error('throttled')),
        write: orders.readModels.write.bind(orders.readModels),
      },
    } as never;
    const logged: string[] = [];
    const handler = createProjectorHandler(broken, (line) => logged.push(line));
    expect(await handler({ Records: streamRecords(commits) })).toEqual({
      batchItemFailures: [{ itemIdentifier: '1000' }],
    });
    expect(logged).toEqual([expect.stringContaining('throttled')]);
  });
});
