import type { ServiceDefinition } from '../types.js';
import { topicOperations } from './sns/topics.js';

/**
 * Amazon SNS (awsQuery, 2010-03-31): standard topics and e-mail subscriptions, which stay pending
 * (nobody can confirm them: the sandbox sends no e-mail). CloudWatch alarm actions publish to topics.
 */
export const snsService: ServiceDefinition = {
  name: 'sns',
  signingName: 'sns',
  iamPrefix: 'sns',
  protocol: 'awsQuery',
  sdkClient: '@aws-sdk/client-sns',
  xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
  version: '2010-03-31',
  throttlingError: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AuthorizationError', status: 403 },
  knownErrors: {
    InternalError: { status: 500, message: 'Internal Error' },
  },
  operations: topicOperations,
};
