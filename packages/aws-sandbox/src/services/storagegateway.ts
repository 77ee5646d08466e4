import type { ServiceDefinition } from '../types.js';
import { fileShareOperations } from './storagegateway/file-shares.js';
import { gatewayOperations } from './storagegateway/gateways.js';

/**
 * AWS Storage Gateway (awsJson1.1, target prefix StorageGateway_20130630): gateways and file shares,
 * read only (gateways come from `awsarch sandbox seed hybrid`). A gateway that is offline
 * (`sandbox fault storage-gateway-offline`) stays listed, but everything the gateway itself answers
 * fails with InvalidGatewayRequestException / GatewayNotConnected, as on AWS.
 */
export const storageGatewayService: ServiceDefinition = {
  name: 'storagegateway',
  signingName: 'storagegateway',
  iamPrefix: 'storagegateway',
  protocol: 'awsJson1_1',
  sdkClient: '@aws-sdk/client-storage-gateway',
  targetPrefix: 'StorageGateway_20130630',
  throttlingError: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDeniedException', status: 400 },
  knownErrors: {
    InternalServerError: { status: 500, message: 'An internal server error has occurred.' },
    ServiceUnavailableError: { status: 503, message: 'The service is unavailable.' },
  },
  operations: {
    ...gatewayOperations,
    ...fileShareOperations,
  },
};
