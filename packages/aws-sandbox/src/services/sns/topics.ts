import { SandboxServiceError } from '../../errors.js';
import { paginate } from '../../pagination.js';
import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import { callerTopics, invalidParameter, newSubscriptionId, topicArn, topicByArn, type Topic } from './model.js';

/** AWS's quota of standard topics per account and Region. */
const TOPIC_QUOTA = 100_000;
const PAGE = 100;
const NAME = /^[A-Za-z0-9_-]{1,256}$/;
/** A pragmatic e-mail check (SNS rejects what cannot be an address). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PROTOCOLS = ['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose'];

function tagsOf(input: OperationInput): Array<{ key: string; value: string }> {
  const tags = input.Tags;
  if (tags === undefined || tags === '') return [];
  if (!Array.isArray(tags)) throw invalidParameter('Tags');
  return tags.map((tag) => {
    const { Key, Value } = (tag ?? {}) as { Key?: unknown; Value?: unknown };
    if (typeof Key !== 'string' || Key.length < 1 || Key.length > 128) throw invalidParameter('Tags Reason: bad key');
    return { key: Key, value: typeof Value === 'string' ? Value : '' };
  });
}

const sameTags = (a: Topic['tags'], b: Topic['tags']) =>
  JSON.stringify([...a].sort((x, y) => x.key.localeCompare(y.key))) ===
  JSON.stringify([...b].sort((x, y) => x.key.localeCompare(y.key)));

/** CreateTopic: idempotent for the same name and tags; FIFO topics are not modelled. */
const createTopic: OperationHandler = (input, ctx) => {
  const name = typeof input.Name === 'string' ? input.Name : '';
  if (name.endsWith('.fifo'))
    throw invalidParameter('Topic Name: FIFO topics are not supported by the awsarch sandbox');
  if (!NAME.test(name)) throw invalidParameter('Topic Name');
  const tags = tagsOf(input);
  const topics = callerTopics(ctx);
  const existing = topics[name];
  if (existing) {
    if (tags.length > 0 && !sameTags(existing.tags, tags))
      throw invalidParameter('Tags Reason: Topic already exists with different tags');
  } else {
    if (Object.keys(topics).length >= TOPIC_QUOTA)
      throw new SandboxServiceError('TopicLimitExceeded', 'Topic limit exceeded', { status: 403 });
    topics[name] = { name, tags, subscriptions: [], published: 0 };
  }
  return { TopicArn: topicArn(ctx.region, ctx.caller.accountId, name) };
};

const listTopics: OperationHandler = (input, ctx) => {
  const page = paginate(
    Object.values(callerTopics(ctx)),
    (topic) => topic.name,
    'ListTopics',
    { maxResults: PAGE, nextToken: typeof input.NextToken === 'string' ? input.NextToken : undefined },
    () => invalidParameter('NextToken'),
  );
  return {
    Topics: page.items.map((topic) => ({ TopicArn: topicArn(ctx.region, ctx.caller.accountId, topic.name) })),
    NextToken: page.nextToken,
  };
};

function subscriptionArn(ctx: HandlerContext, topic: Topic, id: string): string {
  return `${topicArn(ctx.region, ctx.caller.accountId, topic.name)}:${id}`;
}

/**
 * Subscribe: an e-mail subscription waits for the recipient's confirmation (the sandbox sends no
 * e-mail, so it stays pending); subscribing the same endpoint again returns the same subscription.
 */
const subscribe: OperationHandler = (input, ctx) => {
  const topic = topicByArn(ctx, input.TopicArn);
  const protocol = typeof input.Protocol === 'string' ? input.Protocol : '';
  if (!PROTOCOLS.includes(protocol)) throw invalidParameter('Invalid protocol type');
  const endpoint = typeof input.Endpoint === 'string' ? input.Endpoint : '';
  if ((protocol === 'email' || protocol === 'email-json') && !EMAIL.test(endpoint))
    throw invalidParameter('Email address');
  if (protocol !== 'email' && protocol !== 'email-json')
    throw invalidParameter(`${protocol} subscriptions are not supported by the awsarch sandbox`);
  let subscription = topic.subscriptions.find(
    (candidate) => candidate.protocol === protocol && candidate.endpoint === endpoint,
  );
  if (!subscription) {
    subscription = { id: newSubscriptionId(), protocol, endpoint, confirmed: false };
    topic.subscriptions.push(subscription);
  }
  const returnArn = input.ReturnSubscriptionArn === 'true' || input.ReturnSubscriptionArn === true;
  return {
    SubscriptionArn:
      subscription.confirmed || returnArn ? subscriptionArn(ctx, topic, subscription.id) : 'pending confirmation',
  };
};

const listSubscriptionsByTopic: OperationHandler = (input, ctx) => {
  const topic = topicByArn(ctx, input.TopicArn);
  const page = paginate(
    topic.subscriptions,
    (subscription) => subscription.id,
    'ListSubscriptionsByTopic',
    { maxResults: PAGE, nextToken: typeof input.NextToken === 'string' ? input.NextToken : undefined },
    () => invalidParameter('NextToken'),
  );
  return {
    Subscriptions: page.items.map((subscription) => ({
      SubscriptionArn: subscription.confirmed ? subscriptionArn(ctx, topic, subscription.id) : 'PendingConfirmation',
      Owner: ctx.caller.accountId,
      Protocol: subscription.protocol,
      Endpoint: subscription.endpoint,
      TopicArn: topicArn(ctx.region, ctx.caller.accountId, topic.name),
    })),
    NextToken: page.nextToken,
  };
};

export const topicOperations: Record<string, OperationHandler> = {
  CreateTopic: createTopic,
  ListTopics: listTopics,
  Subscribe: subscribe,
  ListSubscriptionsByTopic: listSubscriptionsByTopic,
};
