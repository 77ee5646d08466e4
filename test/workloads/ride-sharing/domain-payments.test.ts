import { describe, expect, it } from 'vitest';
import { factFor, summarizeHour } from '../../../workloads-cdk/ride-sharing/domain/analytics.js';
import {
  checkExcessiveCancellations,
  checkImpossibleSpeed,
  checkPaymentMethodVelocity,
} from '../../../workloads-cdk/ride-sharing/domain/fraud.js';
import { notificationsFor } from '../../../workloads-cdk/ride-sharing/domain/notifications.js';
import { applyAuthorization, openPayment, planCapture } from '../../../workloads-cdk/ride-sharing/domain/payment.js';
import type { RideEvent } from '../../../workloads-cdk/ride-sharing/events/catalog.js';
import { LISBON } from './fixtures.js';

const ctx = { now: '2026-11-24T10:00:00.000Z', causeId: 'cause-1' };

describe('ride-sharing domain: payments, fraud rules, notifications, analytics', () => {
  it('plans captures within the authorization margin', () => {
    const payment = openPayment({
      eventId: 'e',
      occurredAt: ctx.now,
      rideId: 'x3',
      riderId: 'u',
      city: 'lisbon',
      pickup: LISBON.baixa,
      dropoff: LISBON.airport,
      paymentMethodId: 'pm',
      estimatedFareCents: 1000,
      currency: 'EUR',
    });
    expect(payment.status).toBe('authorizing');
    const authorized = (
      applyAuthorization(payment, { ok: true, reference: 'auth-1' }, ctx) as { state: typeof payment }
    ).state;
    expect(planCapture(authorized, 1250)).toEqual({ capture: 1250 });
    expect(planCapture(authorized, 1251)).toMatchObject({
      fail: expect.stringContaining('exceeds the authorized 1000'),
    });
    expect(planCapture(payment, 500)).toEqual({ skip: 'payment is authorizing' });
  });

  it('checks the fraud rules against their thresholds', () => {
    const end = { location: LISBON.baixa, at: '2026-11-24T10:00:00.000Z' };
    expect(
      checkImpossibleSpeed(end, { location: LISBON.porto, at: '2026-11-24T13:00:00.000Z', rideId: 'x' }),
    ).toBeUndefined();
    expect(
      checkImpossibleSpeed(end, { location: LISBON.porto, at: '2026-11-24T10:30:00.000Z', rideId: 'x' })?.rule,
    ).toBe('impossible-speed');
    expect(
      checkImpossibleSpeed(end, {
        location: { lat: 38.711, lng: -9.1366 },
        at: '2026-11-24T10:00:00.000Z',
        rideId: 'x',
      }),
    ).toBeUndefined();
    const hours = (count: number) => Array.from({ length: count }, (_, index) => `2026-11-24T0${index}:00:00.000Z`);
    expect(checkExcessiveCancellations(hours(3), '2026-11-24T09:00:00.000Z')).toBeUndefined();
    expect(checkExcessiveCancellations(hours(4), '2026-11-24T09:00:00.000Z')?.key).toBe(
      'excessive-cancellations#2026-11-24',
    );
    expect(checkExcessiveCancellations(hours(4), '2026-11-25T08:00:00.000Z')).toBeUndefined();
    const auths = (riders: string[]) =>
      riders.map((riderId, index) => ({ riderId, at: `2026-11-24T09:0${index}:00.000Z` }));
    expect(checkPaymentMethodVelocity(auths(['a', 'b', 'a', 'b', 'a']), '2026-11-24T09:30:00.000Z')).toBeUndefined();
    expect(checkPaymentMethodVelocity(auths(['a', 'a', 'a', 'a', 'a', 'a']), '2026-11-24T09:30:00.000Z')?.reason).toBe(
      '6 authorizations in 60 min',
    );
  });

  it('tells riders, drivers and the risk team what concerns them', () => {
    const cancelled = (cancelledBy: 'rider' | 'driver' | 'system', feeCents = 0): RideEvent => ({
      type: 'RideCancelled',
      detail: {
        eventId: 'e',
        occurredAt: ctx.now,
        rideId: 'x',
        riderId: 'u',
        driverId: 'd',
        city: 'lisbon',
        cancelledBy,
        reason: 'r',
        feeCents,
      },
    });
    expect(notificationsFor(cancelled('rider')).map((message) => message.recipient.kind)).toEqual(['driver']);
    expect(notificationsFor(cancelled('rider', 350)).map((message) => message.template)).toEqual([
      'cancellation-fee',
      'ride-cancelled',
    ]);
    expect(notificationsFor(cancelled('driver')).map((message) => message.recipient.kind)).toEqual(['rider']);
    expect(
      notificationsFor({
        type: 'FraudFlagged',
        detail: {
          eventId: 'e',
          occurredAt: ctx.now,
          rideId: 'x',
          subjectType: 'rider',
          subjectId: 'u',
          rule: 'excessive-cancellations',
          reason: '4',
        },
      })[0]?.recipient.kind,
    ).toBe('risk-team');
    expect(
      notificationsFor({
        type: 'PaymentVoided',
        detail: { eventId: 'e', occurredAt: ctx.now, rideId: 'x', paymentId: 'p', riderId: 'u' },
      }),
    ).toEqual([]);
  });

  it('sums analytics facts per city and hour', () => {
    const requested: RideEvent = {
      type: 'RideRequested',
      detail: {
        eventId: 'e',
        occurredAt: '2026-11-24T10:15:00.000Z',
        rideId: 'x',
        riderId: 'u',
        city: 'lisbon',
        pickup: LISBON.baixa,
        dropoff: LISBON.airport,
        paymentMethodId: 'pm',
        estimatedFareCents: 900,
        currency: 'EUR',
      },
    };
    expect(factFor(requested)).toEqual({ city: 'lisbon', hour: '2026-11-24T10', kind: 'requested', rideId: 'x' });
    const stats = summarizeHour('lisbon', '2026-11-24T10', [
      { city: 'lisbon', hour: '2026-11-24T10', kind: 'requested', rideId: 'a' },
      { city: 'lisbon', hour: '2026-11-24T10', kind: 'requested', rideId: 'b' },
      {
        city: 'lisbon',
        hour: '2026-11-24T10',
        kind: 'completed',
        rideId: 'a',
        fareCents: 1200,
        currency: 'EUR',
        distanceKm: 5.5,
      },
      { city: 'lisbon', hour: '2026-11-24T10', kind: 'cancelled', rideId: 'b' },
    ]);
    expect(stats).toEqual({
      city: 'lisbon',
      hour: '2026-11-24T10',
      requested: 2,
      completed: 1,
      cancelled: 1,
      revenueCents: { EUR: 1200 },
      distanceKm: 5.5,
      completionRate: 0.5,
    });
  });
});
