import { SandboxServiceError } from '../../errors.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import {
  DEFAULT_VISIBILITY_TIMEOUT_S,
  enqueue,
  receiveVisible,
  md5OfMessageAttributes,
  putQueue,
  queuesOf,
  removeQueue,
  type SqsMessage,
  type SqsMessageAttribute,
  type SqsQueue,
} from './model.js';

const nonExistent = () => new SandboxServiceError('QueueDoesNotExist', 'The specified queue does not exist.');

function queueOf(input: OperationInput, ctx: HandlerContext): SqsQueue {
  const url = String(input.QueueUrl ?? '');
  const [accountId, name] = url.split('/').slice(-2);
  // Another account's queue is reachable when its policy grants the caller (decided by the authorization layer).
  if (!accountId || !/^\d{12}$/.test(accountId) || !name) throw nonExistent();
  const queue = queuesOf(ctx.state, accountId, ctx.region)[name];
  if (!queue) throw nonExistent();
  return queue;
}

export function createQueue(input: OperationInput, ctx: HandlerContext) {
  const name = String(input.QueueName ?? '');
  if (!/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(name))
    throw new SandboxServiceError(
      'InvalidParameterValue',
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  const attributes = (input.Attributes ?? {}) as Record<string, string>;
  return { QueueUrl: putQueue(ctx.state, ctx.caller.accountId, ctx.region, name, attributes, ctx.now()).url };
}

export function getQueueUrl(input: OperationInput, ctx: HandlerContext) {
  const queue = queuesOf(ctx.state, ctx.caller.accountId, ctx.region)[String(input.QueueName ?? '')];
  if (!queue) throw nonExistent();
  return { QueueUrl: queue.url };
}

export function listQueues(input: OperationInput, ctx: HandlerContext) {
  const prefix = String(input.QueueNamePrefix ?? '');
  return {
    QueueUrls: Object.values(queuesOf(ctx.state, ctx.caller.accountId, ctx.region))
      .filter((queue) => queue.name.startsWith(prefix))
      .map((queue) => queue.url),
  };
}

export function deleteQueue(input: OperationInput, ctx: HandlerContext) {
  removeQueue(ctx.state, ctx.caller.accountId, ctx.region, queueOf(input, ctx).name);
  return {};
}

export function purgeQueue(input: OperationInput, ctx: HandlerContext) {
  queueOf(input, ctx).messages = [];
  return {};
}

export function getQueueAttributes(input: OperationInput, ctx: HandlerContext) {
  const queue = queueOf(input, ctx);
  const now = ctx.now();
  const all: Record<string, string> = {
    VisibilityTimeout: String(DEFAULT_VISIBILITY_TIMEOUT_S),
    ...queue.attributes,
    QueueArn: queue.arn,
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    ApproximateNumberOfMessages: String(queue.messages.filter((message) => message.visibleAt <= now).length),
    ApproximateNumberOfMessagesNotVisible: String(queue.messages.filter((message) => message.visibleAt > now).length),
  };
  const wanted = Array.isArray(input.AttributeNames) ? input.AttributeNames.map(String) : [];
  return {
    Attributes: wanted.includes('All')
      ? all
      : Object.fromEntries(Object.entries(all).filter(([name]) => wanted.includes(name))),
  };
}

export function sendMessage(input: OperationInput, ctx: HandlerContext) {
  const body = String(input.MessageBody ?? '');
  if (body === '')
    throw new SandboxServiceError('MissingParameter', 'The request must contain the parameter MessageBody.');
  const attributes = stringAttributes(input.MessageAttributes);
  const message = enqueue(queueOf(input, ctx), body, ctx.now(), attributes);
  return {
    MessageId: message.messageId,
    MD5OfMessageBody: message.md5OfBody,
    ...(attributes ? { MD5OfMessageAttributes: md5OfMessageAttributes(attributes) } : {}),
  };
}

/** Returns visible messages at once (no long polling), hiding them for the visibility timeout. */
export function receiveMessage(input: OperationInput, ctx: HandlerContext) {
  const queue = queueOf(input, ctx);
  const now = ctx.now();
  const max = Math.min(10, Math.max(1, Number(input.MaxNumberOfMessages ?? 1)));
  const timeoutS = Number(
    input.VisibilityTimeout ?? queue.attributes.VisibilityTimeout ?? DEFAULT_VISIBILITY_TIMEOUT_S,
  );
  const { received, changed } = receiveVisible(ctx.state, queue, max, timeoutS, now);
  if (changed) ctx.changed();
  const wanted = Array.isArray(input.MessageAttributeNames) ? input.MessageAttributeNames.map(String) : [];
  return {
    Messages: received.map((message) => ({
      MessageId: message.messageId,
      ReceiptHandle: message.receiptHandle,
      Body: message.body,
      MD5OfBody: message.md5OfBody,
      Attributes: { SentTimestamp: String(message.sentAt), ApproximateReceiveCount: String(message.receiveCount) },
      ...requestedAttributes(message, wanted),
    })),
  };
}

/** The message attributes a receiver asked for (MessageAttributeNames: names, prefix.*, All or .*). */
function requestedAttributes(message: SqsMessage, wanted: string[]) {
  const all = message.messageAttributes ?? {};
  const chosen = Object.fromEntries(
    Object.entries(all).filter(([name]) =>
      wanted.some(
        (pattern) =>
          pattern === 'All' ||
          pattern === '.*' ||
          pattern === name ||
          (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))),
      ),
    ),
  );
  if (Object.keys(chosen).length === 0) return {};
  return { MessageAttributes: chosen, MD5OfMessageAttributes: md5OfMessageAttributes(chosen) };
}

