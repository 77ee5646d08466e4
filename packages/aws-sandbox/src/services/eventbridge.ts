import type { ServiceDefinition } from '../types.js';
import { createArchive, deleteArchive, describeArchive, listArchives } from './eventbridge/archives.js';
import { createEventBus, deleteEventBus, describeEventBus, listEventBuses } from './eventbridge/buses.js';
import { putPermission, removePermission } from './eventbridge/permissions.js';
import { putEvents } from './eventbridge/put-events.js';
import { cancelReplay, describeReplay, listReplays, settleReplays, startReplay } from './eventbridge/replays.js';
import {
  deleteRule,
  describeRule,
  disableRule,
  enableRule,
  listRules,
  listTargetsByRule,
  putRule,
  putTargets,
  removeTargets,
} from './eventbridge/rules.js';

/**
 * Amazon EventBridge (awsJson1.1): buses, rules with event patterns and targets (SQS queues receive the
 * events; other targets are recorded as delivered, not run), PutEvents, archives fed by a managed rule,
 * replays with AWS's state machine, driven from timestamps (see eventbridge/replays.ts), and bus policies
 * (PutPermission/RemovePermission) that let other accounts put events on a bus.
 */
export const eventBridgeService: ServiceDefinition = {
  name: 'eventbridge',
  signingName: 'events',
  iamPrefix: 'events',
  protocol: 'awsJson1_1',
  sdkClient: '@aws-sdk/client-eventbridge',
  targetPrefix: 'AWSEvents',
  throttlingError: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDeniedException', status: 400 },
  knownErrors: {
    InternalException: { status: 500, message: 'An internal error occurred.' },
    ConcurrentModificationException: {
      status: 400,
      message: 'There is concurrent modification on a rule, target, archive, or replay.',
    },
  },
  operations: {
    CreateEventBus: createEventBus,
    DescribeEventBus: describeEventBus,
    ListEventBuses: listEventBuses,
    DeleteEventBus: deleteEventBus,
    PutRule: putRule,
    DescribeRule: describeRule,
    ListRules: listRules,
    DeleteRule: deleteRule,
    EnableRule: enableRule,
    DisableRule: disableRule,
    PutTargets: putTargets,
    ListTargetsByRule: listTargetsByRule,
    RemoveTargets: removeTargets,
    PutEvents: putEvents,
    PutPermission: putPermission,
    RemovePermission: removePermission,
    CreateArchive: createArchive,
    DescribeArchive: describeArchive,
    ListArchives: listArchives,
    DeleteArchive: deleteArchive,
    StartReplay: startReplay,
    DescribeReplay: describeReplay,
    ListReplays: listReplays,
    CancelReplay: cancelReplay,
  },
  settle: settleReplays,
};
