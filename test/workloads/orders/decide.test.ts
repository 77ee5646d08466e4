import { describe, expect, it } from 'vitest';
import type { OrderCommand } from '../../../workloads-cdk/orders/domain/commands.js';
import { parseOrderCommand } from '../../../workloads-cdk/orders/domain/commands.js';
import { decide, type Decision } from '../../../workloads-cdk/orders/domain/decide.js';
import {
  evolve,
  foldOrder,
  initialOrderState,
  orderTotals,
  type OrderEvent,
  type OrderState,
} from '../../../workloads-cdk/orders/domain/order.js';

const NOW = '2026-11-24T10:00:00.000Z';

/** A command without its orderId (the tests use order o1). */
type Command = OrderCommand extends infer C ? (C extends unknown ? Omit<C, 'orderId'> : never) : never;

/** Runs commands from a new order, asserting each is accepted, and returns the state. */
function given(...commands: Command[]): OrderState {
  let state = initialOrderState('o1');
  for (const command of commands) {
    const decision = decide(state, { orderId: 'o1', ...command } as OrderCommand, NOW);
    if (decision.kind !== 'accepted') throw new Error(`setup command ${command.type} rejected: ${decision.message}`);
    state = foldOrder('o1', decision.events, state);
  }
  return state;
}

const when = (state: OrderState, command: Command): Decision =>
  decide(state, { orderId: 'o1', ...command } as OrderCommand, NOW);
const create = { type: 'CreateOrder', customerId: 'c1', currency: 'EUR' } as const;
const addBook = { type: 'AddItem', sku: 'BOOK', quantity: 2, unitPriceCents: 1250 } as const;

function violation(decision: Decision): string | undefined {
  return decision.kind === 'rejected' ? decision.violation : undefined;
}

