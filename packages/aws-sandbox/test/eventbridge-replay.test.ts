import {
  CancelReplayCommand,
  DeleteEventBusCommand,
  DescribeReplayCommand,
  ListReplaysCommand,
  PutEventsCommand,
  StartReplayCommand,
  type DescribeReplayCommandOutput,
} from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { archivedBus, drainQueue, type ArchivedBus } from './fixtures/event-bus.js';
import { failureOf, startTestSandbox } from './helpers.js';

const MINUTE = 60_000;
const MINUTE_MS = 100;
const T0 = Date.parse('2026-11-24T08:00:00Z');

/** A sandbox whose clock the test moves, with a replay "minute" of 100 ms. */
async function sandboxWithClock(faults = '') {
  const clock = { now: T0 + 60 * MINUTE };
  const sandbox = await startTestSandbox({ now: () => clock.now, replayMinuteMs: MINUTE_MS, faults });
  return { sandbox, clock };
}

/** Ten events a minute apart from T0, on the bus (they keep their own times). */
async function publishTenMinutes(bus: ArchivedBus): Promise<void> {
  const entries = Array.from({ length: 10 }, (_, minute) => ({
    EventBusName: 'rides',
    Source: 'ridesharing.rides',
    DetailType: minute % 2 === 0 ? 'RideRequested' : 'RideCompleted',
    Detail: JSON.stringify({ rideId: `ride-${minute}` }),
    Time: new Date(T0 + minute * MINUTE + 30_000),
  }));
  for (let start = 0; start < entries.length; start += 10)
    await bus.events.send(new PutEventsCommand({ Entries: entries.slice(start, start + 10) }));
}

const describeReplay = (bus: ArchivedBus, name: string): Promise<DescribeReplayCommandOutput> =>
  bus.events.send(new DescribeReplayCommand({ ReplayName: name }));

