import type { ServiceDefinition } from '../types.js';
import { endpointOperations } from './route53resolver/endpoints.js';
import { ruleOperations } from './route53resolver/rules.js';

/** Amazon Route 53 Resolver (awsJson1.1, target prefix Route53Resolver): endpoints, forwarding rules, associations. */
export const route53ResolverService: ServiceDefinition = {
  name: 'route53resolver',
  signingName: 'route53resolver',
  iamPrefix: 'route53resolver',
  protocol: 'awsJson1_1',
  sdkClient: '@aws-sdk/client-route53resolver',
  targetPrefix: 'Route53Resolver',
  errorMessageMember: 'Message',
  throttlingError: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded.' },
  accessDeniedError: { code: 'AccessDeniedException', status: 400 },
  knownErrors: {
    InternalServiceErrorException: {
      status: 400,
      message: 'We encountered an unknown error. Try again in a few minutes.',
    },
    InvalidRequestException: { status: 400, message: 'The request is invalid.' },
  },
  operations: {
    ...endpointOperations,
    ...ruleOperations,
  },
};
