import { ORDER_LIMITS, type LineInput, type OrderCommand } from './commands.js';
import { orderTotals, type OrderEvent, type OrderState } from './order.js';

/** Why a command was refused; the HTTP API answers 404 for order-not-found and 422 for the rest. */
export type RuleViolation =
  | 'order-not-found'
  | 'order-already-exists'
  | 'order-not-open'
  | 'too-many-lines'
  | 'quantity-out-of-bounds'
  | 'price-out-of-bounds'
  | 'price-mismatch'
  | 'item-not-in-order'
  | 'discount-out-of-bounds'
  | 'discount-already-applied'
  | 'empty-order'
  | 'order-already-cancelled';

export type Decision =
  | { readonly kind: 'accepted'; readonly events: readonly OrderEvent[] }
  | { readonly kind: 'rejected'; readonly violation: RuleViolation; readonly message: string };

const reject = (violation: RuleViolation, message: string): Decision => ({ kind: 'rejected', violation, message });
const accept = (...events: OrderEvent[]): Decision => ({ kind: 'accepted', events });

/**
 * The business rules: what a command does to an order in a given state. Pure; `now` is an ISO time.
 * Every accepted command yields at least one event; several events from one command are stored together.
 */
export function decide(state: OrderState, command: OrderCommand, now: string): Decision {
  if (command.type === 'CreateOrder') {
    if (state.status !== 'new') return reject('order-already-exists', `order ${state.orderId} already exists`);
    const created: OrderEvent = {
      type: 'OrderCreated',
      data: { customerId: command.customerId, currency: command.currency, createdAt: now },
    };
    const opened: OrderState = { ...state, status: 'open', lines: {} };
    const items = addItems(opened, command.items ?? []);
    return items.kind === 'rejected' ? items : accept(created, ...items.events);
  }
  if (state.status === 'new') return reject('order-not-found', `order ${state.orderId} does not exist`);
  if (command.type === 'CancelOrder') {
    if (state.status === 'cancelled')
      return reject('order-already-cancelled', `order ${state.orderId} is already cancelled`);
    return accept({ type: 'OrderCancelled', data: { reason: command.reason, cancelledAt: now } });
  }
  if (state.status !== 'open')
    return reject('order-not-open', `order ${state.orderId} is ${state.status}; it can no longer change`);
  switch (command.type) {
    case 'AddItem':
      return addItems(state, [
        { sku: command.sku, quantity: command.quantity, unitPriceCents: command.unitPriceCents },
      ]);
    case 'RemoveItem': {
      const line = state.lines[command.sku];
      if (!line) return reject('item-not-in-order', `${command.sku} is not in order ${state.orderId}`);
      const quantity = command.quantity ?? line.quantity;
      if (quantity > line.quantity)
        return reject(
          'quantity-out-of-bounds',
          `cannot remove ${quantity} × ${command.sku}: the order has ${line.quantity}`,
        );
      return accept({ type: 'ItemRemoved', data: { sku: command.sku, quantity } });
    }
    case 'ApplyDiscount': {
      if (state.discount)
        return reject('discount-already-applied', `discount ${state.discount.code} is already applied`);
      const { minDiscountPercent: min, maxDiscountPercent: max } = ORDER_LIMITS;
      if (command.percent < min || command.percent > max)
        return reject('discount-out-of-bounds', `a discount must be ${min}-${max}%; got ${command.percent}%`);
      return accept({ type: 'DiscountApplied', data: { code: command.code, percent: command.percent } });
    }
    case 'ConfirmOrder': {
      const totals = orderTotals(state.lines, state.discount?.percent);
      if (totals.itemCount === 0)
        return reject('empty-order', `order ${state.orderId} has no items; add one before confirming`);
      const { subtotalCents, discountCents, totalCents } = totals;
      return accept({ type: 'OrderConfirmed', data: { subtotalCents, discountCents, totalCents, confirmedAt: now } });
    }
  }
}

/** ItemAdded events for lines added to an open order, or the first rule they break. */
function addItems(state: OrderState, items: readonly LineInput[]): Decision {
  const lines = new Map(Object.entries(state.lines));
  const events: OrderEvent[] = [];
  for (const item of items) {
    const existing = lines.get(item.sku);
    const quantity = (existing?.quantity ?? 0) + item.quantity;
    if (quantity > ORDER_LIMITS.maxQuantityPerLine) {
      return reject(
        'quantity-out-of-bounds',
        `${item.sku}: at most ${ORDER_LIMITS.maxQuantityPerLine} per line; this would make ${quantity}`,
      );
    }
    if (item.unitPriceCents > ORDER_LIMITS.maxUnitPriceCents)
      return reject('price-out-of-bounds', `${item.sku}: unit price ${item.unitPriceCents} cents is above the limit`);
    if (existing && existing.unitPriceCents !== item.unitPriceCents) {
      return reject(
        'price-mismatch',
        `${item.sku} is already in the order at ${existing.unitPriceCents} cents, not ${item.unitPriceCents}`,
      );
    }
    if (!existing && lines.size >= ORDER_LIMITS.maxLines)
      return reject('too-many-lines', `an order has at most ${ORDER_LIMITS.maxLines} lines`);
    lines.set(item.sku, { quantity, unitPriceCents: item.unitPriceCents });
    events.push({
      type: 'ItemAdded',
      data: { sku: item.sku, quantity: item.quantity, unitPriceCents: item.unitPriceCents },
    });
  }
  return { kind: 'accepted', events };
}
