import { RIDE_SHARING_SERVICES, type ServiceDefinition } from '../../../workloads-cdk/ride-sharing/consumers.js';
import { EVENT_SOURCES, type RideEvent } from '../../../workloads-cdk/ride-sharing/events/catalog.js';
import { parseRideEvent } from '../../../workloads-cdk/ride-sharing/events/validate.js';
import type { EventBridgeEvent } from '../../../workloads-cdk/ride-sharing/runtime/consumer.js';
import type { EventPublisher } from '../../../workloads-cdk/ride-sharing/runtime/publisher.js';

type Consumer = (event: EventBridgeEvent) => Promise<unknown>;

/** EventBridge's envelope around a published event. */
export function envelope(event: RideEvent, replayName?: string): EventBridgeEvent {
  return {
    id: `eb-${event.detail.eventId}`,
    'detail-type': event.type,
    source: EVENT_SOURCES[event.type],
    time: event.detail.occurredAt,
    detail: structuredClone(event.detail),
    ...(replayName ? { 'replay-name': replayName } : {}),
  };
}

/**
 * A stand-in for the bus in tests: publishing validates and queues; drain() delivers each event to the
 * services whose rule (RIDE_SHARING_SERVICES[].consumes) matches, in publication order, until quiet.
 */
export class LocalBus implements EventPublisher {
  readonly log: RideEvent[] = [];
  private readonly queue: RideEvent[] = [];
  private readonly consumers = new Map<ServiceDefinition['name'], Consumer>();

  subscribe(name: ServiceDefinition['name'], consumer: Consumer): void {
    this.consumers.set(name, consumer);
  }

  async publish(events: readonly RideEvent[]): Promise<void> {
    for (const event of events) parseRideEvent(event.type, event.detail);
    this.queue.push(...events);
    this.log.push(...events);
  }

  /** Delivers everything queued (and what that causes); `times` > 1 delivers each event that many times. */
  async drain(options: { times?: number } = {}): Promise<void> {
    while (this.queue.length > 0) {
      const event = this.queue.shift() as RideEvent;
      for (let copy = 0; copy < (options.times ?? 1); copy += 1) await this.deliver(event);
    }
  }

  /** Delivers an event (again) to its subscribers, as a redelivery or an archive replay does. */
  async deliver(event: RideEvent, replayName?: string): Promise<void> {
    for (const service of RIDE_SHARING_SERVICES) {
      if (!service.consumes.includes(event.type)) continue;
      const consumer = this.consumers.get(service.name);
      if (consumer) await consumer(envelope(event, replayName));
    }
  }

  ofType<T extends RideEvent['type']>(type: T): Array<Extract<RideEvent, { type: T }>> {
    return this.log.filter((event): event is Extract<RideEvent, { type: T }> => event.type === type);
  }
}
