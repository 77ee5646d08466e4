import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { RIDE_SHARING_SERVICES, type ServiceDefinition } from '../../../workloads-cdk/ride-sharing/consumers.js';
import { EVENT_SOURCES } from '../../../workloads-cdk/ride-sharing/events/catalog.js';
import type { EventBridgeEvent } from '../../../workloads-cdk/ride-sharing/runtime/consumer.js';
import { EventBridgePublisher } from '../../../workloads-cdk/ride-sharing/runtime/publisher.js';
import { createTablesFromSchemas } from '../../../workloads-cdk/shared/runtime/create-tables.js';
import { SANDBOX_CREDENTIALS } from '@awsarch/aws-sandbox';
import { createQueue } from '../../../packages/aws-sandbox/test/fixtures/event-bus.js';
import { startTestSandbox, waitFor } from '../../../packages/aws-sandbox/test/helpers.js';
import { LISBON, rideSharingWorld, type RideSharingWorld } from '../ride-sharing/fixtures.js';

const config = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: SANDBOX_CREDENTIALS,
  maxAttempts: 3,
});
const ROLES = [
  'idempotency',
  'rides',
  'drivers',
  'assignments',
  'payments',
  'notifications',
  'analytics',
  'fraudActivity',
  'fraudFlags',
] as const;

/**
 * The ride-sharing workload wired as deployed, on the sandbox's real services: the bus with its archive,
 * one rule per service (its event pattern) delivering to a queue, the services' tables in DynamoDB.
 * The services run here, each fed from its queue, as Lambda would be fed by its rule.
 */
async function deployedRideSharing() {
  const sandbox = await startTestSandbox({ replayMinuteMs: 0 });
  const events = new EventBridgeClient(config(sandbox.endpoint));
  const sqs = new SQSClient(config(sandbox.endpoint));
  const client = new DynamoDBClient(config(sandbox.endpoint));
  const { EventBusArn = '' } = await events.send(new CreateEventBusCommand({ Name: 'ride-sharing' }));
  const { ArchiveArn = '' } = await events.send(
    new CreateArchiveCommand({ ArchiveName: 'ride-sharing-archive', EventSourceArn: EventBusArn }),
  );
  const queues = new Map<ServiceDefinition['name'], string>();
  for (const service of RIDE_SHARING_SERVICES) {
    await events.send(
      new PutRuleCommand({
        Name: service.name,
        EventBusName: 'ride-sharing',
        EventPattern: JSON.stringify({
          source: [...new Set(service.consumes.map((type) => EVENT_SOURCES[type]))],
          'detail-type': [...service.consumes],
        }),
      }),
    );
    const queue = await createQueue(sqs, `rides-${service.name}`);
    await events.send(
      new PutTargetsCommand({
        Rule: service.name,
        EventBusName: 'ride-sharing',
        Targets: [{ Id: 'service', Arn: queue.arn }],
      }),
    );
    queues.set(service.name, queue.url);
  }
  const dynamo = {
    endpoint: sandbox.endpoint,
    client,
    db: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    tables: (schemas: never) => createTablesFromSchemas(client, schemas, 'rs-'),
    close: async () => undefined,
  };
  const world = await rideSharingWorld(dynamo as never, {
    publisher: new EventBridgePublisher(events, 'ride-sharing'),
  });
  const consumers: Record<ServiceDefinition['name'], (event: EventBridgeEvent) => Promise<string>> = {
    Ride: (event) => world.rides.event(event),
    Driver: (event) => world.drivers.event(event),
    Payment: (event) => world.payments.event(event),
    Notification: (event) => world.notifications.event(event),
    Analytics: (event) => world.analytics.event(event),
    Fraud: (event) => world.fraud.event(event),
  };
  /** Feeds every queued event to its service until all queues are empty; returns what the consumers said. */
  const pump = async (): Promise<Array<{ outcome: string; replay?: string }>> => {
    const outcomes: Array<{ outcome: string; replay?: string }> = [];
    for (let quiet = false; !quiet;) {
      quiet = true;
      for (const [name, url] of queues) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
        if (Messages.length === 0) continue;
        quiet = false;
        for (const message of Messages) {
          const event = JSON.parse(message.Body ?? '{}') as EventBridgeEvent;
          outcomes.push({
            outcome: await consumers[name](event),
            ...(event['replay-name'] ? { replay: event['replay-name'] } : {}),
          });
        }
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: url,
            Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
          }),
        );
      }
    }
    return outcomes;
  };
  return { sandbox, events, world, pump, busArn: EventBusArn, archiveArn: ArchiveArn };
}

