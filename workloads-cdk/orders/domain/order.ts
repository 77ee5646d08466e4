/** The order aggregate: its events, its state, and how an event changes the state (evolve). Pure. */

export const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface OrderLine {
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export type OrderEvent =
  | {
      readonly type: 'OrderCreated';
      readonly data: { readonly customerId: string; readonly currency: Currency; readonly createdAt: string };
    }
  | {
      readonly type: 'ItemAdded';
      readonly data: { readonly sku: string; readonly quantity: number; readonly unitPriceCents: number };
    }
  | { readonly type: 'ItemRemoved'; readonly data: { readonly sku: string; readonly quantity: number } }
  | { readonly type: 'DiscountApplied'; readonly data: { readonly code: string; readonly percent: number } }
  | {
      readonly type: 'OrderConfirmed';
      readonly data: {
        readonly subtotalCents: number;
        readonly discountCents: number;
        readonly totalCents: number;
        readonly confirmedAt: string;
      };
    }
  | { readonly type: 'OrderCancelled'; readonly data: { readonly reason: string; readonly cancelledAt: string } };

export type OrderEventType = OrderEvent['type'];
export const ORDER_EVENT_TYPES: readonly OrderEventType[] = [
  'OrderCreated',
  'ItemAdded',
  'ItemRemoved',
  'DiscountApplied',
  'OrderConfirmed',
  'OrderCancelled',
];

export type OrderStatus = 'new' | 'open' | 'confirmed' | 'cancelled';

export interface OrderState {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly customerId?: string;
  readonly currency?: Currency;
  readonly createdAt?: string;
  readonly lines: Readonly<Record<string, OrderLine>>;
  readonly discount?: { readonly code: string; readonly percent: number };
  /** How many events the aggregate has; 0 for an order that does not exist yet. */
  readonly version: number;
}

/** The state before the first event. */
export function initialOrderState(orderId: string): OrderState {
  return { orderId, status: 'new', lines: {}, version: 0 };
}

/** Applies one event; version counts events, so folding n events yields version n. */
export function evolve(state: OrderState, event: OrderEvent): OrderState {
  const version = state.version + 1;
  switch (event.type) {
    case 'OrderCreated':
      return {
        ...state,
        status: 'open',
        customerId: event.data.customerId,
        currency: event.data.currency,
        createdAt: event.data.createdAt,
        version,
      };
    case 'ItemAdded': {
      const existing = state.lines[event.data.sku];
      const quantity = (existing?.quantity ?? 0) + event.data.quantity;
      return {
        ...state,
        lines: { ...state.lines, [event.data.sku]: { quantity, unitPriceCents: event.data.unitPriceCents } },
        version,
      };
    }
    case 'ItemRemoved': {
      const { [event.data.sku]: existing, ...others } = state.lines;
      const remaining = (existing?.quantity ?? 0) - event.data.quantity;
      const lines =
        remaining > 0 && existing ? { ...others, [event.data.sku]: { ...existing, quantity: remaining } } : others;
      return { ...state, lines, version };
    }
    case 'DiscountApplied':
      return { ...state, discount: { code: event.data.code, percent: event.data.percent }, version };
    case 'OrderConfirmed':
      return { ...state, status: 'confirmed', version };
    case 'OrderCancelled':
      return { ...state, status: 'cancelled', version };
  }
}

/** Folds events onto a state (the initial one by default). */
export function foldOrder(
  orderId: string,
  events: Iterable<OrderEvent>,
  from: OrderState = initialOrderState(orderId),
): OrderState {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
}

export interface OrderTotals {
  readonly itemCount: number;
  readonly subtotalCents: number;
  readonly discountCents: number;
  readonly totalCents: number;
}

/** Money in whole cents; the discount is rounded down so the customer never pays a fraction too little. */
export function orderTotals(lines: Readonly<Record<string, OrderLine>>, discountPercent = 0): OrderTotals {
  let itemCount = 0;
  let subtotalCents = 0;
  for (const line of Object.values(lines)) {
    itemCount += line.quantity;
    subtotalCents += line.quantity * line.unitPriceCents;
  }
  const discountCents = Math.floor((subtotalCents * discountPercent) / 100);
  return { itemCount, subtotalCents, discountCents, totalCents: subtotalCents - discountCents };
}