describe('sandbox EventBridge replays', () => {
  it('refuses what AWS refuses: cross-bus replays, unknown archives and buses, an empty window, a duplicate name, rules of another bus', async () => {
    const { sandbox } = await sandboxWithClock();
    const bus = await archivedBus(sandbox, { rules: { requested: { 'detail-type': ['RideRequested'] } } });
    const other = await archivedBus(sandbox, { bus: 'other', rules: { all: { source: [{ exists: true }] } } });
    const start = (overrides: Record<string, unknown> = {}) =>
      bus.events.send(
        new StartReplayCommand({
          ReplayName: 'r',
          EventSourceArn: bus.archiveArn,
          EventStartTime: new Date(T0),
          EventEndTime: new Date(T0 + 10 * MINUTE),
          Destination: { Arn: bus.busArn },
          ...overrides,
        }),
      );
    const reasons = async (overrides: Record<string, unknown>) => {
      const error = await failureOf(start(overrides));
      return `${error.name}: ${error.message}`;
    };
    expect(await reasons({ Destination: { Arn: other.busArn } })).toBe(
      'ValidationException: Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.',
    );
    expect(await reasons({ Destination: { Arn: 'arn:aws:sqs:us-east-1:000000000000:q' } })).toBe(
      'ValidationException: Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.',
    );
    expect(await reasons({ Destination: { Arn: bus.busArn.replace('rides', 'gone') } })).toBe(
      'ResourceNotFoundException: Event bus gone does not exist.',
    );
    expect(await reasons({ EventSourceArn: bus.archiveArn.replace('rides-archive', 'nope') })).toBe(
      'ValidationException: Parameter EventSourceArn is not valid. Reason: Archive nope does not exist.',
    );
    expect(await reasons({ EventEndTime: new Date(T0) })).toBe(
      'ValidationException: Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.',
    );
    expect(await reasons({ Destination: { Arn: bus.busArn, FilterArns: [other.queues.all?.ruleArn] } })).toBe(
      'ValidationException: Parameter Destination.FilterArns is not valid. Reason: Rule must be on the destination event bus.',
    );
    expect(
      await reasons({
        Destination: { Arn: bus.busArn, FilterArns: [bus.queues.requested?.ruleArn.replace('requested', 'ghost')] },
      }),
    ).toBe('ResourceNotFoundException: Rule ghost does not exist on EventBus rides.');
    await start();
    expect(await reasons({})).toBe('ResourceAlreadyExistsException: Replay r already exists.');
    expect((await failureOf(bus.events.send(new DescribeReplayCommand({ ReplayName: 'missing' })))).message).toBe(
      'Replay missing does not exist.',
    );
  });

  it('runs STARTING -> RUNNING -> COMPLETED a minute of the window at a time, delivering replayed events only to the chosen rules and never archiving them', async () => {
    const { sandbox, clock } = await sandboxWithClock();
    const bus = await archivedBus(sandbox, {
      rules: {
        requested: { 'detail-type': ['RideRequested'] },
        completed: { 'detail-type': ['RideCompleted'] },
        live: { source: ['ridesharing.rides'], 'replay-name': [{ exists: false }] },
      },
    });
    await publishTenMinutes(bus);
    for (const queue of Object.values(bus.queues)) await drainQueue(bus.sqs, queue.url);

    const started = await bus.events.send(
      new StartReplayCommand({
        ReplayName: 'fix-1',
        EventSourceArn: bus.archiveArn,
        EventStartTime: new Date(T0),
        EventEndTime: new Date(T0 + 10 * MINUTE),
        Destination: { Arn: bus.busArn, FilterArns: [bus.queues.requested?.ruleArn ?? ''] },
      }),
    );
    expect(started).toMatchObject({ State: 'STARTING', ReplayArn: expect.stringMatching(/:replay\/fix-1$/) });
    expect((await describeReplay(bus, 'fix-1')).EventLastReplayedTime).toBeUndefined();

    clock.now += MINUTE_MS + 3 * MINUTE_MS;
    const running = await describeReplay(bus, 'fix-1');
    expect(running).toMatchObject({
      State: 'RUNNING',
      EventStartTime: new Date(T0),
      EventEndTime: new Date(T0 + 10 * MINUTE),
      EventLastReplayedTime: new Date(T0 + 3 * MINUTE),
    });
    expect(
      (await drainQueue(bus.sqs, bus.queues.requested?.url ?? '')).map((event) => [
        event.detail.rideId,
        event['replay-name'],
      ]),
    ).toEqual([
      ['ride-0', 'fix-1'],
      ['ride-2', 'fix-1'],
    ]);

    clock.now += 20 * MINUTE_MS;
    const completed = await describeReplay(bus, 'fix-1');
    expect(completed).toMatchObject({
      State: 'COMPLETED',
      EventLastReplayedTime: new Date(T0 + 10 * MINUTE),
      ReplayEndTime: new Date(T0 + 60 * MINUTE + 11 * MINUTE_MS),
    });
    expect((await drainQueue(bus.sqs, bus.queues.requested?.url ?? '')).map((event) => event.detail.rideId)).toEqual([
      'ride-4',
      'ride-6',
      'ride-8',
    ]);
    expect(await drainQueue(bus.sqs, bus.queues.completed?.url ?? '')).toEqual([]);
    expect(await drainQueue(bus.sqs, bus.queues.live?.url ?? '')).toEqual([]);
    const { DescribeArchiveCommand } = await import('@aws-sdk/client-eventbridge');
    expect((await bus.events.send(new DescribeArchiveCommand({ ArchiveName: 'rides-archive' }))).EventCount).toBe(10);
    expect((await failureOf(bus.events.send(new CancelReplayCommand({ ReplayName: 'fix-1' })))).name).toBe(
      'IllegalStatusException',
    );
  });

  it('cancels: CANCELLING at once, CANCELLED a minute later, nothing delivered after the request', async () => {
    const { sandbox, clock } = await sandboxWithClock();
    const bus = await archivedBus(sandbox, { rules: { all: { source: ['ridesharing.rides'] } } });
    await publishTenMinutes(bus);
    await drainQueue(bus.sqs, bus.queues.all?.url ?? '');
    await bus.events.send(
      new StartReplayCommand({
        ReplayName: 'stop-me',
        EventSourceArn: bus.archiveArn,
        EventStartTime: new Date(T0),
        EventEndTime: new Date(T0 + 10 * MINUTE),
        Destination: { Arn: bus.busArn },
      }),
    );
    clock.now += MINUTE_MS + 2 * MINUTE_MS;
    expect((await bus.events.send(new CancelReplayCommand({ ReplayName: 'stop-me' }))).State).toBe('CANCELLING');
    expect((await describeReplay(bus, 'stop-me')).State).toBe('CANCELLING');
    clock.now += 50 * MINUTE_MS;
    expect(await describeReplay(bus, 'stop-me')).toMatchObject({
      State: 'CANCELLED',
      EventLastReplayedTime: new Date(T0 + 2 * MINUTE),
    });
    expect((await drainQueue(bus.sqs, bus.queues.all?.url ?? '')).map((event) => event.detail.rideId)).toEqual([
      'ride-0',
      'ride-1',
    ]);
    const { Replays = [] } = await bus.events.send(new ListReplaysCommand({ State: 'CANCELLED' }));
    expect(Replays.map((replay) => replay.ReplayName)).toEqual(['stop-me']);
  });

  it('fails when the destination bus is deleted mid-replay, and when delivery faults are injected', async () => {
    const { sandbox, clock } = await sandboxWithClock();
    const bus = await archivedBus(sandbox, { rules: { all: { source: ['ridesharing.rides'] } } });
    await publishTenMinutes(bus);
    await bus.events.send(
      new StartReplayCommand({
        ReplayName: 'orphan',
        EventSourceArn: bus.archiveArn,
        EventStartTime: new Date(T0),
        EventEndTime: new Date(T0 + 10 * MINUTE),
        Destination: { Arn: bus.busArn },
      }),
    );
    await bus.events.send(new DeleteEventBusCommand({ Name: 'rides' }));
    clock.now += 5 * MINUTE_MS;
    expect(await describeReplay(bus, 'orphan')).toMatchObject({
      State: 'FAILED',
      StateReason: 'Destination event bus rides no longer exists.',
      ReplayEndTime: expect.any(Date),
    });

    const faulty = await sandboxWithClock('ReplayDelivery=InternalException');
    const other = await archivedBus(faulty.sandbox, { rules: { all: { source: ['ridesharing.rides'] } } });
    await publishTenMinutes(other);
    await other.events.send(
      new StartReplayCommand({
        ReplayName: 'doomed',
        EventSourceArn: other.archiveArn,
        EventStartTime: new Date(T0),
        EventEndTime: new Date(T0 + 10 * MINUTE),
        Destination: { Arn: other.busArn },
      }),
    );
    faulty.clock.now += 3 * MINUTE_MS;
    expect(await describeReplay(other, 'doomed')).toMatchObject({
      State: 'FAILED',
      StateReason: 'Injected by the awsarch sandbox (AWSARCH_SANDBOX_FAULTS): InternalException',
    });
  });
});
