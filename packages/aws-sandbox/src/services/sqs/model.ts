import { createHash, randomUUID } from 'node:crypto';
import { servicePrincipalAllows } from '../../service-principal-policy.js';
import { serviceState, type SandboxState } from '../../state.js';

/** A message attribute (String and Number types; binary ones are not modelled). */
export interface SqsMessageAttribute {
  DataType: string;
  StringValue?: string;
}

export interface SqsMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  messageAttributes?: Record<string, SqsMessageAttribute>;
  sentAt: number;
  receiveCount: number;
  /** Hidden from receivers until then (the visibility timeout after a receive). */
  visibleAt: number;
  /** The handle of the latest receive; deleting needs it. */
  receiptHandle?: string;
}

export interface SqsQueue {
  name: string;
  url: string;
  arn: string;
  createdAt: number;
  attributes: Record<string, string>;
  messages: SqsMessage[];
}

/** state.services.sqs.queues[ACCOUNT][REGION][NAME] */
export interface SqsState {
  queues: Record<string, Record<string, Record<string, SqsQueue>>>;
}

export function sqsState(state: SandboxState): SqsState {
  return serviceState<SqsState>(state, 'sqs', () => ({ queues: {} }));
}

export function queuesOf(state: SandboxState, accountId: string, region: string): Record<string, SqsQueue> {
  const regions = (sqsState(state).queues[accountId] ??= {});
  return (regions[region] ??= {});
}

export const queueUrl = (accountId: string, region: string, name: string): string =>
  `https://sqs.${region}.amazonaws.com/${accountId}/${name}`;
export const queueArn = (accountId: string, region: string, name: string): string =>
  `arn:aws:sqs:${region}:${accountId}:${name}`;

/** Creates a queue (CreateQueue, CloudFormation's AWS::SQS::Queue); an existing one is returned as it is. */
export function putQueue(
  state: SandboxState,
  accountId: string,
  region: string,
  name: string,
  attributes: Record<string, string>,
  now: number,
): SqsQueue {
  const queues = queuesOf(state, accountId, region);
  const existing = queues[name];
  if (existing) return existing;
  const queue: SqsQueue = {
    name,
    url: queueUrl(accountId, region, name),
    arn: queueArn(accountId, region, name),
    createdAt: now,
    attributes,
    messages: [],
  };
  queues[name] = queue;
  return queue;
}

export function removeQueue(state: SandboxState, accountId: string, region: string, name: string): void {
  delete queuesOf(state, accountId, region)[name];
}

/** The queue an ARN names (EventBridge targets), in any account's slice. */
export function queueByArn(state: SandboxState, arn: string): SqsQueue | undefined {
  const [, , , region, accountId, name] = arn.split(':');
  if (!region || !accountId || !name) return undefined;
  return (sqsState(state).queues[accountId]?.[region] ?? {})[name];
}

/** Appends a message (SendMessage, an EventBridge target delivery). */
export function enqueue(
  queue: SqsQueue,
  body: string,
  now: number,
  messageAttributes?: Record<string, SqsMessageAttribute>,
): SqsMessage {
  const message: SqsMessage = {
    messageId: randomUUID(),
    body,
    md5OfBody: createHash('md5').update(body, 'utf8').digest('hex'),
    ...(messageAttributes && Object.keys(messageAttributes).length > 0 ? { messageAttributes } : {}),
    sentAt: now,
    receiveCount: 0,
    visibleAt: now,
  };
  queue.messages.push(message);
  return message;
}

/**
 * Who sends when an AWS service writes to a queue as itself: EventBridge (a target or its DLQ). Lambda sends
 * destination and DLQ records as the function's execution role instead (`lambda/destinations.ts`).
 */
export interface ServiceSender {
  readonly principal: 'events.amazonaws.com';
  /** The rule on whose behalf the service sends. */
  readonly sourceArn: string;
}

/**
 * Whether a service may send to the queue: EventBridge sends only as the queue's policy allows
 * (sqs:SendMessage for events.amazonaws.com with the rule as aws:SourceArn: the EventBridge User Guide's
 * "Amazon SQS permissions").
 */
export function serviceMaySend(queue: SqsQueue, sender: ServiceSender): boolean {
  return servicePrincipalAllows(queue.attributes.Policy, {
    servicePrincipal: sender.principal,
    action: 'sqs:SendMessage',
    resource: queue.arn,
    context: { 'aws:SourceArn': sender.sourceArn, 'aws:SourceAccount': sender.sourceArn.split(':')[4] ?? '' },
  });
}

