import type { ServiceDefinition } from '../types.js';
import { connectionOperations } from './directconnect/connections.js';
import { failoverTestOperations } from './directconnect/failover-tests.js';
import { gatewayOperations } from './directconnect/gateways.js';

/**
 * AWS Direct Connect (awsJson1.1, target prefix OvertureService): connections, virtual interfaces with
 * their BGP sessions, Direct Connect gateways and the BGP failover test. The physical side (a link
 * or a BGP session going down) is changed by `awsarch sandbox fault`, not through the API.
 */
export const directConnectService: ServiceDefinition = {
  name: 'directconnect',
  signingName: 'directconnect',
  iamPrefix: 'directconnect',
  protocol: 'awsJson1_1',
  sdkClient: '@aws-sdk/client-direct-connect',
  targetPrefix: 'OvertureService',
  throttlingError: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDeniedException', status: 400 },
  knownErrors: {
    DirectConnectServerException: { status: 500, message: 'A server-side error occurred.' },
    DirectConnectClientException: { status: 400, message: 'One or more parameters are not valid.' },
  },
  operations: {
    ...connectionOperations,
    ...gatewayOperations,
    ...failoverTestOperations,
  },
};
