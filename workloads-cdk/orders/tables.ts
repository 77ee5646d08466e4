import { key, type TableSchema } from '../shared/table-schema.js';

/** Keys of the orders tables (the stack and the tests create them from this). */
export const ORDERS_TABLE_SCHEMAS = {
  /** One item per commit; streamed (NEW_IMAGE) to the projector. */
  events: { partitionKey: key('aggregateId'), sortKey: key('version', 'N') },
  snapshots: { partitionKey: key('aggregateId') },
  summaries: { partitionKey: key('orderId') },
  customerOrders: { partitionKey: key('customerId'), sortKey: key('orderId') },
  dailyTotals: { partitionKey: key('day'), sortKey: key('orderId') },
} as const satisfies Record<string, TableSchema>;

/**
 * Stack parameters that point a read model at another table (default empty: the stack's own table). A
 * rebuild into a new table (`awsarch replay orders --to-table`) sets one once the table is complete, so
 * the projector and the query side switch to it together; an empty value switches back.
 */
export const READ_MODEL_TABLE_PARAMETERS = {
  summaries: 'ReadModelSummariesTable',
  customerOrders: 'ReadModelCustomerOrdersTable',
  dailyTotals: 'ReadModelDailyTotalsTable',
} as const;
