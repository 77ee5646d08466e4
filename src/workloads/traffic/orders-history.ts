import {
  decide,
  foldOrder,
  initialOrderState,
  type Commit,
  type OrderCommand,
  type OrderState,
} from '#workloads/orders/index.js';
import { between, pick, seededRandom } from './random.js';

export interface OrdersHistoryOptions {
  readonly orders: number;
  readonly seed?: number;
  /** Orders are created between start and start + spanMs (epoch ms). */
  readonly start: number;
  readonly spanMs: number;
  readonly customers?: number;
  readonly idPrefix?: string;
}

const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;
const SKUS = Array.from({ length: 40 }, (_unused, index) => `SKU-${String(index + 1).padStart(3, '0')}`);
const priceOf = (sku: string) => 199 + ((Number(sku.slice(4)) * 7919) % 9800);

/**
 * A plausible history of orders as the command side stores it (pure, seeded): each order's commands are
 * decided by the workload's own rules (decide) on its current state, and every accepted command becomes
 * one commit of its events: created (often with items), items added and removed, a discount, then
 * confirmed, cancelled, confirmed and later cancelled, or left open. About 6 events in 4 commits an order.
 */
export function* generateOrderHistory(options: OrdersHistoryOptions): Generator<Commit> {
  const random = seededRandom(options.seed ?? 7);
  const customers = options.customers ?? Math.max(1, Math.ceil(options.orders / 4));
  const prefix = options.idPrefix ?? 'order';
  for (let index = 0; index < options.orders; index += 1) {
    const orderId = `${prefix}-${String(index).padStart(7, '0')}`;
    let time = options.start + Math.floor(random() * options.spanMs);
    let state: OrderState = initialOrderState(orderId);
    let commandNumber = 0;
    const apply = function* (command: OrderCommand): Generator<Commit> {
      time += between(random, 1, 90) * 60_000;
      const now = new Date(time).toISOString();
      const decision = decide(state, command, now);
      if (decision.kind !== 'accepted') return;
      commandNumber += 1;
      const commit: Commit = {
        aggregateId: orderId,
        version: state.version + 1,
        lastVersion: state.version + decision.events.length,
        commandId: `${orderId}-cmd-${commandNumber}`,
        committedAt: now,
        events: decision.events,
      };
      state = foldOrder(orderId, decision.events, state);
      yield commit;
    };
    const initial = Array.from({ length: between(random, 0, 2) }, () => pick(random, SKUS));
    yield* apply({
      type: 'CreateOrder',
      orderId,
      customerId: `customer-${between(random, 1, customers)}`,
      currency: pick(random, CURRENCIES),
      items: [...new Set(initial)].map((sku) => ({
        sku,
        quantity: between(random, 1, 3),
        unitPriceCents: priceOf(sku),
      })),
    });
    for (let adds = between(random, 1, 3); adds > 0; adds -= 1) {
      const sku = pick(random, SKUS);
      yield* apply({ type: 'AddItem', orderId, sku, quantity: between(random, 1, 4), unitPriceCents: priceOf(sku) });
    }
    const lines = Object.keys(state.lines);
    if (lines.length > 1 && random() < 0.25)
      yield* apply({ type: 'RemoveItem', orderId, sku: pick(random, lines), quantity: 1 });
    if (random() < 0.3)
      yield* apply({
        type: 'ApplyDiscount',
        orderId,
        code: pick(random, ['WELCOME10', 'SPRING-15', 'VIP20']),
        percent: pick(random, [10, 15, 20]),
      });
    const ending = random();
    if (ending < 0.7) {
      yield* apply({ type: 'ConfirmOrder', orderId });
      if (random() < 0.1) yield* apply({ type: 'CancelOrder', orderId, reason: 'customer changed their mind' });
    } else if (ending < 0.85) {
      yield* apply({ type: 'CancelOrder', orderId, reason: 'out of stock' });
    }
  }
}
