import { randomUUID } from 'node:crypto';
import { SandboxServiceError } from '../../errors.js';
import { serviceState, type SandboxState } from '../../state.js';
import type { HandlerContext } from '../../types.js';

/** The SNS slice of the sandbox state: topics per account and region, by name. */
export interface SnsState {
  accounts: Record<string, Record<string, Record<string, Topic>>>;
}

export interface Subscription {
  /** The id part of the subscription ARN (issued at once; listed as PendingConfirmation until confirmed). */
  id: string;
  protocol: string;
  endpoint: string;
  confirmed: boolean;
}

export interface Topic {
  name: string;
  tags: Array<{ key: string; value: string }>;
  subscriptions: Subscription[];
  /** Messages published to the topic (by alarms); delivered to confirmed subscriptions only, as on AWS. */
  published: number;
  /** The last message, for `awsarch sandbox` users and tests (the sandbox sends no e-mail). */
  lastMessage?: { subject: string; message: string; at: number };
}

export function topicsOf(state: SandboxState, accountId: string, region: string): Record<string, Topic> {
  const accounts = serviceState<SnsState>(state, 'sns', () => ({ accounts: {} })).accounts;
  const regions = (accounts[accountId] ??= {});
  return (regions[region] ??= {});
}

export const callerTopics = (ctx: Pick<HandlerContext, 'state' | 'caller' | 'region'>) =>
  topicsOf(ctx.state, ctx.caller.accountId, ctx.region);

export const topicArn = (region: string, accountId: string, name: string) =>
  `arn:aws:sns:${region}:${accountId}:${name}`;

export const newSubscriptionId = () => randomUUID();

/** SNS's awsQuery errors: InvalidParameter (400) and NotFound (404). */
export const invalidParameter = (message: string) =>
  new SandboxServiceError('InvalidParameter', `Invalid parameter: ${message}`, { status: 400 });
export const notFound = (message: string) => new SandboxServiceError('NotFound', message, { status: 404 });

/** The topic an ARN names in the caller's account and region. */
export function topicByArn(ctx: HandlerContext, arn: unknown): Topic {
  const text = typeof arn === 'string' ? arn : '';
  const match = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]+)$/.exec(text);
  if (!match) throw invalidParameter('TopicArn');
  const topic =
    match[1] === ctx.region && match[2] === ctx.caller.accountId ? callerTopics(ctx)[match[3] ?? ''] : undefined;
  if (!topic) throw notFound('Topic does not exist');
  return topic;
}

/**
 * Publishes to a topic given by ARN, from within the sandbox (a CloudWatch alarm's action). Returns
 * false when the topic does not exist (AWS then records a failed action in the alarm's history).
 */
export function publishToTopic(
  state: SandboxState,
  arn: string,
  subject: string,
  message: string,
  at: number,
): boolean {
  const match = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]+)$/.exec(arn);
  if (!match) return false;
  const topic = topicsOf(state, match[2] ?? '', match[1] ?? '')[match[3] ?? ''];
  if (!topic) return false;
  topic.published += 1;
  topic.lastMessage = { subject, message, at };
  return true;
}
