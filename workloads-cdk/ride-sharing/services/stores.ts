import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Assignment, Driver } from '../domain/driver-matching.js';
import type { Payment } from '../domain/payment.js';
import type { Ride } from '../domain/ride.js';
import { key, type TableSchema } from '../../shared/table-schema.js';
import { StateStore } from '../runtime/state-store.js';
import { offerShardOf } from './driver-service.js';
import type { FraudFlag } from './fraud-service.js';

/** The tables of the ride-sharing services, by role; the stack creates them with these keys. */
export interface RideSharingTables {
  /** pk (S): consumer#eventId */
  readonly idempotency: string;
  /** rideId (S) */
  readonly rides: string;
  /** driverId (S); GSI byCity: city (S) */
  readonly drivers: string;
  /** rideId (S); sparse GSI openOffers: offerShard (S), offerExpiresAt (S) */
  readonly assignments: string;
  /** rideId (S) */
  readonly payments: string;
  /** recipientKey (S), sortKey (S) */
  readonly notifications: string;
  /** cityHour (S), factKey (S) */
  readonly analytics: string;
  /** subject (S), activity (S); TTL expiresAt */
  readonly fraudActivity: string;
  /** flagId (S) */
  readonly fraudFlags: string;
}

/** Keys and indexes of each table (the stack and the tests create them from this). */
export const TABLE_SCHEMAS: Readonly<Record<keyof RideSharingTables, TableSchema>> = {
  idempotency: { partitionKey: key('pk'), ttlAttribute: 'expiresAt' },
  rides: { partitionKey: key('rideId') },
  drivers: {
    partitionKey: key('driverId'),
    indexes: [{ name: 'byCity', partitionKey: key('city'), sortKey: key('driverId') }],
  },
  assignments: {
    partitionKey: key('rideId'),
    indexes: [{ name: 'openOffers', partitionKey: key('offerShard'), sortKey: key('offerExpiresAt') }],
  },
  payments: { partitionKey: key('rideId') },
  notifications: { partitionKey: key('recipientKey'), sortKey: key('sortKey') },
  analytics: { partitionKey: key('cityHour'), sortKey: key('factKey') },
  fraudActivity: { partitionKey: key('subject'), sortKey: key('activity'), ttlAttribute: 'expiresAt' },
  fraudFlags: { partitionKey: key('flagId') },
};

/** Environment variable of each table, as the stack sets them. */
export const TABLE_ENV: Readonly<Record<keyof RideSharingTables, string>> = {
  idempotency: 'IDEMPOTENCY_TABLE',
  rides: 'RIDES_TABLE',
  drivers: 'DRIVERS_TABLE',
  assignments: 'ASSIGNMENTS_TABLE',
  payments: 'PAYMENTS_TABLE',
  notifications: 'NOTIFICATIONS_TABLE',
  analytics: 'ANALYTICS_TABLE',
  fraudActivity: 'FRAUD_ACTIVITY_TABLE',
  fraudFlags: 'FRAUD_FLAGS_TABLE',
};

export function rideStore(db: DynamoDBDocumentClient, table: string): StateStore<Ride> {
  return new StateStore<Ride>(db, { table, keyName: 'rideId' });
}

export function driverStore(db: DynamoDBDocumentClient, table: string): StateStore<Driver> {
  return new StateStore<Driver>(db, { table, keyName: 'driverId' });
}

export function assignmentStore(db: DynamoDBDocumentClient, table: string): StateStore<Assignment> {
  return new StateStore<Assignment>(db, {
    table,
    keyName: 'rideId',
    indexAttributes: { names: ['offerShard'], of: (assignment) => ({ offerShard: offerShardOf(assignment) }) },
  });
}

export function paymentStore(db: DynamoDBDocumentClient, table: string): StateStore<Payment> {
  return new StateStore<Payment>(db, { table, keyName: 'rideId' });
}

export function fraudFlagStore(db: DynamoDBDocumentClient, table: string): StateStore<FraudFlag> {
  return new StateStore<FraudFlag>(db, { table, keyName: 'flagId' });
}
