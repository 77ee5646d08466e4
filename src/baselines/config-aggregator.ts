import {
  ConfigServiceClient,
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  PutConfigurationAggregatorCommand,
  type ConfigurationAggregator,
} from '@aws-sdk/client-config-service';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  EnableAWSServiceAccessCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import pRetry from 'p-retry';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import type { ConfigAggregatorParams } from './definition.js';
import { preparedError, type Prepared } from './model.js';
import { accountLabel, clientsFor, resolveAccount, type BaselineRun } from './run-context.js';
import { decodePolicyDocument, policiesEqual, type PolicyDocument } from './trust-policy.js';

const CONFIG_PRINCIPAL = 'config.amazonaws.com';
/** The AWS managed policy AWS Config documents for an organization aggregator's role. */
export const AGGREGATOR_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations';

/** Where compliance is read: the organization aggregator, its account and Region. */
export interface ConfigAggregation {
  accountId: string;
  name: string;
  region: string;
}

interface Outcome {
  changes: string[];
  problems: string[];
}

const CONFIG_TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: CONFIG_PRINCIPAL }, Action: 'sts:AssumeRole' }],
};

/** A member account aggregates for the organization as Config's delegated administrator (trusted access first). */
async function ensureDelegatedAdministrator(
  run: BaselineRun,
  accountId: string,
  label: string,
  outcome: Outcome,
): Promise<void> {
  const orgs = run.ctx.aws.client(OrganizationsClient, { region: run.baseline.homeRegion });
  const access = await orgs.send(new ListAWSServiceAccessForOrganizationCommand({}));
  if (!access.EnabledServicePrincipals?.some((entry) => entry.ServicePrincipal === CONFIG_PRINCIPAL)) {
    outcome.changes.push('enable trusted access for AWS Config in the organization');
    if (run.mode === 'status') outcome.problems.push('trusted access for AWS Config is off');
    if (run.mode === 'apply')
      await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: CONFIG_PRINCIPAL }));
  }
  const { DelegatedAdministrators = [] } = await orgs.send(
    new ListDelegatedAdministratorsCommand({ ServicePrincipal: CONFIG_PRINCIPAL }),
  );
  if (DelegatedAdministrators.some((entry) => entry.Id === accountId)) return;
  outcome.changes.push(`register ${label} as delegated administrator for AWS Config`);
  if (run.mode === 'status') outcome.problems.push(`${label} is not a delegated administrator for AWS Config`);
  if (run.mode === 'apply')
    await orgs.send(
      new RegisterDelegatedAdministratorCommand({ AccountId: accountId, ServicePrincipal: CONFIG_PRINCIPAL }),
    );
}

/** The service role AWS Config assumes to list the organization's accounts. Returns its ARN. */
async function ensureAggregatorRole(
  run: BaselineRun,
  accountId: string,
  roleName: string,
  outcome: Outcome,
): Promise<string> {
  const iam = clientsFor(run, accountId).client(IAMClient, { region: run.baseline.homeRegion });
  const arn = `arn:aws:iam::${accountId}:role/${roleName}`;
  let role;
  try {
    role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
  } catch (error) {
    if (!isAwsError(error, 'NoSuchEntityException', 'NoSuchEntity')) throw error;
  }
  const trust = JSON.stringify(CONFIG_TRUST);
  if (!role) {
    outcome.changes.push(`create role ${roleName} for AWS Config with ${AGGREGATOR_POLICY_ARN.split('/').pop() ?? ''}`);
    if (run.mode === 'status') outcome.problems.push(`no role ${roleName} for the aggregator`);
    if (run.mode !== 'apply') return arn;
    await iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: trust,
        Description: 'AWS Config reads the organization for the awsarch organization aggregator',
        Tags: [{ Key: 'awsarch:baseline', Value: run.baseline.name }],
      }),
    );
  } else if (!policiesEqual(decodePolicyDocument(role.AssumeRolePolicyDocument) ?? { Statement: [] }, CONFIG_TRUST)) {
    outcome.changes.push(`restore the trust policy of ${roleName} (AWS Config only)`);
    if (run.mode === 'status') outcome.problems.push(`role ${roleName} does not trust AWS Config as configured`);
    if (run.mode === 'apply')
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: trust }));
  }
  const attached = role
    ? ((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies ?? [])
    : [];
  if (!attached.some((policy) => policy.PolicyArn === AGGREGATOR_POLICY_ARN)) {
    if (role) {
      outcome.changes.push(`attach ${AGGREGATOR_POLICY_ARN} to ${roleName}`);
      if (run.mode === 'status') outcome.problems.push(`role ${roleName} lacks AWSConfigRoleForOrganizations`);
    }
    if (run.mode === 'apply')
      await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: AGGREGATOR_POLICY_ARN }));
  }
  return arn;
}

