import type { ServiceDefinition } from '../types.js';
import { assumeRole, validateAssumeRoleInput } from './sts/assume-role.js';

/** AWS Security Token Service (awsQuery, API version 2011-06-15). */
export const stsService: ServiceDefinition = {
  name: 'sts',
  signingName: 'sts',
  iamPrefix: 'sts',
  protocol: 'awsQuery',
  sdkClient: '@aws-sdk/client-sts',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  version: '2011-06-15',
  throttlingError: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDenied', status: 403 },
  knownErrors: {
    ExpiredTokenException: {
      status: 400,
      message: 'The web identity token that was passed is expired or is not valid.',
    },
    MalformedPolicyDocument: {
      status: 400,
      message: 'The request was rejected because the policy document was malformed.',
    },
    PackedPolicyTooLarge: {
      status: 400,
      message:
        'The request was rejected because the total packed size of the session policies and session tags combined was too large.',
    },
    RegionDisabledException: {
      status: 403,
      message:
        'STS is not activated in the requested region for the account that is being asked to generate credentials.',
    },
    InternalFailure: {
      status: 500,
      message: 'The request processing has failed because of an unknown error, exception or failure.',
    },
    ServiceUnavailable: { status: 503, message: 'The request has failed due to a temporary failure of the server.' },
  },
  operations: {
    GetCallerIdentity: (_input, ctx) => ({
      UserId: ctx.caller.userId,
      Account: ctx.caller.accountId,
      Arn: ctx.caller.principalArn,
    }),
    AssumeRole: assumeRole,
  },
  validators: { AssumeRole: validateAssumeRoleInput },
};
