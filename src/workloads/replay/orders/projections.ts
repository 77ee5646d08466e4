// The orders workload's runtime (compiled to workloads-cdk/dist by `npm run build`): the projector the
// Lambda runs, its read-model rows, the event store and the table schemas.
import {
  customerOrderRow,
  dailyOrderRow,
  ORDERS_TABLE_SCHEMAS,
  READ_MODEL_TABLE_PARAMETERS,
  READ_MODELS,
  type OrderSummary,
  type ReadModelName,
} from '#workloads/orders/index.js';

export { READ_MODELS, type ReadModelName };

/** A read-model table's role in the orders stack. */
export type ReadModelRole = keyof typeof READ_MODEL_TABLE_PARAMETERS;

export interface ProjectionInfo {
  readonly name: ReadModelName;
  readonly role: ReadModelRole;
  /** The stack output naming the table that serves it now. */
  readonly output: string;
  /** The stack parameter that points it at a rebuilt table. */
  readonly parameter: string;
  /** Key attributes of its rows. */
  readonly keys: readonly string[];
}

export const PROJECTIONS: Readonly<Record<ReadModelName, ProjectionInfo>> = {
  'order-summary': {
    name: 'order-summary',
    role: 'summaries',
    output: 'SummariesTableName',
    parameter: READ_MODEL_TABLE_PARAMETERS.summaries,
    keys: ['orderId'],
  },
  'orders-by-customer': {
    name: 'orders-by-customer',
    role: 'customerOrders',
    output: 'CustomerOrdersTableName',
    parameter: READ_MODEL_TABLE_PARAMETERS.customerOrders,
    keys: ['customerId', 'orderId'],
  },
  'daily-totals': {
    name: 'daily-totals',
    role: 'dailyTotals',
    output: 'DailyTotalsTableName',
    parameter: READ_MODEL_TABLE_PARAMETERS.dailyTotals,
    keys: ['day', 'orderId'],
  },
};

/** The table schema of a read model (the stack creates its tables from the same schemas). */
export function schemaOf(projection: ReadModelName) {
  return ORDERS_TABLE_SCHEMAS[PROJECTIONS[projection].role];
}

/** A versioned read-model row. */
export type ReadModelRow = { readonly version: number } & Record<string, unknown>;

/** The row a projection holds for an order (none: daily totals of an order never confirmed). Pure. */
export function rowOf(projection: ReadModelName, summary: OrderSummary): ReadModelRow | undefined {
  switch (projection) {
    case 'order-summary':
      return summary as unknown as ReadModelRow;
    case 'orders-by-customer':
      return customerOrderRow(summary) as unknown as ReadModelRow;
    case 'daily-totals':
      return dailyOrderRow(summary) as unknown as ReadModelRow | undefined;
  }
}

/** The key of a row of a projection. */
export function keyOf(projection: ReadModelName, row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(PROJECTIONS[projection].keys.map((key) => [key, row[key]]));
}
