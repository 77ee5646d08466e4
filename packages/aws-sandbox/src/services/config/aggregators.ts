import { randomLowercaseAlphanumeric } from '../../ids.js';
import type { SandboxState } from '../../state.js';
import type { HandlerContext, OperationHandler } from '../../types.js';
import { findRole } from '../iam/roles.js';
import { isDelegatedAdministrator } from '../organizations/delegated-administrators.js';
import { organizationsState } from '../organizations/model.js';
import { enableServiceAccess, organizationOf } from '../organizations/service-access.js';
import { configError, configState, type AggregatorRecord } from './model.js';
import { configPage } from './rules.js';

const SERVICE_PRINCIPAL = 'config.amazonaws.com';
const NAME = /^[\w-]{1,256}$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]{1,64})$/;
/**
 * AWS managed policies that grant what an organization aggregator's role needs (organizations:ListAccounts,
 * DescribeOrganization, ListAWSServiceAccessForOrganization, ListDelegatedAdministrators), from their
 * published documents. Other ways of granting them (inline or customer managed policies) are not modelled.
 */
const ORGANIZATION_READ_POLICIES = [
  'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations',
  'arn:aws:iam::aws:policy/AdministratorAccess',
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
];

export function aggregatorsOf(
  state: SandboxState,
  accountId: string,
  region: string,
): Record<string, AggregatorRecord> {
  return ((configState(state).aggregators ??= {})[`${accountId}/${region}`] ??= {});
}

export function aggregatorArn(record: AggregatorRecord): string {
  return `arn:aws:config:${record.region}:${record.accountId}:config-aggregator/config-aggregator-${record.id}`;
}

/** The caller's aggregator by name, or NoSuchConfigurationAggregatorException. */
export function aggregatorNamed(ctx: HandlerContext, name: unknown): AggregatorRecord {
  const record =
    typeof name === 'string' ? aggregatorsOf(ctx.state, ctx.caller.accountId, ctx.region)[name] : undefined;
  if (!record)
    throw configError(
      'NoSuchConfigurationAggregatorException',
      `The configuration aggregator does not exist. Check the configuration aggregator name and try again.`,
    );
  return record;
}

function trustsConfig(document: string): boolean {
  try {
    const parsed = JSON.parse(decodeURIComponent(document)) as { Statement?: unknown };
    return ([] as Array<Record<string, unknown>>)
      .concat((parsed.Statement as Array<Record<string, unknown>>) ?? [])
      .some((statement) => {
        const services = ([] as unknown[]).concat(
          (statement.Principal as { Service?: unknown } | undefined)?.Service ?? [],
        );
        const actions = ([] as unknown[]).concat(statement.Action ?? []).map(String);
        return (
          statement.Effect === 'Allow' &&
          services.includes(SERVICE_PRINCIPAL) &&
          actions.some((action) => action === 'sts:AssumeRole' || action === 'sts:*')
        );
      });
  } catch {
    return false;
  }
}

/** Why Config cannot read the organization through the aggregator's role right now, if it cannot. */
export function organizationSourceProblem(
  state: SandboxState,
  record: AggregatorRecord,
): { code: string; message: string } | undefined {
  const source = record.organizationSource;
  if (!source) return undefined;
  const match = ROLE_ARN.exec(source.roleArn);
  const role = match ? findRole(state, match[1] as string, match[2] as string) : undefined;
  if (!role || role.Arn !== source.roleArn || !trustsConfig(role.AssumeRolePolicyDocument))
    return { code: 'InvalidRoleException', message: `AWS Config cannot assume the role ${source.roleArn}.` };
  if (!role.AttachedPolicies.some((policy) => ORGANIZATION_READ_POLICIES.includes(policy.PolicyArn)))
    return {
      code: 'OrganizationAccessDeniedException',
      message: `The role ${source.roleArn} is not allowed to call organizations:ListAccounts; attach AWSConfigRoleForOrganizations.`,
    };
  const caller = organizationOf(state, record.accountId);
  if (!caller) return { code: 'NoAvailableOrganizationException', message: 'Organization is no longer available.' };
  if (
    caller.managementAccountId !== record.accountId &&
    !isDelegatedAdministrator(state, record.accountId, SERVICE_PRINCIPAL)
  )
    return {
      code: 'OrganizationAccessDeniedException',
      message: `Account ${record.accountId} is no longer a delegated administrator for ${SERVICE_PRINCIPAL}.`,
    };
  return undefined;
}

