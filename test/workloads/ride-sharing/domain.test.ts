import { describe, expect, it } from 'vitest';
import {
  decideAcceptance,
  decideNextOffer,
  decideOfferExpiry,
  isFreeFor,
  nearestAvailableDriver,
  type Assignment,
  type Driver,
} from '../../../workloads-cdk/ride-sharing/domain/driver-matching.js';
import { estimateTrip, fareCents } from '../../../workloads-cdk/ride-sharing/domain/fare.js';
import { distanceKm } from '../../../workloads-cdk/ride-sharing/domain/geo.js';
import { decideRideCommand, reactToRideEvent, type Ride } from '../../../workloads-cdk/ride-sharing/domain/ride.js';
import type { RideEvent } from '../../../workloads-cdk/ride-sharing/events/catalog.js';
import { LISBON } from './fixtures.js';

const ctx = { now: '2026-11-24T10:00:00.000Z', causeId: 'cause-1' };
const driver = (
  driverId: string,
  location: Driver['location'],
  status: Driver['status'] = 'available',
  extra: Partial<Driver> = {},
): Driver => ({ driverId, city: 'lisbon', location, status, updatedAt: ctx.now, ...extra });
const assignment: Assignment = {
  rideId: 'r1',
  riderId: 'u1',
  city: 'lisbon',
  pickup: LISBON.baixa,
  status: 'offering',
  attempt: 0,
  tried: [],
};

