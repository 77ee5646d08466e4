import { orderTotals, type Currency, type OrderLine } from '../domain/order.js';
import type { StoredEvent } from '../event-store/commits.js';

/** The order read model: everything the query side shows about one order, and the version it reflects. */
export interface OrderSummary {
  readonly orderId: string;
  readonly customerId: string;
  readonly currency: Currency;
  readonly status: 'open' | 'confirmed' | 'cancelled';
  readonly lines: Readonly<Record<string, OrderLine>>;
  readonly discount?: { readonly code: string; readonly percent: number };
  readonly itemCount: number;
  readonly subtotalCents: number;
  readonly discountCents: number;
  readonly totalCents: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly confirmedAt?: string;
  readonly cancelledAt?: string;
  readonly cancelReason?: string;
  /** The version of the last event folded in; the projection's idempotency guard. */
  readonly version: number;
}

/** An event arrived whose predecessors have not been projected yet. */
export class ProjectionGapError extends Error {
  constructor(
    readonly orderId: string,
    readonly projectedVersion: number,
    readonly eventVersion: number,
  ) {
    super(`order ${orderId}: event ${eventVersion} arrived but the projection is at version ${projectedVersion}`);
    this.name = 'ProjectionGapError';
  }
}

/**
 * Folds one stored event into the summary. Idempotent by version: an event at or below the summary's
 * version changes nothing (a redelivery or replay); an event beyond the next version throws
 * ProjectionGapError so the caller can fetch the missing ones first. Pure.
 */
export function projectOrderSummary(summary: OrderSummary | undefined, stored: StoredEvent): OrderSummary | undefined {
  const current = summary?.version ?? 0;
  if (stored.version <= current) return summary;
  if (stored.version !== current + 1) throw new ProjectionGapError(stored.aggregateId, current, stored.version);
  const { event } = stored;
  const at = stored.committedAt;
  if (event.type === 'OrderCreated') {
    return withTotals({
      orderId: stored.aggregateId,
      customerId: event.data.customerId,
      currency: event.data.currency,
      status: 'open',
      lines: {},
      itemCount: 0,
      subtotalCents: 0,
      discountCents: 0,
      totalCents: 0,
      createdAt: event.data.createdAt,
      updatedAt: at,
      version: stored.version,
    });
  }
  if (!summary) throw new ProjectionGapError(stored.aggregateId, 0, stored.version);
  const base = { ...summary, updatedAt: at, version: stored.version };
  switch (event.type) {
    case 'ItemAdded': {
      const quantity = (summary.lines[event.data.sku]?.quantity ?? 0) + event.data.quantity;
      return withTotals({
        ...base,
        lines: { ...summary.lines, [event.data.sku]: { quantity, unitPriceCents: event.data.unitPriceCents } },
      });
    }
    case 'ItemRemoved': {
      const { [event.data.sku]: line, ...others } = summary.lines;
      const remaining = (line?.quantity ?? 0) - event.data.quantity;
      return withTotals({
        ...base,
        lines: line && remaining > 0 ? { ...others, [event.data.sku]: { ...line, quantity: remaining } } : others,
      });
    }
    case 'DiscountApplied':
      return withTotals({ ...base, discount: { code: event.data.code, percent: event.data.percent } });
    case 'OrderConfirmed':
      return {
        ...base,
        status: 'confirmed',
        confirmedAt: event.data.confirmedAt,
        subtotalCents: event.data.subtotalCents,
        discountCents: event.data.discountCents,
        totalCents: event.data.totalCents,
      };
    case 'OrderCancelled':
      return { ...base, status: 'cancelled', cancelledAt: event.data.cancelledAt, cancelReason: event.data.reason };
  }
}

/** Folds events in version order onto a summary (the rebuild path and the projector share this). */
export function projectOrderEvents(
  summary: OrderSummary | undefined,
  events: Iterable<StoredEvent>,
): OrderSummary | undefined {
  let current = summary;
  for (const event of events) current = projectOrderSummary(current, event);
  return current;
}

function withTotals(summary: OrderSummary): OrderSummary {
  return { ...summary, ...orderTotals(summary.lines, summary.discount?.percent) };
}
