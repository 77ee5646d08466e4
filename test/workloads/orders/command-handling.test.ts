import { describe, expect, it } from 'vitest';
import { loadOrder } from '../../../workloads-cdk/orders/application/command-service.js';
import { ordersFixture, useLocalDynamo } from './fixtures.js';

const dynamo = useLocalDynamo();
const create = (orderId: string) => ({ type: 'CreateOrder', orderId, customerId: 'c1', currency: 'EUR' }) as const;
const add = (orderId: string, sku: string, quantity = 1) =>
  ({ type: 'AddItem', orderId, sku, quantity, unitPriceCents: 1000 }) as const;

describe('order command handler against dynalite', () => {
  it('stores the events of one command in one commit, atomically', async () => {
    const orders = await ordersFixture(dynamo());
    const outcome = await orders.run({
      ...create('o1'),
      items: [
        { sku: 'A', quantity: 1, unitPriceCents: 100 },
        { sku: 'B', quantity: 2, unitPriceCents: 200 },
      ],
    });
    expect(outcome).toEqual({
      kind: 'applied',
      orderId: 'o1',
      version: 3,
      events: ['OrderCreated', 'ItemAdded', 'ItemAdded'],
      duplicate: false,
    });
    const commits = await orders.store.loadCommits('o1');
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({ version: 1, lastVersion: 3 });
    expect(commits[0]?.events.map((event) => event.type)).toEqual(['OrderCreated', 'ItemAdded', 'ItemAdded']);
  });

  it('lets one of two concurrent commands on the same version win; the other gets a conflict and is not applied', async () => {
    const orders = await ordersFixture(dynamo());
    await orders.run(create('o2'));
    const [first, second] = await Promise.all([
      orders.run(add('o2', 'A'), { commandId: 'left', expectedVersion: 1 }),
      orders.run(add('o2', 'B'), { commandId: 'right', expectedVersion: 1 }),
    ]);
    const outcomes = [first, second].map((outcome) => outcome.kind).sort();
    expect(outcomes).toEqual(['applied', 'conflict']);
    const conflict = [first, second].find((outcome) => outcome.kind === 'conflict');
    expect(conflict).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    const { state } = await loadOrder(orders.store, 'o2');
    expect(state.version).toBe(2);
    expect(Object.keys(state.lines)).toHaveLength(1);
  });

  it('under a burst of concurrent commands never loses or duplicates one: applied + conflicts = sent', async () => {
    const orders = await ordersFixture(dynamo());
    await orders.run(create('o3'));
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, index) => orders.run(add('o3', `SKU-${index}`))));
    const applied = outcomes.filter((outcome) => outcome.kind === 'applied');
    expect(applied.length + outcomes.filter((outcome) => outcome.kind === 'conflict').length).toBe(12);
    expect(applied.length).toBeGreaterThanOrEqual(1);
    const { state } = await loadOrder(orders.store, 'o3');
    expect(state.version).toBe(1 + applied.length);
    expect(Object.keys(state.lines)).toHaveLength(applied.length);
  });

  it('rejects a command built on a stale version', async () => {
    const orders = await ordersFixture(dynamo());
    await orders.run(create('o4'));
    await orders.run(add('o4', 'A'));
    expect(await orders.run(add('o4', 'B'), { expectedVersion: 1 })).toEqual({
      kind: 'conflict',
      orderId: 'o4',
      expectedVersion: 1,
      currentVersion: 2,
    });
  });

  it('answers a retried command with its first result instead of applying it twice, also when the retries race', async () => {
    const orders = await ordersFixture(dynamo());
    await orders.run(create('o5'));
    const first = await orders.run(add('o5', 'A'), { commandId: 'retry-me', expectedVersion: 1 });
    const again = await orders.run(add('o5', 'A'), { commandId: 'retry-me', expectedVersion: 1 });
    expect(first).toMatchObject({ kind: 'applied', version: 2, duplicate: false });
    expect(again).toMatchObject({ kind: 'applied', version: 2, duplicate: true });
    const racing = await Promise.all(
      [1, 2, 3].map(() => orders.run(add('o5', 'B'), { commandId: 'race', expectedVersion: 2 })),
    );
    expect(racing.every((outcome) => outcome.kind === 'applied' && outcome.version === 3)).toBe(true);
    expect(racing.filter((outcome) => outcome.kind === 'applied' && !outcome.duplicate)).toHaveLength(1);
    expect((await loadOrder(orders.store, 'o5')).state.lines).toEqual({
      A: { quantity: 1, unitPriceCents: 1000 },
      B: { quantity: 1, unitPriceCents: 1000 },
    });
  });

  it('returns rule violations without writing anything', async () => {
    const orders = await ordersFixture(dynamo());
    await orders.run(create('o6'));
    expect(await orders.run({ type: 'ConfirmOrder', orderId: 'o6' })).toMatchObject({
      kind: 'rejected',
      violation: 'empty-order',
    });
    expect(await orders.run(add('ghost', 'A'))).toMatchObject({ kind: 'rejected', violation: 'order-not-found' });
    expect(await orders.store.loadCommits('o6')).toHaveLength(1);
  });

  it('takes snapshots every N events; loading from one gives the same state and still recognises retries', async () => {
    const orders = await ordersFixture(dynamo(), 3);
    await orders.run(create('o7'));
    for (let index = 0; index < 6; index += 1) await orders.run(add('o7', `S${index}`), { commandId: `add-${index}` });
    const snapshot = await orders.store.loadSnapshot('o7');
    expect(snapshot?.version).toBe(6);
    const loaded = await loadOrder(orders.store, 'o7');
    expect(loaded.state.version).toBe(7);
    expect(Object.keys(loaded.state.lines)).toHaveLength(6);
    expect(loaded.commitsSinceSnapshot).toBe(1);
    expect(await orders.run(add('o7', 'S2'), { commandId: 'add-2' })).toMatchObject({
      kind: 'applied',
      version: 4,
      duplicate: true,
    });
  });
});