async function rideDay(world: RideSharingWorld, pump: () => Promise<unknown>): Promise<void> {
  await world.drivers.command({
    command: 'UpdateDriverLocation',
    driverId: 'd-near',
    city: 'lisbon',
    location: LISBON.alfama,
    available: true,
  });
  await world.drivers.command({
    command: 'UpdateDriverLocation',
    driverId: 'd-far',
    city: 'lisbon',
    location: LISBON.belem,
    available: true,
  });
  for (const rideId of ['ride-1', 'ride-2']) {
    await world.rides.command({
      command: 'RequestRide',
      rideId,
      riderId: `rider-${rideId}`,
      city: 'lisbon',
      pickup: LISBON.baixa,
      dropoff: LISBON.airport,
      paymentMethodId: `pm-${rideId}`,
    });
    await pump();
  }
  const assigned = (await world.stores.rides.get('ride-1'))?.state as { driverId?: string } | undefined;
  const driverId = assigned?.driverId ?? 'none';
  expect(await world.drivers.command({ command: 'AcceptRide', driverId, rideId: 'ride-1' })).toMatchObject({
    ok: true,
  });
  await pump();
  world.tick(240);
  await world.rides.command({ command: 'StartRide', rideId: 'ride-1', driverId, location: LISBON.baixa });
  await pump();
  world.tick(900);
  await world.rides.command({
    command: 'CompleteRide',
    rideId: 'ride-1',
    driverId,
    dropoff: LISBON.airport,
    distanceKm: 9.4,
    durationMinutes: 15,
  });
  await pump();
  await world.rides.command({
    command: 'CancelRide',
    rideId: 'ride-2',
    riderId: 'rider-ride-2',
    reason: 'changed plans',
  });
  await pump();
}

describe('replaying the ride-sharing archive', () => {
  it("leaves every service's state unchanged: the consumers see each replayed event as a duplicate", async () => {
    const { events, world, pump, busArn, archiveArn } = await deployedRideSharing();
    await rideDay(world, pump);
    const before = await Promise.all(ROLES.map((role) => world.snapshot(role)));
    const archived =
      (await events.send(new DescribeArchiveCommand({ ArchiveName: 'ride-sharing-archive' }))).EventCount ?? 0;
    expect(archived).toBeGreaterThanOrEqual(10);
    expect((await world.stores.payments.get('ride-1'))?.state).toMatchObject({ status: 'captured' });
    const captures = world.gateway.performed('capture').length;

    await events.send(
      new StartReplayCommand({
        ReplayName: 'whole-day',
        EventSourceArn: archiveArn,
        EventStartTime: new Date('2026-11-24T07:00:00Z'),
        EventEndTime: new Date('2026-11-24T12:00:00Z'),
        Destination: { Arn: busArn },
      }),
    );
    await waitFor(async () =>
      (await events.send(new DescribeReplayCommand({ ReplayName: 'whole-day' }))).State === 'COMPLETED'
        ? true
        : undefined,
    );
    const replayed = await pump();

    expect(replayed.length).toBeGreaterThanOrEqual(archived);
    expect(replayed.every((delivery) => delivery.replay === 'whole-day' && delivery.outcome === 'duplicate')).toBe(
      true,
    );
    expect(await Promise.all(ROLES.map((role) => world.snapshot(role)))).toEqual(before);
    expect(world.gateway.performed('capture')).toHaveLength(captures);
    // Nothing was published again (replayed events are not archived; new ones would be).
    expect((await events.send(new DescribeArchiveCommand({ ArchiveName: 'ride-sharing-archive' }))).EventCount).toBe(
      archived,
    );
  });
});
