import type { ServiceDefinition } from '../types.js';
import {
  createChangeSet,
  deleteChangeSet,
  describeChangeSet,
  executeChangeSet,
  listChangeSets,
} from './cloudformation/change-sets.js';
import {
  deleteStack,
  describeStackEvents,
  describeStackResources,
  describeStacks,
  getTemplate,
  getTemplateSummary,
  listStackResources,
  settleStacks,
  updateTerminationProtection,
} from './cloudformation/stacks.js';

/**
 * AWS CloudFormation (awsQuery, 2010-05-15), as a recording stand-in: stacks, change sets and their
 * execution with stack events, rollbacks and outputs, following CloudFormation's state machine. It
 * records templates and reports resources complete; it provisions nothing, except what it also creates
 * in the sandbox's other services (see cloudformation/materialize.ts): the IAM roles, S3 buckets and SSM
 * parameters the CDK toolkit needs after bootstrapping, and the workloads' DynamoDB tables, SQS queues and
 * EventBridge buses, rules and archives. AWSARCH_SANDBOX_FAULTS=ProvisionResource=<Code> makes resources
 * fail (the stack rolls back).
 */
export const cloudFormationService: ServiceDefinition = {
  name: 'cloudformation',
  signingName: 'cloudformation',
  iamPrefix: 'cloudformation',
  protocol: 'awsQuery',
  sdkClient: '@aws-sdk/client-cloudformation',
  xmlNamespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  version: '2010-05-15',
  throttlingError: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDenied', status: 403 },
  knownErrors: {
    InsufficientCapabilitiesException: { status: 400, message: 'Requires capabilities : [CAPABILITY_IAM]' },
    LimitExceededException: { status: 400, message: 'Limit exceeded' },
  },
  operations: {
    CreateChangeSet: createChangeSet,
    DescribeChangeSet: describeChangeSet,
    ExecuteChangeSet: executeChangeSet,
    DeleteChangeSet: deleteChangeSet,
    ListChangeSets: listChangeSets,
    DescribeStacks: describeStacks,
    DescribeStackEvents: describeStackEvents,
    DescribeStackResources: describeStackResources,
    ListStackResources: listStackResources,
    GetTemplate: getTemplate,
    GetTemplateSummary: getTemplateSummary,
    DeleteStack: deleteStack,
    UpdateTerminationProtection: updateTerminationProtection,
  },
  settle: settleStacks,
};
