import type { ServiceDefinition } from '../types.js';
import {
  createQueue,
  deleteMessage,
  deleteMessageBatch,
  deleteQueue,
  getQueueAttributes,
  setQueueAttributes,
  getQueueUrl,
  listQueues,
  purgeQueue,
  receiveMessage,
  sendMessage,
} from './sqs/queues.js';

/**
 * Amazon SQS (awsJson1.0): standard queues with visibility timeouts, enough for EventBridge targets and
 * dead-letter queues, and for tests that consume what a bus delivered. No long polling, FIFO or redrive.
 */
export const sqsService: ServiceDefinition = {
  name: 'sqs',
  signingName: 'sqs',
  iamPrefix: 'sqs',
  protocol: 'awsJson1_0',
  sdkClient: '@aws-sdk/client-sqs',
  targetPrefix: 'AmazonSQS',
  throttlingError: { code: 'RequestThrottled', status: 400, message: 'Request is throttled.' },
  accessDeniedError: { code: 'AccessDeniedException', status: 400 },
  operations: {
    CreateQueue: createQueue,
    GetQueueUrl: getQueueUrl,
    ListQueues: listQueues,
    DeleteQueue: deleteQueue,
    PurgeQueue: purgeQueue,
    GetQueueAttributes: getQueueAttributes,
    SetQueueAttributes: setQueueAttributes,
    SendMessage: sendMessage,
    ReceiveMessage: receiveMessage,
    DeleteMessage: deleteMessage,
    DeleteMessageBatch: deleteMessageBatch,
  },
};
