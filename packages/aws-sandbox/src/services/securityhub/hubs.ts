import type { OperationHandler } from '../../types.js';
import { isCentrallyManaged, reconcileAccount } from './central-configuration.js';
import {
  administratorIn,
  enableHub,
  hubArn,
  hubOf,
  isoTime,
  membersOf,
  requireHub,
  securityHubError,
  securityHubState,
  subscriptionsOf,
  where,
} from './model.js';
import { STANDARDS } from './standards-catalog.js';

/** EnableSecurityHub turns on the default standards (FSBP and CIS v1.2.0) unless EnableDefaultStandards is false. */
const enableSecurityHub: OperationHandler = (input, ctx) => {
  if (hubOf(ctx.state, ctx.caller.accountId, ctx.region))
    throw securityHubError(
      'ResourceConflictException',
      `Account ${ctx.caller.accountId} is already subscribed to Security Hub`,
    );
  const generator = input.ControlFindingGenerator ?? 'SECURITY_CONTROL';
  if (generator !== 'SECURITY_CONTROL' && generator !== 'STANDARD_CONTROL')
    throw securityHubError('InvalidInputException', "Invalid parameter 'ControlFindingGenerator'.");
  enableHub(ctx.state, ctx.caller.accountId, ctx.region, ctx.now(), generator);
  if (input.EnableDefaultStandards !== false) {
    const subscriptions = subscriptionsOf(ctx.state, ctx.caller.accountId, ctx.region);
    for (const standard of STANDARDS.filter((candidate) => candidate.enabledByDefault))
      subscriptions[standard.id] ??= { since: ctx.now() };
  }
  return {};
};

const describeHub: OperationHandler = (input, ctx) => {
  if (reconcileAccount(ctx.state, ctx.caller.accountId, ctx.now())) ctx.changed();
  const hub = requireHub(ctx);
  const arn = hubArn(ctx.caller.accountId, ctx.region);
  if (input.HubArn !== undefined && input.HubArn !== arn)
    throw securityHubError('ResourceNotFoundException', `Hub ${String(input.HubArn)} not found.`);
  return {
    HubArn: arn,
    SubscribedAt: isoTime(hub.subscribedAt),
    AutoEnableControls: hub.autoEnableControls,
    ControlFindingGenerator: hub.controlFindingGenerator,
  };
};

/**
 * A member of an organization administrator cannot turn Security Hub off itself (the administrator
 * disassociates it first), nor can an account whose settings a configuration policy manages.
 */
const disableSecurityHub: OperationHandler = (_input, ctx) => {
  requireHub(ctx);
  const administrator = administratorIn(ctx.state, ctx.region);
  const member = administrator ? membersOf(ctx.state, administrator, ctx.region)[ctx.caller.accountId] : undefined;
  if (member?.memberStatus === 'Enabled' || isCentrallyManaged(ctx.state, ctx.caller.accountId))
    throw securityHubError(
      'InvalidInputException',
      'The account is managed by the Security Hub administrator of its organization and cannot disable Security Hub.',
    );
  const key = where(ctx.caller.accountId, ctx.region);
  const state = securityHubState(ctx.state);
  delete state.hubs[key];
  delete state.subscriptions[key];
  return {};
};

/** Security Hub in the caller's account and Region. */
export const hubOperations: Record<string, OperationHandler> = {
  EnableSecurityHub: enableSecurityHub,
  DescribeHub: describeHub,
  DisableSecurityHub: disableSecurityHub,
};
