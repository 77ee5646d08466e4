import type { RideEvent } from '../events/catalog.js';

export interface Notification {
  readonly recipient: { readonly kind: 'rider' | 'driver' | 'risk-team'; readonly id: string };
  readonly channel: 'push' | 'email';
  readonly template: string;
  readonly text: string;
}

const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency}`;
const clock = (iso: string) => iso.slice(11, 16);

/** Who is told what about an event. Pure; the Notification service stores and sends them. */
export function notificationsFor(event: RideEvent): Notification[] {
  const rider = (id: string, channel: Notification['channel'], template: string, text: string): Notification => ({
    recipient: { kind: 'rider', id },
    channel,
    template,
    text,
  });
  const driver = (id: string, template: string, text: string): Notification => ({
    recipient: { kind: 'driver', id },
    channel: 'push',
    template,
    text,
  });
  switch (event.type) {
    case 'RideRequested':
      return [
        rider(
          event.detail.riderId,
          'push',
          'ride-requested',
          `Looking for a driver near you. Estimated fare ${money(event.detail.estimatedFareCents, event.detail.currency)}.`,
        ),
      ];
    case 'DriverAssigned':
      return [
        driver(
          event.detail.driverId,
          'ride-offer',
          `New ride ${event.detail.distanceKm} km away (${event.detail.etaMinutes} min). Accept before ${clock(event.detail.offerExpiresAt)} UTC.`,
        ),
      ];
    case 'RideAccepted':
      return [rider(event.detail.riderId, 'push', 'driver-on-the-way', 'Your driver accepted and is on the way.')];
    case 'NoDriverAvailable':
      return [
        rider(
          event.detail.riderId,
          'push',
          'no-driver',
          'Sorry, no driver is available right now. You have not been charged.',
        ),
      ];
    case 'RideStarted':
      return [rider(event.detail.riderId, 'push', 'ride-started', 'Your ride has started. Enjoy the trip!')];
    case 'RideCompleted':
      return [
        rider(
          event.detail.riderId,
          'email',
          'receipt',
          `Thanks for riding: ${event.detail.distanceKm} km, ${event.detail.durationMinutes} min, ${money(event.detail.fareCents, event.detail.currency)}.`,
        ),
        driver(
          event.detail.driverId,
          'ride-completed',
          `Ride completed: fare ${money(event.detail.fareCents, event.detail.currency)}.`,
        ),
      ];
    case 'RideCancelled': {
      const { cancelledBy, riderId, driverId, feeCents, reason } = event.detail;
      const messages: Notification[] = [];
      if (cancelledBy !== 'rider')
        messages.push(rider(riderId, 'push', 'ride-cancelled', `Your ride was cancelled: ${reason}.`));
      else if (feeCents > 0)
        messages.push(
          rider(
            riderId,
            'email',
            'cancellation-fee',
            `You cancelled after your driver accepted; a fee of ${(feeCents / 100).toFixed(2)} applies.`,
          ),
        );
      if (driverId && cancelledBy !== 'driver')
        messages.push(driver(driverId, 'ride-cancelled', 'The ride was cancelled; you are available again.'));
      return messages;
    }
    case 'PaymentCaptured':
      return [
        rider(
          event.detail.riderId,
          'push',
          'payment-captured',
          `You were charged ${money(event.detail.amountCents, event.detail.currency)}.`,
        ),
      ];
    case 'PaymentFailed':
      return [
        rider(
          event.detail.riderId,
          'email',
          'payment-failed',
          `We could not charge your payment method (${event.detail.reason}). Please update it.`,
        ),
      ];
    case 'FraudFlagged':
      return [
        {
          recipient: { kind: 'risk-team', id: 'risk' },
          channel: 'email',
          template: 'fraud-flag',
          text: `${event.detail.rule}: ${event.detail.subjectType} ${event.detail.subjectId} - ${event.detail.reason}`,
        },
      ];
    default:
      return [];
  }
}
