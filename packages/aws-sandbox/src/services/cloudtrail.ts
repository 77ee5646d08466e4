import type { ServiceDefinition } from '../types.js';
import { trailOperations } from './cloudtrail/trails.js';

/** AWS CloudTrail (awsJson1.1, target prefix CloudTrail_20131101): trails per account, organization trails. */
export const cloudTrailService: ServiceDefinition = {
  name: 'cloudtrail',
  signingName: 'cloudtrail',
  iamPrefix: 'cloudtrail',
  protocol: 'awsJson1_1',
  sdkClient: '@aws-sdk/client-cloudtrail',
  targetPrefix: 'CloudTrail_20131101',
  errorMessageMember: 'Message',
  throttlingError: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDeniedException', status: 400 },
  operations: trailOperations,
};
