import type { ServiceDefinition } from '../types.js';
import { directoryOperations } from './directoryservice/directories.js';

/**
 * AWS Directory Service (awsJson1.1, target prefix DirectoryService_20150416): AD Connectors, read only
 * (`awsarch sandbox seed hybrid` creates one; `sandbox fault ad-connector-impaired` impairs it).
 */
export const directoryService: ServiceDefinition = {
  name: 'ds',
  signingName: 'ds',
  iamPrefix: 'ds',
  protocol: 'awsJson1_1',
  sdkClient: '@aws-sdk/client-directory-service',
  targetPrefix: 'DirectoryService_20150416',
  errorMessageMember: 'Message',
  throttlingError: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDeniedException', status: 400 },
  knownErrors: {
    ClientException: { status: 400, message: 'A client exception has occurred.' },
    ServiceException: { status: 500, message: 'An exception has occurred in Directory Service.' },
  },
  operations: directoryOperations,
};
