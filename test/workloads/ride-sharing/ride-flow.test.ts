import { describe, expect, it } from 'vitest';
import { useLocalDynamo } from '../orders/fixtures.js';
import { LISBON, rideSharingWorld, type RideSharingWorld } from './fixtures.js';

const dynamo = useLocalDynamo();

async function onlineDrivers(world: RideSharingWorld): Promise<void> {
  await world.drivers.command({
    command: 'UpdateDriverLocation',
    driverId: 'd-near',
    city: 'lisbon',
    location: LISBON.alfama,
    available: true,
  });
  await world.drivers.command({
    command: 'UpdateDriverLocation',
    driverId: 'd-far',
    city: 'lisbon',
    location: LISBON.belem,
    available: true,
  });
  await world.drivers.command({
    command: 'UpdateDriverLocation',
    driverId: 'd-off',
    city: 'lisbon',
    location: LISBON.baixa,
    available: false,
  });
}

async function requestRide(world: RideSharingWorld, rideId: string, riderId = 'r1', paymentMethodId = 'pm_visa_1') {
  const result = await world.rides.command({
    command: 'RequestRide',
    rideId,
    riderId,
    city: 'lisbon',
    pickup: LISBON.baixa,
    dropoff: LISBON.airport,
    paymentMethodId,
  });
  await world.bus.drain();
  return result;
}

/** A whole ride: requested, assigned, accepted, started, completed. */
async function completeRide(world: RideSharingWorld, rideId: string) {
  await requestRide(world, rideId);
  const assigned = world.bus.ofType('DriverAssigned').find((event) => event.detail.rideId === rideId);
  const driverId = assigned?.detail.driverId ?? 'none';
  expect(await world.drivers.command({ command: 'AcceptRide', driverId, rideId })).toMatchObject({
    ok: true,
    events: ['RideAccepted'],
  });
  await world.bus.drain();
  world.tick(240);
  expect(await world.rides.command({ command: 'StartRide', rideId, driverId, location: LISBON.baixa })).toMatchObject({
    ok: true,
    events: ['RideStarted'],
  });
  await world.bus.drain();
  world.tick(900);
  expect(
    await world.rides.command({
      command: 'CompleteRide',
      rideId,
      driverId,
      dropoff: LISBON.airport,
      distanceKm: 9.4,
      durationMinutes: 15,
    }),
  ).toMatchObject({ ok: true, events: ['RideCompleted'] });
  await world.bus.drain();
  return driverId;
}

