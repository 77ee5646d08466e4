// The ride-sharing workload's runtime, for code outside the Lambdas (e.g. replaying the archive and
// checking the services' state): events and their schemas, the services, their stores.
export {
  EVENT_SOURCES,
  RIDE_EVENTS,
  RIDE_EVENT_TYPES,
  type Location,
  type RideEvent,
  type RideEventDetail,
  type RideEventType,
} from './events/catalog.js';
export { allEventJsonSchemas, eventJsonSchema, registrySchemaName } from './events/json-schemas.js';
export { InvalidEventError, isRideEventType, parseRideEvent } from './events/validate.js';
export {
  DEFAULT_FORWARDED_EVENTS,
  IDEMPOTENCY_CONSUMERS,
  RIDE_SHARING_SERVICES,
  type ServiceDefinition,
  type ServiceName,
} from './consumers.js';
export { consumeOnce, isEventBridgeEvent, type EventBridgeEvent } from './runtime/consumer.js';
export { ARCHIVE_RETENTION_DAYS, IdempotencyStore, IDEMPOTENCY_RETENTION_DAYS } from './runtime/idempotency.js';
export { EventBridgePublisher, MemoryPublisher, type EventPublisher } from './runtime/publisher.js';
export { StateStore, transition } from './runtime/state-store.js';
export { createRideService } from './services/ride-service.js';
export { createDriverService } from './services/driver-service.js';
export { createPaymentService } from './services/payment-service.js';
export { createNotificationService } from './services/notification-service.js';
export { createAnalyticsService } from './services/analytics-service.js';
export { createFraudService } from './services/fraud-service.js';
export { SimulatedPaymentGateway, type PaymentGateway } from './services/payment-gateway.js';
export {
  assignmentStore,
  driverStore,
  fraudFlagStore,
  paymentStore,
  rideStore,
  TABLE_ENV,
  TABLE_SCHEMAS,
  type RideSharingTables,
} from './services/stores.js';
