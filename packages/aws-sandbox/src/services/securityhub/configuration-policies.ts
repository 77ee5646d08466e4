import { randomUUID } from 'node:crypto';
import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import {
  centralConfiguration,
  reconcileOrganization,
  unknownStandards,
  type CentralConfiguration,
} from './central-configuration.js';
import { isoTime, maxResultsOf, securityHubError, securityHubState, type ConfigurationPolicyRecord } from './model.js';

const NAME = /^[A-Za-z0-9 \-.!*/]{1,128}$/;

/** Configuration policies and associations: the delegated administrator, in the home Region, with central configuration on. */
export function requireCentralAdministrator(ctx: HandlerContext): CentralConfiguration {
  const central = centralConfiguration(ctx.state);
  const admin = Object.values(securityHubState(ctx.state).admins)[0]?.accountId;
  if (admin !== ctx.caller.accountId)
    throw securityHubError(
      'AccessDeniedException',
      `Account ${ctx.caller.accountId} is not the Security Hub delegated administrator of the organization.`,
    );
  if (!central)
    throw securityHubError(
      'AccessDeniedException',
      'The organization does not use central configuration; call UpdateOrganizationConfiguration with ConfigurationType CENTRAL first.',
    );
  if (ctx.region !== central.homeRegion)
    throw securityHubError('AccessDeniedException', `Call this operation from the home Region ${central.homeRegion}.`);
  return central;
}

export function policyArn(policy: ConfigurationPolicyRecord): string {
  return `arn:aws:securityhub:${policy.homeRegion}:${policy.ownerAccountId}:configuration-policy/${policy.id}`;
}

/** A policy by ARN or UUID, or ResourceNotFoundException. */
export function policyByIdentifier(ctx: HandlerContext, identifier: unknown): ConfigurationPolicyRecord {
  const policies = securityHubState(ctx.state).policies;
  const policy = Object.values(policies).find(
    (candidate) => candidate.id === identifier || policyArn(candidate) === identifier,
  );
  if (!policy || policy.ownerAccountId !== ctx.caller.accountId)
    throw securityHubError('ResourceNotFoundException', `Configuration policy ${String(identifier)} not found.`);
  return policy;
}

/** The SecurityHub member of a Policy: ServiceEnabled, and with it the standards and the controls configuration. */
function securityHubPolicy(value: unknown, homeRegion: string) {
  const policy = (value as { SecurityHub?: Record<string, unknown> } | undefined)?.SecurityHub;
  if (!policy || typeof policy.ServiceEnabled !== 'boolean')
    throw securityHubError(
      'InvalidInputException',
      "Invalid parameter 'ConfigurationPolicy': SecurityHub.ServiceEnabled is required.",
    );
  const standards = policy.EnabledStandardIdentifiers;
  const controls = policy.SecurityControlsConfiguration as Record<string, unknown> | undefined;
  if (policy.ServiceEnabled) {
    if (!Array.isArray(standards))
      throw securityHubError(
        'InvalidInputException',
        'EnabledStandardIdentifiers is required when ServiceEnabled is true.',
      );
    const listed = ['EnabledSecurityControlIdentifiers', 'DisabledSecurityControlIdentifiers'].filter(
      (member) => controls?.[member] !== undefined,
    );
    if (listed.length !== 1)
      throw securityHubError(
        'InvalidInputException',
        'SecurityControlsConfiguration needs exactly one of EnabledSecurityControlIdentifiers and DisabledSecurityControlIdentifiers when ServiceEnabled is true.',
      );
    const unknown = unknownStandards(standards.map(String), homeRegion);
    if (unknown.length > 0)
      throw securityHubError(
        'InvalidInputException',
        `Invalid standards ARN(s) for ${homeRegion}: ${unknown.join(', ')}.`,
      );
  }
  return {
    serviceEnabled: policy.ServiceEnabled,
    enabledStandardIdentifiers: Array.isArray(standards) ? standards.map(String) : [],
    securityControlsConfiguration: controls,
  };
}

function policyView(policy: ConfigurationPolicyRecord) {
  return {
    Arn: policyArn(policy),
    Id: policy.id,
    Name: policy.name,
    Description: policy.description,
    UpdatedAt: isoTime(policy.updatedAt),
    CreatedAt: isoTime(policy.createdAt),
    ConfigurationPolicy: {
      SecurityHub: {
        ServiceEnabled: policy.serviceEnabled,
        ...(policy.serviceEnabled
          ? {
              EnabledStandardIdentifiers: policy.enabledStandardIdentifiers,
              SecurityControlsConfiguration: policy.securityControlsConfiguration,
            }
          : {}),
      },
    },
  };
}

