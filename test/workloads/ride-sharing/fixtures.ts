import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  DEFAULT_MATCHING_POLICY,
  type MatchingPolicy,
} from '../../../workloads-cdk/ride-sharing/domain/driver-matching.js';
import type { GatewayResult } from '../../../workloads-cdk/ride-sharing/domain/payment.js';
import { IdempotencyStore } from '../../../workloads-cdk/ride-sharing/runtime/idempotency.js';
import type { EventPublisher } from '../../../workloads-cdk/ride-sharing/runtime/publisher.js';
import { createAnalyticsService } from '../../../workloads-cdk/ride-sharing/services/analytics-service.js';
import { createDriverService } from '../../../workloads-cdk/ride-sharing/services/driver-service.js';
import { createFraudService } from '../../../workloads-cdk/ride-sharing/services/fraud-service.js';
import { createNotificationService } from '../../../workloads-cdk/ride-sharing/services/notification-service.js';
import {
  SimulatedPaymentGateway,
  type PaymentGateway,
} from '../../../workloads-cdk/ride-sharing/services/payment-gateway.js';
import { createPaymentService } from '../../../workloads-cdk/ride-sharing/services/payment-service.js';
import { createRideService } from '../../../workloads-cdk/ride-sharing/services/ride-service.js';
import {
  assignmentStore,
  driverStore,
  fraudFlagStore,
  paymentStore,
  rideStore,
  TABLE_SCHEMAS,
  type RideSharingTables,
} from '../../../workloads-cdk/ride-sharing/services/stores.js';
import type { LocalDynamo } from '../../helpers/dynalite.js';
import { LocalBus } from './local-bus.js';

/** A processor that honours idempotency keys like a real one, and records every call. */
export class LedgerGateway implements PaymentGateway {
  readonly calls: Array<{ operation: string; key: string; amountCents?: number }> = [];
  private readonly answers = new Map<string, GatewayResult>();
  private readonly simulated = new SimulatedPaymentGateway();

  async authorize(request: Parameters<PaymentGateway['authorize']>[0]): Promise<GatewayResult> {
    return this.once('authorize', request.idempotencyKey, request.amountCents, () => this.simulated.authorize(request));
  }
  async capture(request: Parameters<PaymentGateway['capture']>[0]): Promise<GatewayResult> {
    return this.once('capture', request.idempotencyKey, request.amountCents, () => this.simulated.capture(request));
  }
  async void(request: Parameters<PaymentGateway['void']>[0]): Promise<GatewayResult> {
    return this.once('void', request.idempotencyKey, undefined, () => this.simulated.void(request));
  }
  /** Distinct operations the processor performed (a repeated key is the same operation). */
  performed(operation: string): string[] {
    return [...this.answers.keys()].filter((key) => key.startsWith(`${operation}:`));
  }
  private async once(
    operation: string,
    key: string,
    amountCents: number | undefined,
    perform: () => Promise<GatewayResult>,
  ): Promise<GatewayResult> {
    this.calls.push({ operation, key, amountCents });
    const known = this.answers.get(key);
    if (known) return known;
    const answer = await perform();
    this.answers.set(key, answer);
    return answer;
  }
}

export interface RideSharingWorld {
  readonly bus: LocalBus;
  readonly gateway: LedgerGateway;
  readonly tables: Record<keyof RideSharingTables, string>;
  readonly db: DynamoDBDocumentClient;
  readonly rides: ReturnType<typeof createRideService>;
  readonly drivers: ReturnType<typeof createDriverService>;
  readonly payments: ReturnType<typeof createPaymentService>;
  readonly notifications: ReturnType<typeof createNotificationService>;
  readonly analytics: ReturnType<typeof createAnalyticsService>;
  readonly fraud: ReturnType<typeof createFraudService>;
  readonly stores: {
    rides: ReturnType<typeof rideStore>;
    drivers: ReturnType<typeof driverStore>;
    assignments: ReturnType<typeof assignmentStore>;
    payments: ReturnType<typeof paymentStore>;
  };
  /** The clock every service reads; advance it with tick(). */
  now(): string;
  tick(seconds: number): void;
  /** Every item of a table, sorted, for before/after comparisons. */
  snapshot(role: keyof RideSharingTables): Promise<unknown[]>;
}

/** The six services on fresh tables in the local DynamoDB, wired to a local bus. */
export async function rideSharingWorld(
  dynamo: LocalDynamo,
  options: { start?: string; policy?: Partial<MatchingPolicy>; publisher?: EventPublisher } = {},
): Promise<RideSharingWorld> {
  const tables = await dynamo.tables(TABLE_SCHEMAS);
  const db = dynamo.db;
  const bus = new LocalBus();
  // The services publish to the local bus, or (options.publisher) to a real one such as the sandbox's EventBridge.
  const publisher = options.publisher ?? bus;
  const gateway = new LedgerGateway();
  let time = Date.parse(options.start ?? '2026-11-24T08:00:00.000Z');
  const now = () => new Date(time).toISOString();
  const idempotency = (consumer: string) => new IdempotencyStore(db, tables.idempotency, consumer, () => time);
  const stores = {
    rides: rideStore(db, tables.rides),
    drivers: driverStore(db, tables.drivers),
    assignments: assignmentStore(db, tables.assignments),
    payments: paymentStore(db, tables.payments),
  };
  const world: RideSharingWorld = {
    bus,
    gateway,
    tables,
    db,
    stores,
    now,
    tick: (seconds) => {
      time += seconds * 1000;
    },
    rides: createRideService({ rides: stores.rides, publisher, idempotency: idempotency('rides'), now }),
    drivers: createDriverService({
      db,
      drivers: stores.drivers,
      assignments: stores.assignments,
      tables: { drivers: tables.drivers, assignments: tables.assignments },
      publisher,
      idempotency: idempotency('drivers'),
      policy: { ...DEFAULT_MATCHING_POLICY, ...options.policy },
      now,
    }),
    payments: createPaymentService({
      payments: stores.payments,
      gateway,
      publisher,
      idempotency: idempotency('payments'),
      now,
    }),
    notifications: createNotificationService({
      db,
      table: tables.notifications,
      idempotency: idempotency('notifications'),
    }),
    analytics: createAnalyticsService({ db, table: tables.analytics, idempotency: idempotency('analytics') }),
    fraud: createFraudService({
      db,
      activityTable: tables.fraudActivity,
      flags: fraudFlagStore(db, tables.fraudFlags),
      publisher,
      idempotency: idempotency('fraud'),
      now,
    }),
    snapshot: async (role) => {
      const page = await db.send(new ScanCommand({ TableName: tables[role] }));
      return (page.Items ?? []).map((item) => JSON.stringify(item, Object.keys(item).sort())).sort();
    },
  };
  bus.subscribe('Ride', (event) => world.rides.event(event));
  bus.subscribe('Driver', (event) => world.drivers.event(event));
  bus.subscribe('Payment', (event) => world.payments.event(event));
  bus.subscribe('Notification', (event) => world.notifications.event(event));
  bus.subscribe('Analytics', (event) => world.analytics.event(event));
  bus.subscribe('Fraud', (event) => world.fraud.event(event));
  return world;
}

export const LISBON = {
  baixa: { lat: 38.7107, lng: -9.1365 },
  alfama: { lat: 38.7118, lng: -9.1301 },
  belem: { lat: 38.6979, lng: -9.2063 },
  airport: { lat: 38.7742, lng: -9.1342 },
  porto: { lat: 41.1496, lng: -8.611 },
};