function stringAttributes(value: unknown): Record<string, SqsMessageAttribute> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const attributes: Record<string, SqsMessageAttribute> = {};
  for (const [name, attribute] of Object.entries(value as Record<string, Record<string, unknown>>)) {
    const dataType = String(attribute.DataType ?? '');
    if (!/^(String|Number)(\..+)?$/.test(dataType))
      throw new SandboxServiceError(
        'InvalidParameterValue',
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    attributes[name] = { DataType: dataType, StringValue: String(attribute.StringValue ?? '') };
  }
  return Object.keys(attributes).length > 0 ? attributes : undefined;
}

function removeByHandle(queue: SqsQueue, handle: string): boolean {
  const index = queue.messages.findIndex((message) => message.receiptHandle === handle);
  if (index < 0) return false;
  queue.messages.splice(index, 1);
  return true;
}

export function deleteMessage(input: OperationInput, ctx: HandlerContext) {
  const handle = String(input.ReceiptHandle ?? '');
  const queue = queueOf(input, ctx);
  // A handle of a message already deleted is accepted, as SQS does.
  if (!removeByHandle(queue, handle) && !handle.includes('#'))
    throw new SandboxServiceError(
      'ReceiptHandleIsInvalid',
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
    );
  return {};
}

export function deleteMessageBatch(input: OperationInput, ctx: HandlerContext) {
  const queue = queueOf(input, ctx);
  const entries = Array.isArray(input.Entries) ? (input.Entries as Array<{ Id?: string; ReceiptHandle?: string }>) : [];
  for (const entry of entries) removeByHandle(queue, String(entry.ReceiptHandle ?? ''));
  return { Successful: entries.map((entry) => ({ Id: entry.Id })), Failed: [] };
}

/** sqs:SetQueueAttributes: the queue's attributes, a Policy among them (checked to be a JSON policy document). */
export function setQueueAttributes(input: OperationInput, ctx: HandlerContext) {
  const queue = queueOf(input, ctx);
  const attributes = (input.Attributes ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value !== 'string')
      throw new SandboxServiceError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
    if (name === 'Policy' && value !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = undefined;
      }
      if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed))
        throw new SandboxServiceError('InvalidAttributeValue', 'Invalid value for the parameter Policy.');
    }
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'Policy' && value === '') delete queue.attributes.Policy;
    else queue.attributes[name] = String(value);
  }
  return {};
}
