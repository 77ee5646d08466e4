import { describe, expect, it } from 'vitest';
import type { RideEvent } from '../../../workloads-cdk/ride-sharing/events/catalog.js';
import { useLocalDynamo } from '../orders/fixtures.js';
import { LISBON, rideSharingWorld, type RideSharingWorld } from './fixtures.js';
import { envelope } from './local-bus.js';

const dynamo = useLocalDynamo();
let ids = 0;
const base = (world: RideSharingWorld, rideId: string) => ({ eventId: `f-${++ids}`, occurredAt: world.now(), rideId });

async function feed(world: RideSharingWorld, event: RideEvent): Promise<void> {
  await world.fraud.event(envelope(event));
}

describe('fraud service against dynalite', () => {
  it('flags a driver who starts a ride 268 km from the last drop-off 10 minutes later, once', async () => {
    const world = await rideSharingWorld(dynamo());
    const completed: RideEvent = {
      type: 'RideCompleted',
      detail: {
        ...base(world, 'fr-1'),
        riderId: 'r1',
        driverId: 'd1',
        city: 'lisbon',
        dropoff: LISBON.airport,
        distanceKm: 9,
        durationMinutes: 15,
        fareCents: 1200,
        currency: 'EUR',
        paymentMethodId: 'pm1',
      },
    };
    await feed(world, completed);
    world.tick(600);
    const started: RideEvent = {
      type: 'RideStarted',
      detail: { ...base(world, 'fr-2'), riderId: 'r2', driverId: 'd1', city: 'lisbon', location: LISBON.porto },
    };
    await feed(world, started);
    await feed(world, started);
    await world.fraud.event({ ...envelope(started), detail: { ...started.detail, eventId: 'f-again' } });
    const flags = world.bus.ofType('FraudFlagged');
    expect(flags).toHaveLength(1);
    expect(flags[0]?.detail).toMatchObject({
      subjectType: 'driver',
      subjectId: 'd1',
      rule: 'impossible-speed',
      rideId: 'fr-2',
    });
    expect(flags[0]?.detail.reason).toBe("267.9 km from the previous ride's drop-off in 1607 km/h");
  });

  it('does not flag a plausible trip between rides', async () => {
    const world = await rideSharingWorld(dynamo());
    await feed(world, {
      type: 'RideCompleted',
      detail: {
        ...base(world, 'ok-1'),
        riderId: 'r1',
        driverId: 'd2',
        city: 'lisbon',
        dropoff: LISBON.airport,
        distanceKm: 9,
        durationMinutes: 15,
        fareCents: 1200,
        currency: 'EUR',
        paymentMethodId: 'pm1',
      },
    });
    world.tick(900);
    await feed(world, {
      type: 'RideStarted',
      detail: { ...base(world, 'ok-2'), riderId: 'r3', driverId: 'd2', city: 'lisbon', location: LISBON.baixa },
    });
    expect(world.bus.ofType('FraudFlagged')).toEqual([]);
  });

  it('flags a rider at the fourth cancellation within 24 hours, once that day', async () => {
    const world = await rideSharingWorld(dynamo());
    for (let ride = 0; ride < 6; ride += 1) {
      world.tick(1800);
      await feed(world, {
        type: 'RideCancelled',
        detail: {
          ...base(world, `c-${ride}`),
          riderId: 'r-flaky',
          city: 'lisbon',
          cancelledBy: 'rider',
          reason: 'changed mind',
          feeCents: 0,
        },
      });
    }
    await feed(world, {
      type: 'RideCancelled',
      detail: {
        ...base(world, 'c-sys'),
        riderId: 'r-other',
        city: 'lisbon',
        cancelledBy: 'system',
        reason: 'no driver available',
        feeCents: 0,
      },
    });
    expect(
      world.bus.ofType('FraudFlagged').map((event) => [event.detail.subjectId, event.detail.rule, event.detail.rideId]),
    ).toEqual([['r-flaky', 'excessive-cancellations', 'c-3']]);
  });

  it('flags a payment method used by three riders within an hour', async () => {
    const world = await rideSharingWorld(dynamo());
    for (const riderId of ['r1', 'r2', 'r3']) {
      world.tick(300);
      await feed(world, {
        type: 'PaymentAuthorized',
        detail: {
          ...base(world, `v-${riderId}`),
          paymentId: `p-${riderId}`,
          riderId,
          paymentMethodId: 'pm_shared',
          amountCents: 900,
          currency: 'EUR',
        },
      });
    }
    expect(
      world.bus
        .ofType('FraudFlagged')
        .map((event) => [event.detail.subjectType, event.detail.subjectId, event.detail.reason]),
    ).toEqual([['payment-method', 'pm_shared', 'used by 3 riders in 60 min']]);
  });
});
