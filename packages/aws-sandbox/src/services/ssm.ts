import type { ServiceDefinition } from '../types.js';
import { deleteParameter, getParameter, getParametersByPath, putParameter } from './ssm/parameters.js';

/**
 * AWS Systems Manager Parameter Store (awsJson1.1): the parameters the CDK bootstrap writes and the toolkit
 * reads, and awsarch's run lease (create-only PutParameter, GetParametersByPath, DeleteParameter).
 */
export const ssmService: ServiceDefinition = {
  name: 'ssm',
  signingName: 'ssm',
  iamPrefix: 'ssm',
  protocol: 'awsJson1_1',
  sdkClient: '@aws-sdk/client-ssm',
  targetPrefix: 'AmazonSSM',
  throttlingError: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDeniedException', status: 400 },
  knownErrors: {
    InternalServerError: { status: 500, message: 'An error occurred on the server side.' },
  },
  operations: {
    GetParameter: getParameter,
    GetParametersByPath: getParametersByPath,
    PutParameter: putParameter,
    DeleteParameter: deleteParameter,
  },
};
