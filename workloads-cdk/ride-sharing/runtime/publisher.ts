import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCES, type RideEvent } from '../events/catalog.js';
import { parseRideEvent } from '../events/validate.js';

/** Where services publish their events. Publishing the same event twice is harmless: consumers dedupe by eventId. */
export interface EventPublisher {
  publish(events: readonly RideEvent[]): Promise<void>;
}

const MAX_ENTRIES_PER_CALL = 10;
const MAX_ATTEMPTS = 4;

/** Publishes to the workload's bus with PutEvents, validating each event against its schema first. */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: readonly RideEvent[]): Promise<void> {
    for (const event of events) parseRideEvent(event.type, event.detail);
    for (let start = 0; start < events.length; start += MAX_ENTRIES_PER_CALL) {
      await this.putWithRetry(events.slice(start, start + MAX_ENTRIES_PER_CALL).map((event) => this.entry(event)));
    }
  }

  private entry(event: RideEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.busName,
      Source: EVENT_SOURCES[event.type],
      DetailType: event.type,
      Detail: JSON.stringify(event.detail),
      Time: new Date(event.detail.occurredAt),
    };
  }

  /** PutEvents can fail per entry (throttling, internal errors); only the failed entries are sent again. */
  private async putWithRetry(entries: PutEventsRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const result = await this.client.send(new PutEventsCommand({ Entries: pending }));
      if (!result.FailedEntryCount) return;
      const failed = pending.filter((_entry, index) => result.Entries?.[index]?.ErrorCode);
      if (attempt >= MAX_ATTEMPTS) {
        const codes = [...new Set(result.Entries?.map((entry) => entry.ErrorCode).filter(Boolean))].join(', ');
        throw new Error(`PutEvents failed for ${failed.length} event(s) after ${attempt} attempts: ${codes}`);
      }
      pending = failed;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}

/** Keeps published events in memory: for tests, benchmarks and local runs without a bus. */
export class MemoryPublisher implements EventPublisher {
  readonly published: RideEvent[] = [];

  async publish(events: readonly RideEvent[]): Promise<void> {
    for (const event of events) parseRideEvent(event.type, event.detail);
    this.published.push(...events);
  }

  ofType<T extends RideEvent['type']>(type: T): Array<Extract<RideEvent, { type: T }>> {
    return this.published.filter((event): event is Extract<RideEvent, { type: T }> => event.type === type);
  }
}

export function eventBridgePublisher(busName: string): EventBridgePublisher {
  return new EventBridgePublisher(new EventBridgeClient({}), busName);
}
