import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { drainQueue, eventsMaySend } from './fixtures/event-bus.js';
import { clientConfig, failureOf, startTestSandbox } from './helpers.js';

describe('EventBridge delivers to an SQS queue only as the queue policy allows', () => {
  it('a queue without a policy gets nothing; with one that lets events.amazonaws.com send, it gets the event', async () => {
    const sandbox = await startTestSandbox();
    const sqs = new SQSClient(clientConfig(sandbox, {}));
    const events = new EventBridgeClient(clientConfig(sandbox, {}));
    const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'targets' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await events.send(new PutRuleCommand({ Name: 'all', EventPattern: JSON.stringify({ source: ['app'] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'all', Targets: [{ Id: 'q', Arn: Attributes?.QueueArn }] }));
    const publish = () =>
      events.send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'Ping', Detail: '{"n":1}' }] }));

    await publish();
    expect(await drainQueue(sqs, QueueUrl)).toEqual([]);
    expect(
      await failureOf(sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: 'not json' } }))),
    ).toMatchObject({ name: 'InvalidAttributeValue' });
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: eventsMaySend(Attributes?.QueueArn ?? '') } }),
    );
    await publish();
    expect((await drainQueue(sqs, QueueUrl)).map((event) => event['detail-type'])).toEqual(['Ping']);
  });
});
