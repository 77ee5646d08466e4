import type { Location, RideEvent } from '../events/catalog.js';
import { causedEvent, rejected, unchanged, type Decision, type DecisionContext } from './decisions.js';
import { estimateTrip, fareCents, ratesFor } from './fare.js';

export type RideStatus = 'requested' | 'assigned' | 'accepted' | 'started' | 'completed' | 'cancelled';

/** The Ride service's record of a ride. */
export interface Ride {
  readonly rideId: string;
  readonly riderId: string;
  readonly city: string;
  readonly pickup: Location;
  readonly dropoff: Location;
  readonly paymentMethodId: string;
  readonly currency: 'EUR' | 'USD' | 'GBP';
  readonly estimatedFareCents: number;
  readonly status: RideStatus;
  readonly driverId?: string;
  /** The driver-assignment attempt the ride is at; a late DriverAssigned of an older attempt is ignored. */
  readonly attempt: number;
  readonly requestedAt: string;
  readonly updatedAt: string;
  readonly fareCents?: number;
  readonly cancelReason?: string;
}

export type RideCommand =
  | {
      readonly command: 'RequestRide';
      readonly rideId: string;
      readonly riderId: string;
      readonly city: string;
      readonly pickup: Location;
      readonly dropoff: Location;
      readonly paymentMethodId: string;
    }
  | {
      readonly command: 'CancelRide';
      readonly rideId: string;
      readonly by: 'rider' | 'driver';
      readonly reason: string;
    }
  | { readonly command: 'StartRide'; readonly rideId: string; readonly driverId: string; readonly location: Location }
  | {
      readonly command: 'CompleteRide';
      readonly rideId: string;
      readonly driverId: string;
      readonly dropoff: Location;
      readonly distanceKm: number;
      readonly durationMinutes: number;
    };

const ACTIVE: readonly RideStatus[] = ['requested', 'assigned', 'accepted'];

/** A rider's or driver's command on a ride. */
export function decideRideCommand(ride: Ride | undefined, command: RideCommand, ctx: DecisionContext): Decision<Ride> {
  if (command.command === 'RequestRide') {
    if (ride)
      return ride.riderId === command.riderId
        ? unchanged('ride already requested')
        : rejected('ride-exists', `ride ${command.rideId} belongs to another rider`);
    const estimate = estimateTrip(command.city, command.pickup, command.dropoff);
    const { currency } = ratesFor(command.city);
    const state: Ride = {
      ...command,
      currency,
      estimatedFareCents: estimate.fareCents,
      status: 'requested',
      attempt: 0,
      requestedAt: ctx.now,
      updatedAt: ctx.now,
    };
    const { command: _command, ...details } = command;
    return {
      kind: 'changed',
      state,
      events: [causedEvent(ctx, 'RideRequested', { ...details, estimatedFareCents: estimate.fareCents, currency })],
    };
  }
  if (!ride) return rejected('ride-not-found', `ride ${command.rideId} does not exist`);
  switch (command.command) {
    case 'CancelRide': {
      if (ride.status === 'cancelled') return unchanged('ride already cancelled');
      if (!ACTIVE.includes(ride.status))
        return rejected('ride-in-progress', `ride ${ride.rideId} is ${ride.status} and can no longer be cancelled`);
      const feeCents =
        command.by === 'rider' && ride.status === 'accepted' ? ratesFor(ride.city).cancellationFeeCents : 0;
      return cancel(ride, ctx, command.by, command.reason, feeCents);
    }
    case 'StartRide': {
      if (ride.status === 'started' && ride.driverId === command.driverId) return unchanged('ride already started');
      if (ride.status !== 'accepted' || ride.driverId !== command.driverId)
        return rejected(
          'not-startable',
          `ride ${ride.rideId} is ${ride.status}${ride.driverId ? ` with driver ${ride.driverId}` : ''}`,
        );
      const state: Ride = { ...ride, status: 'started', updatedAt: ctx.now };
      return {
        kind: 'changed',
        state,
        events: [
          causedEvent(ctx, 'RideStarted', {
            rideId: ride.rideId,
            riderId: ride.riderId,
            driverId: command.driverId,
            city: ride.city,
            location: command.location,
          }),
        ],
      };
    }
    case 'CompleteRide': {
      if (ride.status === 'completed') return unchanged('ride already completed');
      if (ride.status !== 'started' || ride.driverId !== command.driverId)
        return rejected('not-completable', `ride ${ride.rideId} is ${ride.status}`);
      const fare = fareCents(ride.city, command.distanceKm, command.durationMinutes);
      const state: Ride = { ...ride, status: 'completed', fareCents: fare, updatedAt: ctx.now };
      const completed = causedEvent(ctx, 'RideCompleted', {
        rideId: ride.rideId,
        riderId: ride.riderId,
        driverId: command.driverId,
        city: ride.city,
        dropoff: command.dropoff,
        distanceKm: command.distanceKm,
        durationMinutes: command.durationMinutes,
        fareCents: fare,
        currency: ride.currency,
        paymentMethodId: ride.paymentMethodId,
      });
      return { kind: 'changed', state, events: [completed] };
    }
  }
}

/** How the Ride service follows the other services' events. */
export function reactToRideEvent(ride: Ride | undefined, event: RideEvent, ctx: DecisionContext): Decision<Ride> {
  if (!ride) return unchanged(`ride ${event.detail.rideId} is unknown here`);
  switch (event.type) {
    case 'DriverAssigned': {
      if (!['requested', 'assigned'].includes(ride.status) || event.detail.attempt < ride.attempt)
        return unchanged(`stale assignment (ride is ${ride.status}, attempt ${ride.attempt})`);
      if (
        ride.status === 'assigned' &&
        ride.driverId === event.detail.driverId &&
        ride.attempt === event.detail.attempt
      )
        return unchanged('already assigned');
      return {
        kind: 'changed',
        state: {
          ...ride,
          status: 'assigned',
          driverId: event.detail.driverId,
          attempt: event.detail.attempt,
          updatedAt: ctx.now,
        },
        events: [],
      };
    }
    case 'RideAccepted':
      if (ride.status !== 'assigned' || ride.driverId !== event.detail.driverId)
        return unchanged(`not waiting for ${event.detail.driverId} (ride is ${ride.status})`);
      return { kind: 'changed', state: { ...ride, status: 'accepted', updatedAt: ctx.now }, events: [] };
    case 'NoDriverAvailable':
      if (!['requested', 'assigned'].includes(ride.status)) return unchanged(`ride is ${ride.status}`);
      return cancel(ride, ctx, 'system', 'no driver available', 0);
    case 'PaymentFailed':
      if (event.detail.stage !== 'authorize' || !ACTIVE.includes(ride.status))
        return unchanged('payment failure does not cancel this ride');
      return cancel(ride, ctx, 'system', `payment failed: ${event.detail.reason}`, 0);
    default:
      return unchanged(`the Ride service does not follow ${event.type}`);
  }
}

function cancel(
  ride: Ride,
  ctx: DecisionContext,
  by: 'rider' | 'driver' | 'system',
  reason: string,
  feeCents: number,
): Decision<Ride> {
  const state: Ride = { ...ride, status: 'cancelled', cancelReason: reason, updatedAt: ctx.now };
  const cancelled = causedEvent(ctx, 'RideCancelled', {
    rideId: ride.rideId,
    riderId: ride.riderId,
    driverId: ride.driverId,
    city: ride.city,
    cancelledBy: by,
    reason,
    feeCents,
  });
  return { kind: 'changed', state, events: [cancelled] };
}