function checkName(ctx: HandlerContext, name: unknown, except?: string): string {
  if (typeof name !== 'string' || !NAME.test(name))
    throw securityHubError(
      'InvalidInputException',
      "Invalid parameter 'Name': letters, digits, spaces and - . ! * / only, at most 128 characters.",
    );
  const taken = Object.values(securityHubState(ctx.state).policies).some(
    (policy) => policy.ownerAccountId === ctx.caller.accountId && policy.name === name && policy.id !== except,
  );
  if (taken)
    throw securityHubError('ResourceConflictException', `A configuration policy named ${name} already exists.`);
  return name;
}

const createConfigurationPolicy: OperationHandler = (input, ctx) => {
  const central = requireCentralAdministrator(ctx);
  const now = ctx.now();
  const policy: ConfigurationPolicyRecord = {
    id: randomUUID(),
    ownerAccountId: ctx.caller.accountId,
    homeRegion: central.homeRegion,
    name: checkName(ctx, input.Name),
    description: typeof input.Description === 'string' ? input.Description : undefined,
    ...securityHubPolicy(input.ConfigurationPolicy, central.homeRegion),
    createdAt: now,
    updatedAt: now,
  };
  securityHubState(ctx.state).policies[policy.id] = policy;
  return policyView(policy);
};

const getConfigurationPolicy: OperationHandler = (input, ctx) => {
  requireCentralAdministrator(ctx);
  return policyView(policyByIdentifier(ctx, input.Identifier));
};

const listConfigurationPolicies: OperationHandler = (input: OperationInput, ctx) => {
  requireCentralAdministrator(ctx);
  const max = maxResultsOf(input.MaxResults, 100, 100);
  const all = Object.values(securityHubState(ctx.state).policies)
    .filter((policy) => policy.ownerAccountId === ctx.caller.accountId)
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const start = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw securityHubError('InvalidInputException', 'Invalid NextToken.');
  const page = all.slice(start, start + max);
  return {
    ConfigurationPolicySummaries: page.map((policy) => ({
      Arn: policyArn(policy),
      Id: policy.id,
      Name: policy.name,
      Description: policy.description,
      UpdatedAt: isoTime(policy.updatedAt),
      ServiceEnabled: policy.serviceEnabled,
    })),
    NextToken: start + max < all.length ? Buffer.from(String(start + max)).toString('base64url') : undefined,
  };
};

const updateConfigurationPolicy: OperationHandler = (input, ctx) => {
  const central = requireCentralAdministrator(ctx);
  const policy = policyByIdentifier(ctx, input.Identifier);
  if (input.Name !== undefined) policy.name = checkName(ctx, input.Name, policy.id);
  if (typeof input.Description === 'string') policy.description = input.Description;
  if (input.ConfigurationPolicy !== undefined)
    Object.assign(policy, securityHubPolicy(input.ConfigurationPolicy, central.homeRegion));
  policy.updatedAt = Math.max(ctx.now(), policy.updatedAt + 1);
  reconcileOrganization(ctx.state, ctx.now());
  return policyView(policy);
};

const deleteConfigurationPolicy: OperationHandler = (input, ctx) => {
  requireCentralAdministrator(ctx);
  const policy = policyByIdentifier(ctx, input.Identifier);
  const hub = securityHubState(ctx.state);
  if (Object.values(hub.associations).some((association) => association.configurationId === policy.id))
    throw securityHubError(
      'ResourceConflictException',
      'The configuration policy is associated with targets; disassociate it first (StartConfigurationPolicyDisassociation).',
    );
  delete hub.policies[policy.id];
  return {};
};

/** Central configuration policies of the delegated administrator. */
export const configurationPolicyOperations: Record<string, OperationHandler> = {
  CreateConfigurationPolicy: createConfigurationPolicy,
  GetConfigurationPolicy: getConfigurationPolicy,
  ListConfigurationPolicies: listConfigurationPolicies,
  UpdateConfigurationPolicy: updateConfigurationPolicy,
  DeleteConfigurationPolicy: deleteConfigurationPolicy,
};
