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
