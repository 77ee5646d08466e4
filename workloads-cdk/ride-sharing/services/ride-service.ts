import type { DecisionContext } from '../domain/decisions.js';
import { decideRideCommand, reactToRideEvent, type Ride, type RideCommand } from '../domain/ride.js';
import { consumeOnce, type ConsumeOutcome, type EventBridgeEvent } from '../runtime/consumer.js';
import type { IdempotencyStore } from '../runtime/idempotency.js';
import type { EventPublisher } from '../runtime/publisher.js';
import { transition, type StateStore } from '../runtime/state-store.js';
import { parseCommand, rideCommandSchema, type CommandResult } from './commands.js';

export interface RideServiceDeps {
  readonly rides: StateStore<Ride>;
  readonly publisher: EventPublisher;
  readonly idempotency: IdempotencyStore;
  now(): string;
}

/** Rides: request, cancel, start, complete (commands), and follow assignment, acceptance and payment failures (events). */
export function createRideService(deps: RideServiceDeps) {
  return {
    /** A command from the rider or driver app; the same command twice changes nothing the second time. */
    async command(input: unknown): Promise<CommandResult> {
      const parsed = parseCommand(rideCommandSchema, input);
      if (!parsed.ok) return parsed;
      const command = parsed.command as RideCommand;
      const ctx: DecisionContext = { now: deps.now(), causeId: `command:${command.command}:${command.rideId}` };
      const result = await transition(deps.rides, command.rideId, deps.publisher, (ride) =>
        decideRideCommand(ride, command, ctx),
      );
      if (result.kind === 'rejected') return { ok: false, code: result.code, message: result.message };
      return {
        ok: true,
        outcome: result.kind,
        detail: result.kind === 'unchanged' ? result.reason : undefined,
        events: result.kind === 'changed' ? result.events.map((event) => event.type) : [],
      };
    },

    async event(raw: EventBridgeEvent): Promise<ConsumeOutcome> {
      return consumeOnce(deps.idempotency, raw, async (event) => {
        const ctx: DecisionContext = { now: deps.now(), causeId: event.detail.eventId };
        await transition(deps.rides, event.detail.rideId, deps.publisher, (ride) => reactToRideEvent(ride, event, ctx));
      });
    },
  };
}
