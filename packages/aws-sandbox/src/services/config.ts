import type { ServiceDefinition } from '../types.js';
import { aggregateComplianceOperations } from './config/aggregate-compliance.js';
import { aggregatorOperations } from './config/aggregators.js';
import { deliveryChannelOperations } from './config/delivery-channels.js';
import { recorderOperations } from './config/recorders.js';
import { ruleOperations } from './config/rules.js';

/**
 * AWS Config (awsJson1.1, target prefix StarlingDoveService): recorders, delivery channels, rules and their
 * (seeded) results per account and region; organization aggregators and their aggregate compliance.
 */
export const configService: ServiceDefinition = {
  name: 'config',
  signingName: 'config',
  iamPrefix: 'config',
  protocol: 'awsJson1_1',
  sdkClient: '@aws-sdk/client-config-service',
  targetPrefix: 'StarlingDoveService',
  throttlingError: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDeniedException', status: 400 },
  operations: {
    ...recorderOperations,
    ...deliveryChannelOperations,
    ...ruleOperations,
    ...aggregatorOperations,
    ...aggregateComplianceOperations,
  },
};