function regionsOf(value: { AllAwsRegions?: unknown; AwsRegions?: unknown }): {
  allAwsRegions: boolean;
  awsRegions: string[];
} {
  const all = value.AllAwsRegions === true;
  const regions = Array.isArray(value.AwsRegions) ? value.AwsRegions.map(String) : [];
  if (all === regions.length > 0)
    throw configError(
      'InvalidParameterValueException',
      'Specify either AllAwsRegions or AwsRegions, not both and not neither.',
    );
  return { allAwsRegions: all, awsRegions: regions };
}

/**
 * Organization aggregators: the caller is the management account (Config then enables its trusted access)
 * or a delegated administrator for config.amazonaws.com; all features; a role Config can assume. Account
 * sources need PutAggregationAuthorization in each source account, which the sandbox does not model.
 */
const putConfigurationAggregator: OperationHandler = (input, ctx) => {
  const name = typeof input.ConfigurationAggregatorName === 'string' ? input.ConfigurationAggregatorName : '';
  if (!NAME.test(name))
    throw configError('InvalidParameterValueException', 'The configuration aggregator name is not valid.');
  const accountSources = Array.isArray(input.AccountAggregationSources) ? input.AccountAggregationSources : [];
  const organization = input.OrganizationAggregationSource as
    { RoleArn?: unknown; AwsRegions?: unknown; AllAwsRegions?: unknown } | undefined;
  if (accountSources.length > 0 === (organization !== undefined))
    throw configError(
      'InvalidParameterValueException',
      'Specify either AccountAggregationSources or OrganizationAggregationSource.',
    );
  if (!organization)
    throw configError(
      'InvalidParameterValueException',
      'The sandbox models organization aggregators only (aggregation authorizations are not modelled).',
    );
  const org = organizationsState(ctx.state).organization;
  const member = organizationOf(ctx.state, ctx.caller.accountId);
  if (!org || !member) throw configError('NoAvailableOrganizationException', 'Organization is no longer available.');
  if (org.FeatureSet !== 'ALL')
    throw configError(
      'OrganizationAllFeaturesNotEnabledException',
      'The configuration aggregator cannot be created because your organization does not have all features enabled.',
    );
  const management = org.MasterAccountId === ctx.caller.accountId;
  if (!management && !isDelegatedAdministrator(ctx.state, ctx.caller.accountId, SERVICE_PRINCIPAL))
    throw configError(
      'OrganizationAccessDeniedException',
      'You are not a registered delegated administrator for AWS Config with permissions to call ListDelegatedAdministrators API. Ensure that the management account registers delagated administrator for AWS Config service principal name before the delegated administrator creates an aggregator.',
    );
  const roleArn = typeof organization.RoleArn === 'string' ? organization.RoleArn : '';
  const match = ROLE_ARN.exec(roleArn);
  const role = match?.[1] === ctx.caller.accountId ? findRole(ctx.state, match[1], match[2] as string) : undefined;
  if (!role || role.Arn !== roleArn || !trustsConfig(role.AssumeRolePolicyDocument))
    throw configError(
      'InvalidRoleException',
      `The role ${roleArn || '(none)'} does not exist or AWS Config cannot assume it.`,
    );
  if (management) enableServiceAccess(ctx.state, SERVICE_PRINCIPAL, ctx.now());
  const aggregators = aggregatorsOf(ctx.state, ctx.caller.accountId, ctx.region);
  const existing = aggregators[name];
  const record: AggregatorRecord = {
    id: existing?.id ?? randomLowercaseAlphanumeric(8),
    name,
    accountId: ctx.caller.accountId,
    region: ctx.region,
    organizationSource: { roleArn, ...regionsOf(organization) },
    createdAt: existing?.createdAt ?? ctx.now(),
    updatedAt: ctx.now(),
  };
  aggregators[name] = record;
  return { ConfigurationAggregator: aggregatorView(record) };
};

