import * as z from '../../shared/runtime/zod.js';
import { describeIssues } from '../../shared/runtime/zod.js';
import { location } from '../events/catalog.js';

const id = z.string().check(z.regex(/^[A-Za-z0-9_:.-]{1,128}$/, 'must be 1-128 letters, digits or _:.-'));
const city = z.string().check(z.regex(/^[a-z][a-z-]{1,39}$/, 'must be a lower-case city slug'));

/** Commands the apps send to the Ride service (Lambda Invoke). */
export const rideCommandSchema = z.discriminatedUnion('command', [
  z.object({
    command: z.literal('RequestRide'),
    rideId: id,
    riderId: id,
    city,
    pickup: location,
    dropoff: location,
    paymentMethodId: id,
  }),
  z.object({
    command: z.literal('CancelRide'),
    rideId: id,
    by: z.enum(['rider', 'driver']),
    reason: z.string().check(z.minLength(1), z.maxLength(200)),
  }),
  z.object({ command: z.literal('StartRide'), rideId: id, driverId: id, location }),
  z.object({
    command: z.literal('CompleteRide'),
    rideId: id,
    driverId: id,
    dropoff: location,
    distanceKm: z.number().check(z.nonnegative()),
    durationMinutes: z.number().check(z.nonnegative()),
  }),
]);

/** Commands the driver app sends to the Driver service (Lambda Invoke). */
export const driverCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('UpdateDriverLocation'), driverId: id, city, location, available: z.boolean() }),
  z.object({ command: z.literal('AcceptRide'), driverId: id, rideId: id }),
]);

export type DriverCommand = z.infer<typeof driverCommandSchema>;

/** The answer to a command: what happened, or why it was refused. */
export type CommandResult =
  | {
      readonly ok: true;
      readonly outcome: 'changed' | 'unchanged';
      readonly detail?: string;
      readonly events: string[];
    }
  | { readonly ok: false; readonly code: string; readonly message: string };

export function parseCommand<T>(
  schema: {
    safeParse(
      input: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
  },
  input: unknown,
): { ok: true; command: T } | { ok: false; code: 'bad-command'; message: string } {
  const parsed = schema.safeParse(input);
  return parsed.success
    ? { ok: true, command: parsed.data }
    : { ok: false, code: 'bad-command', message: describeIssues(parsed.error, 'command').join('; ') };
}