describe('ride-sharing domain', () => {
  it('measures great-circle distances', () => {
    expect(distanceKm(LISBON.baixa, LISBON.baixa)).toBe(0);
    expect(distanceKm(LISBON.baixa, LISBON.porto)).toBeCloseTo(274.5, 0);
  });

  it('prices trips per city with a minimum fare and estimates with road factor and city speed', () => {
    expect(fareCents('lisbon', 1, 2)).toBe(400);
    expect(fareCents('lisbon', 10, 20)).toBe(200 + 900 + 400);
    expect(fareCents('atlantis', 10, 20)).toBe(250 + 1200 + 600);
    // 7.06 km straight × 1.3 road factor = 9.18 km; at 25 km/h 22 min; 200 + 9.18 × 90 + 22 × 20 = 1466
    expect(estimateTrip('lisbon', LISBON.baixa, LISBON.airport)).toEqual({ km: 9.18, minutes: 22, fareCents: 1466 });
  });

  it('picks the nearest available driver in the city within reach, deterministically, skipping tried ones', () => {
    const drivers = [
      driver('far', LISBON.belem),
      driver('near', LISBON.alfama),
      driver('busy', LISBON.baixa, 'on-ride'),
      driver('tie', LISBON.alfama),
      { ...driver('porto', LISBON.baixa), city: 'porto' },
    ];
    expect(nearestAvailableDriver(drivers, LISBON.baixa, 'lisbon', [], 15)?.driver.driverId).toBe('near');
    expect(nearestAvailableDriver(drivers, LISBON.baixa, 'lisbon', ['near', 'tie'], 15)?.driver.driverId).toBe('far');
    expect(nearestAvailableDriver(drivers, LISBON.baixa, 'lisbon', ['near', 'tie'], 2)).toBeUndefined();
  });

  it('treats a lapsed or own offer as free, a live offer for another ride as busy', () => {
    expect(
      isFreeFor(
        driver('a', LISBON.baixa, 'offered', { rideId: 'r1', offerExpiresAt: '2026-11-24T10:05:00.000Z' }),
        'r1',
        ctx.now,
      ),
    ).toBe(true);
    expect(
      isFreeFor(
        driver('a', LISBON.baixa, 'offered', { rideId: 'r9', offerExpiresAt: '2026-11-24T10:05:00.000Z' }),
        'r1',
        ctx.now,
      ),
    ).toBe(false);
    expect(
      isFreeFor(
        driver('a', LISBON.baixa, 'offered', { rideId: 'r9', offerExpiresAt: '2026-11-24T09:59:00.000Z' }),
        'r1',
        ctx.now,
      ),
    ).toBe(true);
    expect(isFreeFor(driver('a', LISBON.baixa, 'on-ride', { rideId: 'r1' }), 'r1', ctx.now)).toBe(false);
  });

  it('offers with an expiry, accepts only the offered driver in time, expires lapsed offers, gives up after max attempts', () => {
    const policy = { offerTimeoutSeconds: 30, maxAttempts: 2, maxPickupKm: 15 };
    const offer = decideNextOffer(assignment, [driver('d1', LISBON.alfama)], policy, ctx);
    expect(offer).toMatchObject({
      kind: 'changed',
      state: { attempt: 1, driverId: 'd1', tried: ['d1'], offerExpiresAt: '2026-11-24T10:00:30.000Z' },
      offeredDriver: { driverId: 'd1' },
    });
    const offered = (offer as { state: Assignment }).state;
    expect(decideAcceptance(offered, 'd2', ctx)).toMatchObject({ kind: 'rejected', code: 'not-offered' });
    expect(decideAcceptance(offered, 'd1', { ...ctx, now: '2026-11-24T10:00:30.000Z' })).toMatchObject({
      kind: 'rejected',
      code: 'offer-expired',
    });
    expect(decideAcceptance(offered, 'd1', ctx)).toMatchObject({ kind: 'changed', events: [{ type: 'RideAccepted' }] });
    expect(decideOfferExpiry(offered, ctx)).toMatchObject({ kind: 'unchanged' });
    const expired = decideOfferExpiry(offered, { ...ctx, now: '2026-11-24T10:00:31.000Z' });
    expect(expired).toMatchObject({
      kind: 'changed',
      events: [{ type: 'DriverOfferExpired', detail: { driverId: 'd1', attempt: 1 } }],
    });
    const none = decideNextOffer(
      { ...offered, driverId: undefined, attempt: 2 },
      [driver('d3', LISBON.alfama)],
      policy,
      ctx,
    );
    expect(none).toMatchObject({
      kind: 'changed',
      state: { status: 'unassignable' },
      events: [{ type: 'NoDriverAvailable', detail: { attempts: 2 } }],
    });
  });

  it('derives event ids from the cause, so deciding again yields the same events', () => {
    const command = {
      command: 'RequestRide',
      rideId: 'x1',
      riderId: 'u1',
      city: 'lisbon',
      pickup: LISBON.baixa,
      dropoff: LISBON.airport,
      paymentMethodId: 'pm1',
    } as const;
    expect(decideRideCommand(undefined, command, ctx)).toEqual(decideRideCommand(undefined, command, ctx));
    const other = decideRideCommand(undefined, command, { ...ctx, causeId: 'cause-2' });
    expect(other.kind === 'changed' && other.events[0]?.detail.eventId).not.toBe(
      (decideRideCommand(undefined, command, ctx) as { events: RideEvent[] }).events[0]?.detail.eventId,
    );
  });

  it('follows the ride through its states and ignores stale or foreign events', () => {
    const created = decideRideCommand(
      undefined,
      {
        command: 'RequestRide',
        rideId: 'x2',
        riderId: 'u1',
        city: 'lisbon',
        pickup: LISBON.baixa,
        dropoff: LISBON.airport,
        paymentMethodId: 'pm1',
      },
      ctx,
    );
    const ride = (created as { state: Ride }).state;
    const assigned = (attempt: number, driverId: string): RideEvent => ({
      type: 'DriverAssigned',
      detail: {
        eventId: `a${attempt}`,
        occurredAt: ctx.now,
        rideId: 'x2',
        riderId: 'u1',
        driverId,
        city: 'lisbon',
        distanceKm: 1,
        etaMinutes: 3,
        offerExpiresAt: ctx.now,
        attempt,
      },
    });
    const second = reactToRideEvent(ride, assigned(2, 'd2'), ctx);
    expect(second).toMatchObject({ kind: 'changed', state: { status: 'assigned', driverId: 'd2', attempt: 2 } });
    expect(reactToRideEvent((second as { state: Ride }).state, assigned(1, 'd1'), ctx)).toMatchObject({
      kind: 'unchanged',
    });
    expect(
      decideRideCommand(ride, { command: 'StartRide', rideId: 'x2', driverId: 'd2', location: LISBON.baixa }, ctx),
    ).toMatchObject({ kind: 'rejected', code: 'not-startable' });
    const started: Ride = { ...ride, status: 'started', driverId: 'd2' };
    expect(
      decideRideCommand(started, { command: 'CancelRide', rideId: 'x2', by: 'rider', reason: 'x' }, ctx),
    ).toMatchObject({ kind: 'rejected', code: 'ride-in-progress' });
    const accepted: Ride = { ...ride, status: 'accepted', driverId: 'd2' };
    expect(
      decideRideCommand(accepted, { command: 'CancelRide', rideId: 'x2', by: 'driver', reason: 'flat tyre' }, ctx),
    ).toMatchObject({ events: [{ detail: { cancelledBy: 'driver', feeCents: 0 } }] });
    expect(
      decideRideCommand(accepted, { command: 'CancelRide', rideId: 'x2', by: 'rider', reason: 'late' }, ctx),
    ).toMatchObject({ events: [{ detail: { cancelledBy: 'rider', feeCents: 350 } }] });
  });
});