describe('ride-sharing services against dynalite', () => {
  it('runs a ride end to end: nearest driver, acceptance, payment authorized then captured, notifications, analytics', async () => {
    const world = await rideSharingWorld(dynamo());
    await onlineDrivers(world);
    const driverId = await completeRide(world, 'ride-1');
    expect(driverId).toBe('d-near');

    const types = world.bus.log.map((event) => event.type);
    expect(types).toEqual([
      'RideRequested',
      'DriverAssigned',
      'PaymentAuthorized',
      'RideAccepted',
      'RideStarted',
      'RideCompleted',
      'PaymentCaptured',
    ]);
    expect((await world.stores.rides.get('ride-1'))?.state).toMatchObject({
      status: 'completed',
      driverId: 'd-near',
      fareCents: 1346,
    });
    expect((await world.stores.payments.get('ride-1'))?.state).toMatchObject({
      status: 'captured',
      capturedCents: 1346,
    });
    expect((await world.stores.drivers.get('d-near'))?.state).toMatchObject({
      status: 'available',
      location: LISBON.airport,
    });
    expect(world.gateway.performed('authorize')).toEqual(['authorize:ride-1']);
    expect(world.gateway.performed('capture')).toEqual(['capture:ride-1']);
    const riderInbox = await world.notifications.inbox('rider', 'r1');
    expect(riderInbox.map((message) => message.template).sort()).toEqual([
      'driver-on-the-way',
      'payment-captured',
      'receipt',
      'ride-requested',
      'ride-started',
    ]);
    expect((await world.notifications.inbox('driver', 'd-near')).map((message) => message.template)).toEqual([
      'ride-offer',
      'ride-completed',
    ]);
    const stats = await world.analytics.hourlyStats('lisbon', '2026-11-24T08');
    expect(stats).toMatchObject({
      requested: 1,
      completed: 1,
      cancelled: 0,
      revenueCents: { EUR: 1346 },
      completionRate: 1,
    });
  });

  it('leaves every table unchanged when all events are delivered twice and the whole history is replayed', async () => {
    const world = await rideSharingWorld(dynamo());
    await onlineDrivers(world);
    await completeRide(world, 'ride-2');
    const roles = [
      'rides',
      'drivers',
      'assignments',
      'payments',
      'notifications',
      'analytics',
      'fraudActivity',
      'fraudFlags',
    ] as const;
    const before = await Promise.all(roles.map((role) => world.snapshot(role)));
    const published = world.bus.log.length;
    for (const event of [...world.bus.log]) {
      await world.bus.deliver(event);
      await world.bus.deliver(event, 'replay-1');
    }
    await world.bus.drain();
    expect(await Promise.all(roles.map((role) => world.snapshot(role)))).toEqual(before);
    expect(world.bus.log).toHaveLength(published);
    expect(world.gateway.performed('capture')).toHaveLength(1);
  });

  it('times out an offer, offers the next nearest driver, and gives up with NoDriverAvailable: the ride is cancelled and the payment voided', async () => {
    const world = await rideSharingWorld(dynamo(), { policy: { offerTimeoutSeconds: 30, maxAttempts: 2 } });
    await onlineDrivers(world);
    await requestRide(world, 'ride-3');
    world.tick(31);
    expect(await world.drivers.sweepExpiredOffers()).toEqual({ expired: 1 });
    await world.bus.drain();
    const offers = world.bus.ofType('DriverAssigned').map((event) => [event.detail.driverId, event.detail.attempt]);
    expect(offers).toEqual([
      ['d-near', 1],
      ['d-far', 2],
    ]);
    expect(await world.drivers.command({ command: 'AcceptRide', driverId: 'd-near', rideId: 'ride-3' })).toMatchObject({
      ok: false,
      code: 'not-offered',
    });
    world.tick(31);
    expect(await world.drivers.command({ command: 'AcceptRide', driverId: 'd-far', rideId: 'ride-3' })).toMatchObject({
      ok: false,
      code: 'offer-expired',
    });
    await world.drivers.sweepExpiredOffers();
    await world.bus.drain();
    expect(world.bus.ofType('NoDriverAvailable')).toHaveLength(1);
    expect((await world.stores.rides.get('ride-3'))?.state).toMatchObject({
      status: 'cancelled',
      cancelReason: 'no driver available',
    });
    expect((await world.stores.payments.get('ride-3'))?.state.status).toBe('voided');
    expect((await world.stores.drivers.get('d-near'))?.state.status).toBe('available');
    expect((await world.stores.drivers.get('d-far'))?.state.status).toBe('available');
  });

  it('charges a cancellation fee when the rider cancels after acceptance, and cancels rides whose authorization is declined', async () => {
    const world = await rideSharingWorld(dynamo());
    await onlineDrivers(world);
    await requestRide(world, 'ride-4');
    await world.drivers.command({ command: 'AcceptRide', driverId: 'd-near', rideId: 'ride-4' });
    await world.bus.drain();
    expect(
      await world.rides.command({ command: 'CancelRide', rideId: 'ride-4', by: 'rider', reason: 'plans changed' }),
    ).toMatchObject({ ok: true, events: ['RideCancelled'] });
    await world.bus.drain();
    expect((await world.stores.payments.get('ride-4'))?.state).toMatchObject({
      status: 'captured',
      capturedCents: 350,
    });

    await requestRide(world, 'ride-5', 'r2', 'pm_declined_card');
    expect(world.bus.ofType('PaymentFailed')).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({ rideId: 'ride-5', stage: 'authorize', reason: 'card declined' }),
      }),
    ]);
    expect((await world.stores.rides.get('ride-5'))?.state).toMatchObject({
      status: 'cancelled',
      cancelReason: 'payment failed: card declined',
    });
    expect((await world.stores.drivers.get('d-near'))?.state.status).toBe('available');
  });

  it('refuses commands that do not fit the ride, with a code, and validates their shape', async () => {
    const world = await rideSharingWorld(dynamo());
    expect(
      await world.rides.command({ command: 'StartRide', rideId: 'nope', driverId: 'd', location: LISBON.baixa }),
    ).toMatchObject({ ok: false, code: 'ride-not-found' });
    expect(
      await world.rides.command({
        command: 'RequestRide',
        rideId: 'x',
        riderId: 'r',
        city: 'Lisbon!',
        pickup: LISBON.baixa,
        dropoff: LISBON.airport,
        paymentMethodId: 'pm',
      }),
    ).toMatchObject({ ok: false, code: 'bad-command', message: expect.stringContaining('city') });
    await requestRide(world, 'ride-6');
    expect(
      await world.rides.command({
        command: 'RequestRide',
        rideId: 'ride-6',
        riderId: 'r1',
        city: 'lisbon',
        pickup: LISBON.baixa,
        dropoff: LISBON.airport,
        paymentMethodId: 'pm_visa_1',
      }),
    ).toMatchObject({ ok: true, outcome: 'unchanged' });
    expect(world.bus.ofType('RideRequested')).toHaveLength(1);
    expect(world.bus.ofType('NoDriverAvailable')).toHaveLength(1);
  });
});