/**
 * A message an AWS service sends to a queue named by ARN (targets, dead-letter queues, destinations). The one
 * place where such deliveries happen, so the queue's policy is checked here. Returns whether the queue took it
 * (a missing queue, or one whose policy refuses the service, drops it, as AWS does, counting it only in metrics).
 */
export function deliverFromService(
  state: SandboxState,
  queueArnText: string,
  sender: ServiceSender,
  body: string,
  now: number,
  messageAttributes?: Record<string, SqsMessageAttribute>,
): boolean {
  const queue = queueByArn(state, queueArnText);
  if (!queue || !serviceMaySend(queue, sender)) return false;
  enqueue(queue, body, now, messageAttributes);
  return true;
}

/** MD5 of message attributes as SQS computes it: per attribute in name order, length-prefixed name, type and value. */
export function md5OfMessageAttributes(attributes: Record<string, SqsMessageAttribute>): string {
  const hash = createHash('md5');
  const field = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name] as SqsMessageAttribute;
    field(name);
    field(attribute.DataType);
    hash.update(Buffer.from([1]));
    field(attribute.StringValue ?? '');
  }
  return hash.digest('hex');
}

/** SQS's default visibility timeout (seconds). */
export const DEFAULT_VISIBILITY_TIMEOUT_S = 30;

/**
 * Receives up to max visible messages, hiding them for the visibility timeout, as ReceiveMessage does; a
 * message received more often than the queue's RedrivePolicy maxReceiveCount moves to its dead-letter
 * queue instead (SQS redrives on receive). Returns the messages received and whether anything changed.
 */
export function receiveVisible(
  state: SandboxState,
  queue: SqsQueue,
  max: number,
  visibilitySeconds: number,
  now: number,
): { received: SqsMessage[]; changed: boolean } {
  const redrive = redrivePolicyOf(queue);
  const received: SqsMessage[] = [];
  let changed = false;
  for (const message of [...queue.messages]) {
    if (received.length >= max) break;
    if (message.visibleAt > now) continue;
    const deadLetter =
      redrive && message.receiveCount >= redrive.maxReceiveCount
        ? queueByArn(state, redrive.deadLetterTargetArn)
        : undefined;
    if (deadLetter) {
      queue.messages.splice(queue.messages.indexOf(message), 1);
      deadLetter.messages.push({ ...message, visibleAt: now, receiveCount: 0, receiptHandle: undefined });
      changed = true;
      continue;
    }
    message.receiveCount += 1;
    message.visibleAt = now + visibilitySeconds * 1000;
    message.receiptHandle = `${message.messageId}#${randomUUID()}`;
    received.push(message);
    changed = true;
  }
  return { received, changed };
}

/** Removes the messages a receiver is done with, by receipt handle; returns how many it found. */
export function deleteReceived(queue: SqsQueue, receiptHandles: readonly string[]): number {
  const handles = new Set(receiptHandles);
  const before = queue.messages.length;
  queue.messages = queue.messages.filter((message) => !message.receiptHandle || !handles.has(message.receiptHandle));
  return before - queue.messages.length;
}

function redrivePolicyOf(queue: SqsQueue): { deadLetterTargetArn: string; maxReceiveCount: number } | undefined {
  const text = queue.attributes.RedrivePolicy;
  if (!text) return undefined;
  try {
    const policy = JSON.parse(text) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    const maxReceiveCount = Number(policy.maxReceiveCount);
    if (typeof policy.deadLetterTargetArn !== 'string' || !(maxReceiveCount >= 1)) return undefined;
    return { deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount };
  } catch {
    return undefined;
  }
}

/** The queue attributes a CloudFormation AWS::SQS::Queue sets (as the SQS API holds them: strings). */
export function queueAttributesOf(properties: Record<string, unknown>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const name of ['VisibilityTimeout', 'MessageRetentionPeriod', 'DelaySeconds', 'ReceiveMessageWaitTimeSeconds']) {
    if (properties[name] !== undefined && properties[name] !== null) attributes[name] = String(properties[name]);
  }
  const redrive = properties.RedrivePolicy;
  if (redrive !== undefined && redrive !== null)
    attributes.RedrivePolicy = typeof redrive === 'string' ? redrive : JSON.stringify(redrive);
  return attributes;
}
