import * as z from '../../shared/runtime/zod.js';

/**
 * The ride-sharing events: the one source of truth for their shape. The schema registry's JSON Schemas
 * are generated from these (json-schemas.ts), and every service validates what it publishes and what
 * it consumes against them (validate.ts).
 */

const id = z.string().check(z.regex(/^[A-Za-z0-9_:.-]{1,128}$/, 'must be 1-128 letters, digits or _:.-'));
const isoTime = z.iso.datetime();
const cents = z.int().check(z.nonnegative());
export const location = z.object({
  lat: z.number().check(z.gte(-90), z.lte(90)),
  lng: z.number().check(z.gte(-180), z.lte(180)),
});
const city = z
  .string()
  .check(z.regex(/^[a-z][a-z-]{1,39}$/, 'must be a lower-case city slug such as lisbon or new-york'));
const currency = z.enum(['EUR', 'USD', 'GBP']);

/** Every event carries these: eventId is the idempotency key of every consumer. */
const envelope = { eventId: id, occurredAt: isoTime, rideId: id };

export const RIDE_EVENTS = {
  RideRequested: z.object({
    ...envelope,
    riderId: id,
    city,
    pickup: location,
    dropoff: location,
    paymentMethodId: id,
    estimatedFareCents: cents,
    currency,
  }),
  DriverAssigned: z.object({
    ...envelope,
    riderId: id,
    driverId: id,
    city,
    distanceKm: z.number().check(z.nonnegative()),
    etaMinutes: z.number().check(z.nonnegative()),
    offerExpiresAt: isoTime,
    attempt: z.int().check(z.positive()),
  }),
  DriverOfferExpired: z.object({ ...envelope, driverId: id, attempt: z.int().check(z.positive()) }),
  NoDriverAvailable: z.object({ ...envelope, riderId: id, city, attempts: z.int().check(z.nonnegative()) }),
  RideAccepted: z.object({ ...envelope, riderId: id, driverId: id }),
  RideStarted: z.object({ ...envelope, riderId: id, driverId: id, city, location }),
  RideCompleted: z.object({
    ...envelope,
    riderId: id,
    driverId: id,
    city,
    dropoff: location,
    distanceKm: z.number().check(z.nonnegative()),
    durationMinutes: z.number().check(z.nonnegative()),
    fareCents: cents,
    currency,
    paymentMethodId: id,
  }),
  RideCancelled: z.object({
    ...envelope,
    riderId: id,
    driverId: z.optional(id),
    city,
    cancelledBy: z.enum(['rider', 'driver', 'system']),
    reason: z.string().check(z.maxLength(200)),
    feeCents: cents,
  }),
  PaymentAuthorized: z.object({
    ...envelope,
    paymentId: id,
    riderId: id,
    paymentMethodId: id,
    amountCents: cents,
    currency,
  }),
  PaymentCaptured: z.object({ ...envelope, paymentId: id, riderId: id, amountCents: cents, currency }),
  PaymentVoided: z.object({ ...envelope, paymentId: id, riderId: id }),
  PaymentFailed: z.object({
    ...envelope,
    paymentId: id,
    riderId: id,
    paymentMethodId: id,
    stage: z.enum(['authorize', 'capture']),
    reason: z.string().check(z.maxLength(200)),
  }),
  FraudFlagged: z.object({
    ...envelope,
    subjectType: z.enum(['rider', 'driver', 'payment-method']),
    subjectId: id,
    rule: z.enum(['impossible-speed', 'excessive-cancellations', 'payment-method-velocity']),
    reason: z.string().check(z.maxLength(300)),
  }),
} as const;

export type RideEventType = keyof typeof RIDE_EVENTS;
export type RideEventDetail<T extends RideEventType> = z.infer<(typeof RIDE_EVENTS)[T]>;
export type Location = z.infer<typeof location>;

/** A typed event: its detail-type and detail, as EventBridge carries them. */
export type RideEvent = {
  [T in RideEventType]: { readonly type: T; readonly detail: RideEventDetail<T> };
}[RideEventType];

export const RIDE_EVENT_TYPES = Object.keys(RIDE_EVENTS) as RideEventType[];

/** The EventBridge source of each event: the service that owns it. */
export const EVENT_SOURCES: Readonly<Record<RideEventType, string>> = {
  RideRequested: 'ridesharing.rides',
  RideStarted: 'ridesharing.rides',
  RideCompleted: 'ridesharing.rides',
  RideCancelled: 'ridesharing.rides',
  DriverAssigned: 'ridesharing.drivers',
  RideAccepted: 'ridesharing.drivers',
  DriverOfferExpired: 'ridesharing.drivers',
  NoDriverAvailable: 'ridesharing.drivers',
  PaymentAuthorized: 'ridesharing.payments',
  PaymentCaptured: 'ridesharing.payments',
  PaymentVoided: 'ridesharing.payments',
  PaymentFailed: 'ridesharing.payments',
  FraudFlagged: 'ridesharing.fraud',
};
