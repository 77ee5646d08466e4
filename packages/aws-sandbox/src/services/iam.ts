import type { ServiceDefinition } from '../types.js';
import { inlinePolicyOperations } from './iam/inline-policies.js';
import { roleOperations } from './iam/role-operations.js';
import { createServiceLinkedRole } from './iam/service-linked-roles.js';

/** AWS Identity and Access Management (awsQuery, API version 2010-05-08): roles, per account. */
export const iamService: ServiceDefinition = {
  name: 'iam',
  signingName: 'iam',
  iamPrefix: 'iam',
  protocol: 'awsQuery',
  sdkClient: '@aws-sdk/client-iam',
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  version: '2010-05-08',
  throttlingError: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDenied', status: 403 },
  knownErrors: {
    ServiceFailure: {
      status: 500,
      message: 'The request processing has failed because of an unknown error, exception or failure.',
    },
    LimitExceeded: { status: 409, message: 'Cannot exceed quota for RolesPerAccount: 1000' },
  },
  operations: {
    ...roleOperations,
    ...inlinePolicyOperations,
    CreateServiceLinkedRole: createServiceLinkedRole,
  },
};
