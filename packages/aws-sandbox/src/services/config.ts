import type { ServiceDefinition } from '../types.js';
import { deliveryChannelOperations } from './config/delivery-channels.js';
import { recorderOperations } from './config/recorders.js';

/** AWS Config (awsJson1.1, target prefix StarlingDoveService): recorders and delivery channels per account and region. */
export const configService: ServiceDefinition = {
  name: 'config',
  signingName: 'config',
  iamPrefix: 'config',
  protocol: 'awsJson1_1',
  sdkClient: '@aws-sdk/client-config-service',
  targetPrefix: 'StarlingDoveService',
  throttlingError: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDeniedException', status: 400 },
  operations: { ...recorderOperations, ...deliveryChannelOperations },
};