describe('orders decide/evolve', () => {
  it('creates an order, with several events from one command when items come along', () => {
    const decision = when(initialOrderState('o1'), {
      ...create,
      items: [
        { sku: 'BOOK', quantity: 1, unitPriceCents: 500 },
        { sku: 'PEN', quantity: 3, unitPriceCents: 120 },
      ],
    });
    expect(decision).toEqual({
      kind: 'accepted',
      events: [
        { type: 'OrderCreated', data: { customerId: 'c1', currency: 'EUR', createdAt: NOW } },
        { type: 'ItemAdded', data: { sku: 'BOOK', quantity: 1, unitPriceCents: 500 } },
        { type: 'ItemAdded', data: { sku: 'PEN', quantity: 3, unitPriceCents: 120 } },
      ],
    });
    const state = foldOrder('o1', decision.kind === 'accepted' ? decision.events : []);
    expect(state).toMatchObject({ status: 'open', version: 3, lines: { BOOK: { quantity: 1 }, PEN: { quantity: 3 } } });
  });

  it('refuses to create an order twice and to change an order that does not exist', () => {
    expect(violation(when(given(create), create))).toBe('order-already-exists');
    expect(violation(when(initialOrderState('o1'), addBook))).toBe('order-not-found');
    expect(violation(when(initialOrderState('o1'), { type: 'CancelOrder', reason: 'x' }))).toBe('order-not-found');
  });

  it('adds to an existing line at the same price and refuses another price', () => {
    const state = given(create, addBook, addBook);
    expect(state.lines.BOOK).toEqual({ quantity: 4, unitPriceCents: 1250 });
    expect(violation(when(state, { ...addBook, unitPriceCents: 999 }))).toBe('price-mismatch');
  });

  it('bounds quantities per line and the number of lines', () => {
    expect(violation(when(given(create), { ...addBook, quantity: 100 }))).toBe('quantity-out-of-bounds');
    expect(violation(when(given(create, { ...addBook, quantity: 99 }), { ...addBook, quantity: 1 }))).toBe(
      'quantity-out-of-bounds',
    );
    const items = Array.from({ length: 50 }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1, unitPriceCents: 100 }));
    const full = given({ ...create, items });
    expect(violation(when(full, { type: 'AddItem', sku: 'ONE-MORE', quantity: 1, unitPriceCents: 100 }))).toBe(
      'too-many-lines',
    );
    expect(when(full, { type: 'AddItem', sku: 'SKU-1', quantity: 1, unitPriceCents: 100 }).kind).toBe('accepted');
    expect(violation(when(given(create), { ...addBook, unitPriceCents: 10_000_001 }))).toBe('price-out-of-bounds');
  });

  it('removes some or all of a line, never more than there is', () => {
    const state = given(create, addBook);
    expect(when(state, { type: 'RemoveItem', sku: 'BOOK', quantity: 1 })).toEqual({
      kind: 'accepted',
      events: [{ type: 'ItemRemoved', data: { sku: 'BOOK', quantity: 1 } }],
    });
    expect(given(create, addBook, { type: 'RemoveItem', sku: 'BOOK' }).lines).toEqual({});
    expect(violation(when(state, { type: 'RemoveItem', sku: 'BOOK', quantity: 3 }))).toBe('quantity-out-of-bounds');
    expect(violation(when(state, { type: 'RemoveItem', sku: 'PEN' }))).toBe('item-not-in-order');
  });

  it.each([0, 51, 100, -5])('refuses a discount of %i%%', (percent) => {
    expect(violation(when(given(create, addBook), { type: 'ApplyDiscount', code: 'SALE', percent }))).toBe(
      'discount-out-of-bounds',
    );
  });

  it('applies one discount at most, within 1-50%, and rounds it down in the totals', () => {
    const state = given(
      create,
      { type: 'AddItem', sku: 'A', quantity: 3, unitPriceCents: 333 },
      { type: 'ApplyDiscount', code: 'SALE', percent: 15 },
    );
    expect(violation(when(state, { type: 'ApplyDiscount', code: 'MORE', percent: 10 }))).toBe(
      'discount-already-applied',
    );
    expect(orderTotals(state.lines, 15)).toEqual({
      itemCount: 3,
      subtotalCents: 999,
      discountCents: 149,
      totalCents: 850,
    });
    expect(when(state, { type: 'ConfirmOrder' })).toEqual({
      kind: 'accepted',
      events: [
        { type: 'OrderConfirmed', data: { subtotalCents: 999, discountCents: 149, totalCents: 850, confirmedAt: NOW } },
      ],
    });
  });

  it('cannot confirm an empty order', () => {
    expect(violation(when(given(create), { type: 'ConfirmOrder' }))).toBe('empty-order');
    expect(violation(when(given(create, addBook, { type: 'RemoveItem', sku: 'BOOK' }), { type: 'ConfirmOrder' }))).toBe(
      'empty-order',
    );
  });

  it('takes no items, removals or discounts after confirmation, but can still be cancelled once', () => {
    const confirmed = given(create, addBook, { type: 'ConfirmOrder' });
    expect(confirmed.status).toBe('confirmed');
    for (const command of [
      addBook,
      { type: 'RemoveItem', sku: 'BOOK' },
      { type: 'ApplyDiscount', code: 'LATE', percent: 5 },
      { type: 'ConfirmOrder' },
    ] as const) {
      expect(violation(when(confirmed, command))).toBe('order-not-open');
    }
    const cancelled = given(
      create,
      addBook,
      { type: 'ConfirmOrder' },
      { type: 'CancelOrder', reason: 'changed my mind' },
    );
    expect(cancelled.status).toBe('cancelled');
    expect(violation(when(cancelled, { type: 'CancelOrder', reason: 'again' }))).toBe('order-already-cancelled');
    expect(violation(when(cancelled, addBook))).toBe('order-not-open');
  });

  it('counts versions by events, so a fold of n events is version n', () => {
    const events: OrderEvent[] = [
      { type: 'OrderCreated', data: { customerId: 'c', currency: 'USD', createdAt: NOW } },
      { type: 'ItemAdded', data: { sku: 'A', quantity: 2, unitPriceCents: 100 } },
      { type: 'ItemRemoved', data: { sku: 'A', quantity: 2 } },
    ];
    expect(events.reduce(evolve, initialOrderState('x')).version).toBe(3);
  });

  it('validates command shapes with readable problems', () => {
    expect(
      parseOrderCommand({ type: 'AddItem', orderId: 'o1', sku: 'lower', quantity: 0, unitPriceCents: 1.5 }),
    ).toEqual({
      ok: false,
      problems: [
        expect.stringMatching(/^sku: /),
        expect.stringMatching(/^quantity: Too small/),
        expect.stringMatching(/^unitPriceCents: /),
      ],
    });
    expect(parseOrderCommand({ type: 'Explode', orderId: 'o1' }).ok).toBe(false);
    expect(parseOrderCommand({ type: 'ConfirmOrder', orderId: 'o-1' })).toEqual({
      ok: true,
      command: { type: 'ConfirmOrder', orderId: 'o-1' },
    });
  });
});
