import { describe, expect, it } from 'vitest';
import { EVENT_SOURCES, RIDE_EVENT_TYPES } from '../../../workloads-cdk/ride-sharing/events/catalog.js';
import { allEventJsonSchemas, eventJsonSchema } from '../../../workloads-cdk/ride-sharing/events/json-schemas.js';
import { InvalidEventError, parseRideEvent } from '../../../workloads-cdk/ride-sharing/events/validate.js';
import { RIDE_SHARING_SERVICES } from '../../../workloads-cdk/ride-sharing/consumers.js';

describe('ride-sharing event schemas', () => {
  it('has a draft-04 JSON Schema for every event, generated from the validation schema', () => {
    const schemas = allEventJsonSchemas();
    expect(schemas.map((schema) => schema.type)).toEqual(RIDE_EVENT_TYPES);
    expect(RIDE_EVENT_TYPES).toEqual(
      expect.arrayContaining([
        'RideRequested',
        'RideAccepted',
        'DriverAssigned',
        'RideStarted',
        'RideCompleted',
        'RideCancelled',
        'PaymentAuthorized',
        'PaymentCaptured',
        'PaymentFailed',
        'FraudFlagged',
      ]),
    );
    const requested = eventJsonSchema('RideRequested');
    expect(requested).toMatchObject({
      $schema: 'http://json-schema.org/draft-04/schema#',
      properties: {
        'detail-type': { enum: ['RideRequested'] },
        source: { enum: ['ridesharing.rides'] },
        detail: {
          type: 'object',
          required: expect.arrayContaining(['eventId', 'rideId', 'pickup', 'estimatedFareCents']),
        },
      },
    });
    const detail = (
      requested.properties as { detail: { properties: Record<string, unknown>; additionalProperties?: unknown } }
    ).detail;
    expect(detail.properties.currency).toEqual({ type: 'string', enum: ['EUR', 'USD', 'GBP'] });
    expect(detail.additionalProperties).toBeUndefined();
    expect(schemas.find((schema) => schema.type === 'FraudFlagged')?.name).toBe('ridesharing.fraud@FraudFlagged');
  });

  it('validates details: accepts a good one (dropping unknown members), explains a bad one', () => {
    const good = { eventId: 'e-1', occurredAt: '2026-11-24T10:00:00.000Z', rideId: 'r-1', riderId: 'u', driverId: 'd' };
    expect(parseRideEvent('RideAccepted', { ...good, futureField: 1 })).toEqual({ type: 'RideAccepted', detail: good });
    expect(() => parseRideEvent('RideAccepted', { ...good, occurredAt: 'yesterday' })).toThrow(
      /occurredAt: Invalid ISO datetime/,
    );
    expect(() => parseRideEvent('RideAccepted', { ...good, driverId: undefined })).toThrow(InvalidEventError);
    expect(() => parseRideEvent('TeleportRequested', good)).toThrow(/is not a ride-sharing event/);
  });

  it('subscribes only to events that exist, and every event has an owner', () => {
    for (const service of RIDE_SHARING_SERVICES)
      for (const type of service.consumes) expect(EVENT_SOURCES[type]).toBeDefined();
    expect(new Set(Object.values(EVENT_SOURCES))).toEqual(
      new Set(['ridesharing.rides', 'ridesharing.drivers', 'ridesharing.payments', 'ridesharing.fraud']),
    );
  });
});
