import type { Currency } from '../domain/order.js';
import type { OrderSummary } from './order-summary.js';

export interface ReadModelTables {
  /** Partition key orderId: the OrderSummary. */
  readonly summaries: string;
  /** Partition key customerId, sort key orderId: one row per order of a customer. */
  readonly customerOrders: string;
  /** Partition key day (YYYY-MM-DD of confirmation), sort key orderId: one row per confirmed order. */
  readonly dailyTotals: string;
}

export const READ_MODELS = ['order-summary', 'orders-by-customer', 'daily-totals'] as const;
export type ReadModelName = (typeof READ_MODELS)[number];

/** A row of orders-by-customer. */
export interface CustomerOrderRow {
  readonly customerId: string;
  readonly orderId: string;
  readonly status: OrderSummary['status'];
  readonly currency: Currency;
  readonly itemCount: number;
  readonly totalCents: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** A row of daily-totals: an order confirmed that day (cancelled later or not). */
export interface DailyOrderRow {
  readonly day: string;
  readonly orderId: string;
  readonly status: 'confirmed' | 'cancelled';
  readonly currency: Currency;
  readonly totalCents: number;
  readonly version: number;
}

export interface DailyTotals {
  readonly day: string;
  readonly confirmedOrders: number;
  /** Orders confirmed that day and cancelled since. */
  readonly cancelledOrders: number;
  /** Revenue of the orders still confirmed, per currency, in cents. */
  readonly revenueCents: Partial<Record<Currency, number>>;
}

export function customerOrderRow(summary: OrderSummary): CustomerOrderRow {
  const { customerId, orderId, status, currency, itemCount, totalCents, createdAt, updatedAt, version } = summary;
  return { customerId, orderId, status, currency, itemCount, totalCents, createdAt, updatedAt, version };
}

/** The daily-totals row of a confirmed (or confirmed, then cancelled) order; none for orders never confirmed. */
export function dailyOrderRow(summary: OrderSummary): DailyOrderRow | undefined {
  if (!summary.confirmedAt || summary.status === 'open') return undefined;
  return {
    day: summary.confirmedAt.slice(0, 10),
    orderId: summary.orderId,
    status: summary.status,
    currency: summary.currency,
    totalCents: summary.totalCents,
    version: summary.version,
  };
}

/**
 * Sums one day's rows. Daily totals are one row per order rather than a counter, so a redelivered
 * or replayed event overwrites its order's row instead of being added a second time.
 */
export function sumDailyTotals(
  day: string,
  rows: Iterable<Pick<DailyOrderRow, 'status' | 'currency' | 'totalCents'>>,
): DailyTotals {
  let confirmedOrders = 0;
  let cancelledOrders = 0;
  const revenueCents: Partial<Record<Currency, number>> = {};
  for (const row of rows) {
    if (row.status === 'cancelled') {
      cancelledOrders += 1;
      continue;
    }
    confirmedOrders += 1;
    revenueCents[row.currency] = (revenueCents[row.currency] ?? 0) + row.totalCents;
  }
  return { day, confirmedOrders, cancelledOrders, revenueCents };
}
