import type { ServiceDefinition } from '../types.js';
import { alarmOperations } from './cloudwatch/alarms.js';
import { dashboardOperations } from './cloudwatch/dashboards.js';
import { settleAlarms } from './cloudwatch/evaluation.js';
import { listMetrics } from './cloudwatch/list-metrics.js';
import { CLOUDWATCH_QUERY_ERROR_CODES } from './cloudwatch/model.js';

/**
 * Amazon CloudWatch as the SDK v3 speaks it: awsJson1.0, target prefix GraniteServiceVersion20100801,
 * awsQueryCompatible (errors carry their query code in x-amzn-query-error). Metric alarms on the
 * metrics the sandbox derives from its hybrid resources (AWS/DX, AWS/VPN, AWS/Route53Resolver,
 * AWS/StorageGateway), evaluated at every request with SNS topic actions; ListMetrics; dashboards.
 * Not served: the query and Smithy RPC v2 CBOR protocols, PutMetricData, GetMetricData, metric math.
 */
export const cloudWatchService: ServiceDefinition = {
  name: 'cloudwatch',
  signingName: 'monitoring',
  iamPrefix: 'cloudwatch',
  protocol: 'awsJson1_0',
  sdkClient: '@aws-sdk/client-cloudwatch',
  targetPrefix: 'GraniteServiceVersion20100801',
  awsQueryErrorCodes: CLOUDWATCH_QUERY_ERROR_CODES,
  throttlingError: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDenied', status: 403 },
  knownErrors: {
    InternalServiceFault: { status: 500, message: 'Internal service error' },
  },
  operations: {
    ...alarmOperations,
    ...dashboardOperations,
    ListMetrics: listMetrics,
  },
  settle: settleAlarms,
};
