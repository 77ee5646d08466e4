import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rejected, unchanged, type Decision, type DecisionContext } from '../domain/decisions.js';
import {
  decideAcceptance,
  decideNextOffer,
  decideOfferExpiry,
  decideRideEnded,
  isFreeFor,
  type Assignment,
  type Driver,
  type MatchingPolicy,
} from '../domain/driver-matching.js';
import type { RideEvent } from '../events/catalog.js';
import { consumeOnce, type ConsumeOutcome, type EventBridgeEvent } from '../runtime/consumer.js';
import type { IdempotencyStore } from '../runtime/idempotency.js';
import type { EventPublisher } from '../runtime/publisher.js';
import { transition, type StateStore } from '../runtime/state-store.js';
import { driverCommandSchema, parseCommand, type CommandResult } from './commands.js';

/** Open offers are indexed in a few shards so the sweep never reads one hot partition. */
export const OFFER_SHARDS = 8;

export interface DriverServiceDeps {
  readonly db: DynamoDBDocumentClient;
  readonly drivers: StateStore<Driver>;
  readonly assignments: StateStore<Assignment>;
  readonly tables: { readonly drivers: string; readonly assignments: string };
  readonly publisher: EventPublisher;
  readonly idempotency: IdempotencyStore;
  readonly policy: MatchingPolicy;
  now(): string;
}

