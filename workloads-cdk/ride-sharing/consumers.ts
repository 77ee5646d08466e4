import type { RideEventType } from './events/catalog.js';
import type { RideSharingTables } from './services/stores.js';

export type ServiceName = 'Ride' | 'Driver' | 'Payment' | 'Notification' | 'Analytics' | 'Fraud';

/**
 * The consumer name each service keys its idempotency records with (IDEMPOTENCY_TABLE pk CONSUMER#eventId):
 * a record completed for an event is that service's effect of it, which `awsarch load` measures.
 */
export const IDEMPOTENCY_CONSUMERS: Readonly<Record<ServiceName, string>> = {
  Ride: 'rides',
  Driver: 'drivers',
  Payment: 'payments',
  Notification: 'notifications',
  Analytics: 'analytics',
  Fraud: 'fraud',
};

/** One of the six services: its handler, what it consumes from the bus, the tables it writes, whether it publishes. */
export interface ServiceDefinition {
  readonly name: ServiceName;
  readonly description: string;
  /** Handler module, relative to ride-sharing/handlers/. */
  readonly handler: string;
  readonly consumes: readonly RideEventType[];
  readonly tables: ReadonlyArray<keyof RideSharingTables>;
  readonly publishes: boolean;
}

/** The services and their subscriptions: each gets its own rule (event pattern), target retry policy and DLQ. */
export const RIDE_SHARING_SERVICES: readonly ServiceDefinition[] = [
  {
    name: 'Ride',
    description: 'Rides: request, cancel, start, complete; follows driver assignment, acceptance and payment failures',
    handler: 'ride.js',
    consumes: ['DriverAssigned', 'RideAccepted', 'NoDriverAvailable', 'PaymentFailed'],
    tables: ['rides'],
    publishes: true,
  },
  {
    name: 'Driver',
    description: 'Drivers: nearest available driver by distance, acceptance, offer timeouts',
    handler: 'driver.js',
    consumes: ['RideRequested', 'RideCancelled', 'RideCompleted'],
    tables: ['drivers', 'assignments'],
    publishes: true,
  },
  {
    name: 'Payment',
    description:
      'Payments: authorize on request, capture on completion, void or fee on cancellation; idempotency keys per ride',
    handler: 'payment.js',
    consumes: ['RideRequested', 'RideCompleted', 'RideCancelled'],
    tables: ['payments'],
    publishes: true,
  },
  {
    name: 'Notification',
    description: 'Notifications: who is told what, recorded for delivery',
    handler: 'notification.js',
    consumes: [
      'RideRequested',
      'DriverAssigned',
      'RideAccepted',
      'NoDriverAvailable',
      'RideStarted',
      'RideCompleted',
      'RideCancelled',
      'PaymentCaptured',
      'PaymentFailed',
      'FraudFlagged',
    ],
    tables: ['notifications'],
    publishes: false,
  },
  {
    name: 'Analytics',
    description: 'Analytics: rides, revenue and distance per city and hour',
    handler: 'analytics.js',
    consumes: ['RideRequested', 'RideCompleted', 'RideCancelled'],
    tables: ['analytics'],
    publishes: false,
  },
  {
    name: 'Fraud',
    description: 'Fraud: impossible speed between rides, excessive cancellations, payment-method velocity',
    handler: 'fraud.js',
    consumes: ['RideStarted', 'RideCompleted', 'RideCancelled', 'PaymentAuthorized'],
    tables: ['fraudActivity', 'fraudFlags'],
    publishes: true,
  },
];

/** Events routed to the partner account's bus unless context forwardEvents says otherwise. */
export const DEFAULT_FORWARDED_EVENTS: readonly RideEventType[] = ['RideCompleted', 'PaymentCaptured', 'FraudFlagged'];
