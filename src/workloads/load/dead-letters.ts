import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { stackResourcesOfTypes } from '../replay/stack-resources.js';
import type { WorkloadAccount } from '../replay/workload-stack.js';

/** A queue of a workload's stack where failed events end up (DLQs, on-failure destinations). */
export interface DeadLetterQueue {
  readonly logicalId: string;
  readonly url: string;
}

/** The stack's SQS queues: in the bundled workloads every queue holds failed events. */
export async function stackQueues(account: WorkloadAccount, stackName: string): Promise<DeadLetterQueue[]> {
  const queues = await stackResourcesOfTypes(account, stackName, ['AWS::SQS::Queue']);
  return queues.map((queue) => ({ logicalId: queue.logicalId, url: queue.physicalId }));
}

/** Messages waiting in the queues now (SQS's approximate counts, visible and in flight). */
export async function messagesWaiting(account: WorkloadAccount, queues: readonly DeadLetterQueue[]): Promise<number> {
  const sqs = account.aws.client(SQSClient);
  let total = 0;
  for (const queue of queues) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    total +=
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
  return total;
}

/** Which function a dead-lettered message was meant for, and the event it carried. */
export interface Undelivered {
  readonly functionArn: string;
  readonly event: unknown;
}

/**
 * What a dead-letter message says: an EventBridge DLQ message is the event, with the target in its
 * TARGET_ARN attribute; a Lambda on-failure record names the function (requestContext.functionArn) and
 * carries the event (requestPayload). Anything else is not redriven. Pure.
 */
export function undeliveredOf(message: Pick<Message, 'Body' | 'MessageAttributes'>): Undelivered | undefined {
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? '');
  } catch {
    return undefined;
  }
  const target = message.MessageAttributes?.TARGET_ARN?.StringValue;
  if (target?.startsWith('arn:aws:lambda:')) return { functionArn: target, event: body };
  const record = body as { requestContext?: { functionArn?: unknown }; requestPayload?: unknown } | null;
  const functionArn = record?.requestContext?.functionArn;
  if (typeof functionArn === 'string' && record && 'requestPayload' in record)
    return { functionArn: functionArn.replace(/:\$LATEST$/, ''), event: record.requestPayload };
  return undefined;
}

/**
 * Redrives the queues' messages that `belongs` accepts: each event goes back to its function as an
 * asynchronous invocation (so Lambda's retries apply again), and the message is deleted once Lambda took
 * it. Returns how many were redriven.
 */
export async function redrive(
  account: WorkloadAccount,
  queues: readonly DeadLetterQueue[],
  belongs: (undelivered: Undelivered) => boolean,
): Promise<number> {
  const sqs = account.aws.client(SQSClient);
  const lambda = account.aws.client(LambdaClient);
  let redriven = 0;
  for (const queue of queues) {
    for (let round = 0; round < 100; round += 1) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 60,
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) {
        const undelivered = undeliveredOf(message);
        if (!undelivered || !belongs(undelivered)) continue;
        await lambda.send(
          new InvokeCommand({
            FunctionName: undelivered.functionArn,
            InvocationType: 'Event',
            Payload: Buffer.from(JSON.stringify(undelivered.event)),
          }),
        );
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
        redriven += 1;
      }
    }
  }
  return redriven;
}
