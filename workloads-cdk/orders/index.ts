// The orders workload's runtime, for code outside the Lambdas (e.g. rebuilding read models from the event
// store): the same domain, event store access and projector the Lambda handlers use.
export { decide, type Decision, type RuleViolation } from './domain/decide.js';
export {
  evolve,
  foldOrder,
  initialOrderState,
  orderTotals,
  ORDER_EVENT_TYPES,
  type OrderEvent,
  type OrderEventType,
  type OrderState,
} from './domain/order.js';
export { parseOrderCommand, type CommandEnvelope, type OrderCommand } from './domain/commands.js';
export {
  commitFromStreamImage,
  commitToItem,
  eventsOfCommit,
  itemToCommit,
  type Commit,
  type StoredEvent,
} from './event-store/commits.js';
export {
  ConcurrencyConflictError,
  DynamoEventStore,
  type EventStoreTables,
  type ScanPage,
  type Snapshot,
} from './event-store/event-store.js';
export {
  projectOrderEvents,
  projectOrderSummary,
  ProjectionGapError,
  type OrderSummary,
} from './projection/order-summary.js';
export {
  customerOrderRow,
  dailyOrderRow,
  sumDailyTotals,
  READ_MODELS,
  type CustomerOrderRow,
  type DailyOrderRow,
  type DailyTotals,
  type ReadModelName,
  type ReadModelTables,
} from './projection/read-models.js';
export { ReadModelStore } from './projection/read-model-store.js';
export {
  handleOrderCommand,
  loadOrder,
  type CommandOutcome,
  type CommandServiceDeps,
} from './application/command-service.js';
export { projectCommits, type ProjectionStats, type ProjectorDeps } from './application/projector-service.js';
export { ORDERS_TABLE_SCHEMAS, READ_MODEL_TABLE_PARAMETERS } from './tables.js';
export { COMMAND_ROUTES, QUERY_ROUTES } from './application/http-api.js';
