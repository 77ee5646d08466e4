import type { SandboxState } from '../../state.js';
import type { HandlerContext, OperationHandler } from '../../types.js';
import { isRecording } from '../config/model.js';
import { isCentrallyManaged, reconcileAccount } from './central-configuration.js';
import { maxResultsOf, requireHub, securityHubError, subscriptionsOf } from './model.js';
import {
  STANDARDS,
  standardArn,
  standardByArn,
  subscriptionArn,
  type StandardDefinition,
} from './standards-catalog.js';

/**
 * A subscription as GetEnabledStandards shows it. Security Hub's controls run as AWS Config rules, so a
 * standard in an account and Region without a recording configuration recorder is INCOMPLETE
 * (NO_AVAILABLE_CONFIGURATION_RECORDER) until one records; else READY.
 */
export function subscriptionView(state: SandboxState, standard: StandardDefinition, accountId: string, region: string) {
  const recording = isRecording(state, accountId, region);
  return {
    StandardsSubscriptionArn: subscriptionArn(standard, accountId, region),
    StandardsArn: standardArn(standard, region),
    StandardsInput: {},
    StandardsStatus: recording ? 'READY' : 'INCOMPLETE',
    StandardsControlsUpdatable: recording ? 'READY_FOR_UPDATES' : 'NOT_READY_FOR_UPDATES',
    ...(recording ? {} : { StandardsStatusReason: { StatusReasonCode: 'NO_AVAILABLE_CONFIGURATION_RECORDER' } }),
    Provider: 'AWS',
  };
}

/** Members whose standards a configuration policy sets cannot change them. */
function refuseWhenCentrallyManaged(ctx: HandlerContext): void {
  if (isCentrallyManaged(ctx.state, ctx.caller.accountId))
    throw securityHubError(
      'AccessDeniedException',
      `Account ${ctx.caller.accountId} is managed by a Security Hub configuration policy; its delegated administrator changes its standards.`,
    );
}

function requestList(value: unknown, member: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 25)
    throw securityHubError('InvalidInputException', `Invalid parameter '${member}': 1 to 25 entries.`);
  return value;
}

const describeStandards: OperationHandler = (input, ctx) => {
  maxResultsOf(input.MaxResults, 100, 100);
  return {
    Standards: STANDARDS.map((standard) => ({
      StandardsArn: standardArn(standard, ctx.region),
      Name: standard.name,
      Description: standard.description,
      EnabledByDefault: standard.enabledByDefault,
      Provider: 'AWS',
      StandardsManagedBy: { Company: 'AWS', Product: 'Security Hub' },
    })),
  };
};

const batchEnableStandards: OperationHandler = (input, ctx) => {
  requireHub(ctx);
  if (reconcileAccount(ctx.state, ctx.caller.accountId, ctx.now())) ctx.changed();
  refuseWhenCentrallyManaged(ctx);
  const requests = requestList(input.StandardsSubscriptionRequests, 'StandardsSubscriptionRequests') as Array<{
    StandardsArn?: unknown;
  }>;
  const standards = requests.map((request) => {
    const standard = standardByArn(String(request.StandardsArn ?? ''), ctx.region);
    if (!standard)
      throw securityHubError(
        'InvalidInputException',
        `Invalid StandardsArn ${String(request.StandardsArn)} for ${ctx.region}; DescribeStandards lists the available standards.`,
      );
    return standard;
  });
  const subscriptions = subscriptionsOf(ctx.state, ctx.caller.accountId, ctx.region);
  for (const standard of standards) subscriptions[standard.id] ??= { since: ctx.now() };
  return {
    StandardsSubscriptions: standards.map((standard) => ({
      ...subscriptionView(ctx.state, standard, ctx.caller.accountId, ctx.region),
      StandardsStatus: 'PENDING',
    })),
  };
};

const batchDisableStandards: OperationHandler = (input, ctx) => {
  requireHub(ctx);
  if (reconcileAccount(ctx.state, ctx.caller.accountId, ctx.now())) ctx.changed();
  refuseWhenCentrallyManaged(ctx);
  const arns = requestList(input.StandardsSubscriptionArns, 'StandardsSubscriptionArns').map(String);
  const subscriptions = subscriptionsOf(ctx.state, ctx.caller.accountId, ctx.region);
  const standards = arns.map((arn) => {
    const standard = STANDARDS.find(
      (candidate) => subscriptionArn(candidate, ctx.caller.accountId, ctx.region) === arn,
    );
    if (!standard || !subscriptions[standard.id])
      throw securityHubError(
        'InvalidInputException',
        `Invalid StandardsSubscriptionArn ${arn}: not enabled in this account.`,
      );
    return standard;
  });
  for (const standard of standards) delete subscriptions[standard.id];
  return {
    StandardsSubscriptions: standards.map((standard) => ({
      ...subscriptionView(ctx.state, standard, ctx.caller.accountId, ctx.region),
      StandardsStatus: 'DELETING',
    })),
  };
};

const getEnabledStandards: OperationHandler = (input, ctx) => {
  requireHub(ctx);
  if (reconcileAccount(ctx.state, ctx.caller.accountId, ctx.now())) ctx.changed();
  maxResultsOf(input.MaxResults, 100, 100);
  const wanted = Array.isArray(input.StandardsSubscriptionArns)
    ? input.StandardsSubscriptionArns.map(String)
    : undefined;
  const subscriptions = subscriptionsOf(ctx.state, ctx.caller.accountId, ctx.region);
  const views = STANDARDS.filter((standard) => subscriptions[standard.id])
    .map((standard) => subscriptionView(ctx.state, standard, ctx.caller.accountId, ctx.region))
    .filter((view) => wanted === undefined || wanted.includes(view.StandardsSubscriptionArn));
  return { StandardsSubscriptions: views };
};

/** Standards: what exists, what the account has enabled. */
export const standardsOperations: Record<string, OperationHandler> = {
  DescribeStandards: describeStandards,
  BatchEnableStandards: batchEnableStandards,
  BatchDisableStandards: batchDisableStandards,
  GetEnabledStandards: getEnabledStandards,
};