function coversRegions(aggregator: ConfigurationAggregator, roleArn: string, regions: readonly string[]): boolean {
  const source = aggregator.OrganizationAggregationSource;
  if (!source || source.RoleArn !== roleArn) return false;
  return source.AllAwsRegions === true || regions.every((region) => source.AwsRegions?.includes(region));
}

/**
 * The `config` step's organization aggregator: in the named account (Config's delegated administrator unless
 * it is the management account), with its service role, over the baseline's Regions, read in the home Region.
 */
export async function prepareConfigAggregator(
  run: BaselineRun,
  params: ConfigAggregatorParams,
): Promise<Prepared<ConfigAggregation>> {
  let owner;
  try {
    owner = resolveAccount(run, params.account);
  } catch (error) {
    return preparedError(`Config aggregator account: ${(error as Error).message}`);
  }
  const label = accountLabel(owner);
  const region = run.baseline.homeRegion;
  const outcome: Outcome = { changes: [], problems: [] };
  const shared: ConfigAggregation = { accountId: owner.id, name: params.name, region };
  try {
    if (owner.id !== run.snapshot.organization.managementAccountId)
      await ensureDelegatedAdministrator(run, owner.id, label, outcome);
    const roleArn = await ensureAggregatorRole(run, owner.id, params.roleName, outcome);
    const config = clientsFor(run, owner.id).client(ConfigServiceClient, { region });
    const existing = await config
      .send(new DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: [params.name] }))
      .then((result) => result.ConfigurationAggregators?.[0])
      .catch((error: unknown) => {
        if (isAwsError(error, 'NoSuchConfigurationAggregatorException')) return undefined;
        throw error;
      });
    if (!existing || !coversRegions(existing, roleArn, run.baseline.regions)) {
      outcome.changes.push(
        `${existing ? 'update' : 'create'} organization aggregator ${params.name} in ${label} (${run.baseline.regions.join(', ')})`,
      );
      if (run.mode === 'status')
        outcome.problems.push(
          existing
            ? `aggregator ${params.name} does not cover ${run.baseline.regions.join(', ')} with role ${params.roleName}`
            : `no organization aggregator ${params.name}`,
        );
      if (run.mode === 'apply')
        // IAM is eventually consistent: a role created a moment ago may not be assumable by Config yet.
        await pRetry(
          () =>
            config.send(
              new PutConfigurationAggregatorCommand({
                ConfigurationAggregatorName: params.name,
                OrganizationAggregationSource: { RoleArn: roleArn, AwsRegions: run.baseline.regions },
              }),
            ),
          {
            retries: 5,
            minTimeout: 2000,
            factor: 2,
            signal: run.ctx.signal,
            shouldRetry: ({ error }) => isAwsError(error, 'InvalidRoleException'),
          },
        );
    } else {
      const { AggregatedSourceStatusList = [] } = await config.send(
        new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: params.name }),
      );
      for (const status of AggregatedSourceStatusList.filter((entry) => entry.LastUpdateStatus === 'FAILED'))
        outcome.problems.push(
          `aggregator ${params.name} cannot collect ${status.AwsRegion ?? ''}: ${status.LastErrorCode ?? ''} ${status.LastErrorMessage ?? ''}`.trim(),
        );
    }
  } catch (error) {
    return preparedError(toAwsarchError(error, `Preparing the Config aggregator in ${label}`).message, shared);
  }
  if (outcome.problems.length > 0)
    return {
      state: 'drift',
      summary: outcome.problems.join('; '),
      differences: outcome.problems,
      changes: outcome.changes,
      shared,
    };
  return {
    state: 'ok',
    summary: `organization aggregator ${params.name} in ${label}`,
    differences: [],
    changes: outcome.changes,
    shared,
  };
}
