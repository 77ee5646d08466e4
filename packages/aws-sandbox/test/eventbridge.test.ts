import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DescribeArchiveCommand,
  EventBridgeClient,
  ListRulesCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createQueue as queue, drainQueue } from './fixtures/event-bus.js';
import { clientConfig, failureOf, startTestSandbox } from './helpers.js';

const entry = (detailType: string, detail: object, bus = 'rides') => ({
  EventBusName: bus,
  Source: 'ridesharing.rides',
  DetailType: detailType,
  Detail: JSON.stringify(detail),
});

describe('sandbox EventBridge: buses, rules, PutEvents and archives', () => {
  it('delivers matching events to SQS targets by content filtering and fails bad entries one by one', async () => {
    const sandbox = await startTestSandbox();
    const events = new EventBridgeClient(clientConfig(sandbox, {}));
    const sqs = new SQSClient(clientConfig(sandbox, {}));
    await events.send(new CreateEventBusCommand({ Name: 'rides' }));
    const expensive = await queue(sqs, 'expensive');
    const lisbon = await queue(sqs, 'lisbon-not-cancelled');
    await events.send(
      new PutRuleCommand({
        Name: 'expensive',
        EventBusName: 'rides',
        EventPattern: JSON.stringify({
          'detail-type': ['RideCompleted'],
          detail: { fareCents: [{ numeric: ['>=', 2000] }] },
        }),
      }),
    );
    await events.send(
      new PutTargetsCommand({ Rule: 'expensive', EventBusName: 'rides', Targets: [{ Id: 'q', Arn: expensive.arn }] }),
    );
    await events.send(
      new PutRuleCommand({
        Name: 'lisbon',
        EventBusName: 'rides',
        EventPattern: JSON.stringify({
          source: [{ prefix: 'ridesharing.' }],
          'detail-type': [{ 'anything-but': ['RideCancelled'] }],
          detail: { city: ['lisbon'], driverId: [{ exists: true }] },
        }),
      }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'lisbon',
        EventBusName: 'rides',
        Targets: [{ Id: 'q', Arn: lisbon.arn, InputPath: '$.detail' }],
      }),
    );

    const put = await events.send(
      new PutEventsCommand({
        Entries: [
          entry('RideCompleted', { rideId: 'r1', city: 'lisbon', driverId: 'd1', fareCents: 2500 }),
          entry('RideCompleted', { rideId: 'r2', city: 'porto', driverId: 'd2', fareCents: 900 }),
          entry('RideCancelled', { rideId: 'r3', city: 'lisbon', driverId: 'd1' }),
          entry('RideRequested', { rideId: 'r4', city: 'lisbon' }),
          { ...entry('RideRequested', {}), Detail: '{not json' },
          entry('RideRequested', { rideId: 'r5' }, 'nope'),
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(2);
    expect(put.Entries?.slice(4).map((result) => result.ErrorCode)).toEqual([
      'MalformedDetail',
      'ResourceNotFoundException',
    ]);
    const [received] = await drainQueue(sqs, expensive.url);
    expect(received).toMatchObject({
      version: '0',
      'detail-type': 'RideCompleted',
      source: 'ridesharing.rides',
      region: 'us-east-1',
      detail: { rideId: 'r1' },
      id: put.Entries?.[0]?.EventId,
    });
    expect(received?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await drainQueue(sqs, lisbon.url)).map((detail) => detail.rideId)).toEqual(['r1']);

    const invalid = await failureOf(
      events.send(
        new PutRuleCommand({
          Name: 'bad',
          EventBusName: 'rides',
          EventPattern: JSON.stringify({ source: [{ startsWith: 'x' }] }),
        }),
      ),
    );
    expect([invalid.name, invalid.message]).toEqual([
      'InvalidEventPatternException',
      expect.stringContaining('Event pattern is not valid. Reason: Unrecognized match type startsWith'),
    ]);
    expect(
      (
        await failureOf(
          events.send(new PutRuleCommand({ Name: 'bad', EventBusName: 'rides', EventPattern: '{"source": "x"}' })),
        )
      ).name,
    ).toBe('InvalidEventPatternException');
  });

  it('archives what the archive pattern matches, through a managed rule that skips replayed events', async () => {
    const sandbox = await startTestSandbox();
    const events = new EventBridgeClient(clientConfig(sandbox, {}));
    const { EventBusArn } = await events.send(new CreateEventBusCommand({ Name: 'rides' }));
    const archive = await events.send(
      new CreateArchiveCommand({
        ArchiveName: 'rides-archive',
        EventSourceArn: EventBusArn,
        EventPattern: JSON.stringify({ source: ['ridesharing.rides'] }),
        RetentionDays: 30,
      }),
    );
    expect(archive.State).toBe('ENABLED');
    expect(
      (
        await failureOf(
          events.send(new CreateArchiveCommand({ ArchiveName: 'rides-archive', EventSourceArn: EventBusArn })),
        )
      ).name,
    ).toBe('ResourceAlreadyExistsException');
    expect(
      (
        await failureOf(
          events.send(
            new CreateArchiveCommand({
              ArchiveName: 'other',
              EventSourceArn: EventBusArn?.replace('rides', 'missing'),
            }),
          ),
        )
      ).message,
    ).toBe('Event bus missing does not exist.');
    const { Rules = [] } = await events.send(new ListRulesCommand({ EventBusName: 'rides' }));
    expect(Rules).toEqual([
      expect.objectContaining({ Name: 'Events-Archive-rides-archive', ManagedBy: 'events.amazonaws.com' }),
    ]);
    expect(JSON.parse(Rules[0]?.EventPattern ?? '{}')).toEqual({
      source: ['ridesharing.rides'],
      'replay-name': [{ exists: false }],
    });
    await events.send(
      new PutEventsCommand({
        Entries: [
          entry('RideRequested', { rideId: 'a' }),
          { ...entry('Other', { x: 1 }), Source: 'other.app' },
          entry('RideStarted', { rideId: 'a' }),
        ],
      }),
    );
    const described = await events.send(new DescribeArchiveCommand({ ArchiveName: 'rides-archive' }));
    expect(described).toMatchObject({
      ArchiveName: 'rides-archive',
      EventSourceArn: EventBusArn,
      RetentionDays: 30,
      EventCount: 2,
      State: 'ENABLED',
    });
    expect(described.SizeBytes).toBeGreaterThan(100);
    expect(described.CreationTime).toBeInstanceOf(Date);
  });
});
