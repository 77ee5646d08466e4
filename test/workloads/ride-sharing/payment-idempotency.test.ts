import { describe, expect, it } from 'vitest';
import type { RideEvent } from '../../../workloads-cdk/ride-sharing/events/catalog.js';
import { EventInProgressError } from '../../../workloads-cdk/ride-sharing/runtime/consumer.js';
import { useLocalDynamo } from '../orders/fixtures.js';
import { LISBON, rideSharingWorld, type RideSharingWorld } from './fixtures.js';
import { envelope } from './local-bus.js';

const dynamo = useLocalDynamo();

const requested = (world: RideSharingWorld, rideId: string): RideEvent => ({
  type: 'RideRequested',
  detail: {
    eventId: `evt-${rideId}`,
    occurredAt: world.now(),
    rideId,
    riderId: 'r1',
    city: 'lisbon',
    pickup: LISBON.baixa,
    dropoff: LISBON.airport,
    paymentMethodId: 'pm_visa_9',
    estimatedFareCents: 1500,
    currency: 'EUR',
  },
});

const authorizedEvents = (world: RideSharingWorld) =>
  new Set(world.bus.ofType('PaymentAuthorized').map((event) => event.detail.eventId));

describe('payment idempotency', () => {
  it('authorizes once when the same event arrives three times at once: one wins, the others are told to retry, and retries are duplicates', async () => {
    const world = await rideSharingWorld(dynamo());
    const event = requested(world, 'pay-1');
    const results = await Promise.allSettled([1, 2, 3].map(() => world.payments.event(envelope(event))));
    expect(
      results
        .filter((result) => result.status === 'fulfilled')
        .map((result) => (result as PromiseFulfilledResult<string>).value),
    ).toEqual(['processed']);
    for (const result of results.filter((entry) => entry.status === 'rejected'))
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(EventInProgressError);
    expect(await world.payments.event(envelope(event))).toBe('duplicate');
    expect(world.gateway.performed('authorize')).toEqual(['authorize:pay-1']);
    expect(world.gateway.calls).toHaveLength(1);
    expect(authorizedEvents(world).size).toBe(1);
  });

  it('is retry-safe when it crashes after the processor authorized but before the payment was recorded', async () => {
    const world = await rideSharingWorld(dynamo());
    const store = world.stores.payments;
    const put = store.put.bind(store);
    let writes = 0;
    store.put = async (...args) => {
      writes += 1;
      if (writes === 2) throw new Error('Lambda timed out');
      return put(...args);
    };
    const event = requested(world, 'pay-2');
    await expect(world.payments.event(envelope(event))).rejects.toThrow('Lambda timed out');
    expect(await world.payments.event(envelope(event))).toBe('processed');
    expect(world.gateway.calls.map((call) => call.key)).toEqual(['authorize:pay-2', 'authorize:pay-2']);
    expect(world.gateway.performed('authorize')).toHaveLength(1);
    expect((await store.get('pay-2'))?.state.status).toBe('authorized');
    expect(authorizedEvents(world).size).toBe(1);
  });

  it('publishes the decided event after a crash between recording and publishing, with the same event id', async () => {
    const world = await rideSharingWorld(dynamo());
    const publish = world.bus.publish.bind(world.bus);
    let failNext = true;
    world.bus.publish = async (events) => {
      if (failNext && events.some((candidate) => candidate.type === 'PaymentAuthorized')) {
        failNext = false;
        throw new Error('connection reset');
      }
      return publish(events);
    };
    const event = requested(world, 'pay-3');
    await expect(world.payments.event(envelope(event))).rejects.toThrow('connection reset');
    expect(authorizedEvents(world).size).toBe(0);
    expect((await world.stores.payments.get('pay-3'))?.outbox.map((pending) => pending.type)).toEqual([
      'PaymentAuthorized',
    ]);
    expect(await world.payments.event(envelope(event))).toBe('processed');
    expect(authorizedEvents(world).size).toBe(1);
    expect((await world.stores.payments.get('pay-3'))?.outbox).toEqual([]);
    expect(world.gateway.performed('authorize')).toHaveLength(1);
  });

  it('captures once however often the completion is delivered, and retries a completion that overtakes the authorization', async () => {
    const world = await rideSharingWorld(dynamo());
    const completed: RideEvent = {
      type: 'RideCompleted',
      detail: {
        eventId: 'done-4',
        occurredAt: world.now(),
        rideId: 'pay-4',
        riderId: 'r1',
        driverId: 'd1',
        city: 'lisbon',
        dropoff: LISBON.airport,
        distanceKm: 9,
        durationMinutes: 14,
        fareCents: 1700,
        currency: 'EUR',
        paymentMethodId: 'pm_visa_9',
      },
    };
    await expect(world.payments.event(envelope(completed))).rejects.toThrow(/not opened/);
    await world.payments.event(envelope(requested(world, 'pay-4')));
    for (let delivery = 0; delivery < 3; delivery += 1) await world.payments.event(envelope(completed));
    expect(world.gateway.performed('capture')).toEqual(['capture:pay-4']);
    expect(world.bus.ofType('PaymentCaptured')).toHaveLength(1);
    expect((await world.stores.payments.get('pay-4'))?.state).toMatchObject({
      status: 'captured',
      capturedCents: 1700,
    });
  });
});
