import type { App } from 'aws-cdk-lib';
import { DEFAULT_FORWARDED_EVENTS } from './consumers.js';
import { isRideEventType } from './events/validate.js';
import { RideSharingStack } from './infra/ride-sharing-stack.js';
import type { RideEventType } from './events/catalog.js';

/** The stack ids of the ride-sharing app, in deployment order. */
export const RIDE_SHARING_STACKS = ['RideSharing'] as const;

/** Adds the ride-sharing workload to a CDK app; settings come from the app's context (see workloads-cdk/catalog.ts). */
export function defineRideSharingApp(app: App): RideSharingStack[] {
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return value === undefined || value === null ? undefined : String(value);
  };
  const forwarded = (context('forwardEvents') ?? DEFAULT_FORWARDED_EVENTS.join(','))
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  const unknown = forwarded.filter((type) => !isRideEventType(type));
  if (unknown.length) throw new Error(`forwardEvents names unknown events: ${unknown.join(', ')}`);
  return [
    new RideSharingStack(app, 'RideSharing', {
      busName: context('busName') ?? 'ride-sharing',
      partnerAccountId: context('partnerAccountId') ?? '',
      partnerBusArn: context('partnerBusArn') ?? '',
      forwardedEvents: forwarded as RideEventType[],
      offerTimeoutSeconds: Number(context('offerTimeoutSeconds') ?? 30),
      alarmEmail: context('alarmEmail'),
    }),
  ];
}