/** The sparse index of open offers: only assignments that are offering have an offerShard. */
export function offerShardOf(assignment: Assignment): string | undefined {
  if (assignment.status !== 'offering') return undefined;
  let hash = 0;
  for (const char of assignment.rideId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `shard-${hash % OFFER_SHARDS}`;
}

/** Drivers: locations and availability, nearest-driver offers, acceptance, offer timeouts. */
export function createDriverService(deps: DriverServiceDeps) {
  const driversIn = async (city: string): Promise<Driver[]> => {
    const drivers: Driver[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await deps.db.send(
        new QueryCommand({
          TableName: deps.tables.drivers,
          IndexName: 'byCity',
          KeyConditionExpression: 'city = :city',
          ExpressionAttributeValues: { ':city': city },
          ExclusiveStartKey: startKey,
        }),
      );
      drivers.push(...((page.Items ?? []) as Driver[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return drivers;
  };

  /** Offers the ride to the nearest free driver, reserving that driver first; NoDriverAvailable when none is left. */
  const offerNext = async (rideId: string, causeId: string): Promise<void> => {
    const ctx: DecisionContext = { now: deps.now(), causeId };
    const unreachable = new Set<string>();
    for (;;) {
      const current = await deps.assignments.get(rideId);
      if (!current || current.state.status !== 'offering' || current.state.driverId) return;
      const city = await driversIn(current.state.city);
      const candidates = city
        .filter((driver) => !unreachable.has(driver.driverId))
        .map((driver) => (isFreeFor(driver, rideId, ctx.now) ? { ...driver, status: 'available' as const } : driver));
      const decision = decideNextOffer(current.state, candidates, deps.policy, ctx);
      if (decision.kind !== 'changed') return;
      const driver = decision.offeredDriver;
      if (driver && !(await reserve(driver.driverId, rideId, decision.state.offerExpiresAt as string, ctx))) {
        unreachable.add(driver.driverId);
        continue;
      }
      const result = await transition(deps.assignments, rideId, deps.publisher, (assignment) =>
        assignment && assignment.attempt === current.state.attempt && !assignment.driverId
          ? { kind: 'changed', state: decision.state, events: decision.events }
          : unchanged('assignment moved on'),
      );
      if (result.kind === 'changed' || !driver) return;
      await release(driver.driverId, rideId, ctx);
      return;
    }
  };

  const reserve = async (
    driverId: string,
    rideId: string,
    offerExpiresAt: string,
    ctx: DecisionContext,
  ): Promise<boolean> => {
    const result = await transition(deps.drivers, driverId, deps.publisher, (driver): Decision<Driver> => {
      if (!driver || !isFreeFor(driver, rideId, ctx.now))
        return rejected('driver-busy', `${driverId} is no longer free`);
      return {
        kind: 'changed',
        state: { ...driver, status: 'offered', rideId, offerExpiresAt, updatedAt: ctx.now },
        events: [],
      };
    });
    return result.kind === 'changed';
  };

  /** Frees a driver held for this ride (offered or driving it); a driver on another ride is left alone. */
  const release = async (
    driverId: string,
    rideId: string,
    ctx: DecisionContext,
    location?: Driver['location'],
  ): Promise<void> => {
    await transition(deps.drivers, driverId, deps.publisher, (driver): Decision<Driver> => {
      if (!driver || driver.rideId !== rideId || driver.status === 'available' || driver.status === 'offline')
        return unchanged('not held for this ride');
      return {
        kind: 'changed',
        state: {
          ...driver,
          status: 'available',
          rideId: undefined,
          offerExpiresAt: undefined,
          location: location ?? driver.location,
          updatedAt: ctx.now,
        },
        events: [],
      };
    });
  };

  const onEvent = async (event: RideEvent): Promise<void> => {
    const ctx: DecisionContext = { now: deps.now(), causeId: event.detail.eventId };
    switch (event.type) {
      case 'RideRequested': {
        const { rideId, riderId, city, pickup } = event.detail;
        const opened: Assignment = { rideId, riderId, city, pickup, status: 'offering', attempt: 0, tried: [] };
        await transition(deps.assignments, rideId, deps.publisher, (existing) =>
          existing ? unchanged('assignment exists') : { kind: 'changed', state: opened, events: [] },
        );
        return offerNext(rideId, event.detail.eventId);
      }
      case 'RideCancelled':
      case 'RideCompleted': {
        const ended = await transition(deps.assignments, event.detail.rideId, deps.publisher, (assignment) =>
          decideRideEnded(assignment, event),
        );
        const driverId = event.detail.driverId ?? (ended.kind === 'changed' ? ended.state.driverId : undefined);
        if (driverId)
          await release(
            driverId,
            event.detail.rideId,
            ctx,
            event.type === 'RideCompleted' ? event.detail.dropoff : undefined,
          );
        return;
      }
      default:
        return;
    }
  };

  return {
    async command(input: unknown): Promise<CommandResult> {
      const parsed = parseCommand(driverCommandSchema, input);
      if (!parsed.ok) return parsed;
      const command = parsed.command;
      const ctx: DecisionContext = { now: deps.now(), causeId: `command:${command.command}:${command.driverId}` };
      if (command.command === 'UpdateDriverLocation') {
        const result = await transition(deps.drivers, command.driverId, deps.publisher, (driver): Decision<Driver> => {
          const busy =
            driver && (driver.status === 'on-ride' || (driver.status === 'offered' && !isFreeFor(driver, '', ctx.now)));
          const status = busy ? driver.status : command.available ? 'available' : 'offline';
          return {
            kind: 'changed',
            state: {
              ...driver,
              driverId: command.driverId,
              city: command.city,
              location: command.location,
              status,
              updatedAt: ctx.now,
            },
            events: [],
          };
        });
        return { ok: true, outcome: result.kind === 'changed' ? 'changed' : 'unchanged', events: [] };
      }
      const acceptCtx = { ...ctx, causeId: `command:AcceptRide:${command.rideId}:${command.driverId}` };
      const accepted = await transition(deps.assignments, command.rideId, deps.publisher, (assignment) =>
        decideAcceptance(assignment, command.driverId, acceptCtx),
      );
      if (accepted.kind === 'rejected') return { ok: false, code: accepted.code, message: accepted.message };
      // Also on a retry ("already accepted"): the driver must end up on the ride.
      await transition(deps.drivers, command.driverId, deps.publisher, (driver): Decision<Driver> =>
        driver && driver.status !== 'on-ride'
          ? {
              kind: 'changed',
              state: {
                ...driver,
                status: 'on-ride',
                rideId: command.rideId,
                offerExpiresAt: undefined,
                updatedAt: ctx.now,
              },
              events: [],
            }
          : unchanged('already on the ride'),
      );
      return {
        ok: true,
        outcome: accepted.kind,
        events: accepted.kind === 'changed' ? accepted.events.map((event) => event.type) : [],
      };
    },

    async event(raw: EventBridgeEvent): Promise<ConsumeOutcome> {
      return consumeOnce(deps.idempotency, raw, onEvent);
    },

    /** Expires lapsed offers (every minute, from a schedule): DriverOfferExpired, release the driver, offer the next one. */
    async sweepExpiredOffers(): Promise<{ expired: number }> {
      const now = deps.now();
      let expired = 0;
      for (let shard = 0; shard < OFFER_SHARDS; shard += 1) {
        const page = await deps.db.send(
          new QueryCommand({
            TableName: deps.tables.assignments,
            IndexName: 'openOffers',
            KeyConditionExpression: 'offerShard = :shard AND offerExpiresAt <= :now',
            ExpressionAttributeValues: { ':shard': `shard-${shard}`, ':now': now },
          }),
        );
        for (const item of page.Items ?? []) {
          const assignment = item as Assignment;
          const ctx: DecisionContext = { now, causeId: `expiry:${assignment.rideId}:${assignment.attempt}` };
          const result = await transition(deps.assignments, assignment.rideId, deps.publisher, (current) =>
            current ? decideOfferExpiry(current, ctx) : unchanged('gone'),
          );
          if (result.kind !== 'changed' || !assignment.driverId) continue;
          expired += 1;
          await release(assignment.driverId, assignment.rideId, ctx);
          await offerNext(assignment.rideId, ctx.causeId);
        }
      }
      return { expired };
    },
  };
}