function aggregatorView(record: AggregatorRecord) {
  const source = record.organizationSource;
  return {
    ConfigurationAggregatorName: record.name,
    ConfigurationAggregatorArn: aggregatorArn(record),
    OrganizationAggregationSource: source && {
      RoleArn: source.roleArn,
      ...(source.allAwsRegions ? { AllAwsRegions: true } : { AwsRegions: source.awsRegions }),
    },
    CreationTime: new Date(record.createdAt),
    LastUpdatedTime: new Date(record.updatedAt),
  };
}

const describeConfigurationAggregators: OperationHandler = (input, ctx) => {
  const names = Array.isArray(input.ConfigurationAggregatorNames) ? input.ConfigurationAggregatorNames.map(String) : [];
  const all = Object.values(aggregatorsOf(ctx.state, ctx.caller.accountId, ctx.region));
  const chosen = names.length === 0 ? all : names.map((name) => aggregatorNamed(ctx, name));
  const page = configPage(
    chosen.sort((a, b) => a.name.localeCompare(b.name)),
    input.NextToken,
    100,
  );
  return { ConfigurationAggregators: page.items.map(aggregatorView), NextToken: page.nextToken };
};

const deleteConfigurationAggregator: OperationHandler = (input, ctx) => {
  const record = aggregatorNamed(ctx, input.ConfigurationAggregatorName);
  delete aggregatorsOf(ctx.state, ctx.caller.accountId, ctx.region)[record.name];
  return {};
};

/** The Regions an aggregator collects from. */
export function aggregatorRegions(state: SandboxState, record: AggregatorRecord): string[] {
  const source = record.organizationSource;
  if (!source) return [];
  if (!source.allAwsRegions) return source.awsRegions;
  const regions = new Set<string>();
  for (const accountRegions of Object.values(configState(state).accounts))
    for (const region of Object.keys(accountRegions)) regions.add(region);
  return [...regions].sort();
}

const describeSourcesStatus: OperationHandler = (input, ctx) => {
  const record = aggregatorNamed(ctx, input.ConfigurationAggregatorName);
  const problem = organizationSourceProblem(ctx.state, record);
  const orgId = organizationsState(ctx.state).organization?.Id ?? '';
  const statuses = aggregatorRegions(ctx.state, record).map((region) => ({
    SourceId: orgId,
    SourceType: 'ORGANIZATION',
    AwsRegion: region,
    LastUpdateStatus: problem ? 'FAILED' : 'SUCCEEDED',
    LastUpdateTime: new Date(ctx.now()),
    ...(problem ? { LastErrorCode: problem.code, LastErrorMessage: problem.message } : {}),
  }));
  const wanted = Array.isArray(input.UpdateStatus) ? input.UpdateStatus.map(String) : [];
  const filtered = statuses.filter((status) => wanted.length === 0 || wanted.includes(status.LastUpdateStatus));
  const page = configPage(filtered, input.NextToken, 100);
  return { AggregatedSourceStatusList: page.items, NextToken: page.nextToken };
};

/** Configuration aggregators of the caller's account and Region. */
export const aggregatorOperations: Record<string, OperationHandler> = {
  PutConfigurationAggregator: putConfigurationAggregator,
  DescribeConfigurationAggregators: describeConfigurationAggregators,
  DeleteConfigurationAggregator: deleteConfigurationAggregator,
  DescribeConfigurationAggregatorSourcesStatus: describeSourcesStatus,
};
