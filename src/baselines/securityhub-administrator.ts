import {
  BatchGetConfigurationPolicyAssociationsCommand,
  DescribeHubCommand,
  DescribeOrganizationConfigurationCommand,
  EnableOrganizationAdminAccountCommand,
  EnableSecurityHubCommand,
  GetMembersCommand,
  ListOrganizationAdminAccountsCommand,
  SecurityHubClient,
  UpdateOrganizationConfigurationCommand,
} from '@aws-sdk/client-securityhub';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import { BatchLoader } from './batch-loader.js';
import type { SecurityHubParams } from './definition.js';
import { preparedError, type Prepared } from './model.js';
import { accountLabel, clientsFor, resolveAccount, type BaselineRun } from './run-context.js';
import {
  ensureCentralConfiguration,
  ensureConfigurationPolicy,
  ensureFindingAggregator,
  type AdministratorScope,
  type PartOutcome,
} from './securityhub-central.js';

/** The configuration an account has from central configuration, as the administrator sees it. */
export interface AccountAssociation {
  configurationPolicyId: string;
  associationType: string;
  status: string;
  message?: string;
}

/** The delegated administrator and how it manages the organization, shared by every account's read and apply. */
export interface SecurityHubAdministration {
  accountId: string;
  label: string;
  mode: 'central' | 'local';
  homeRegion: string;
  policyName: string;
  /** The central configuration policy; undefined in local mode and in a dry run that would create it. */
  policyId?: string;
  standards: string[];
  /** Per Region where the administrator has Security Hub: a batched view of its members. */
  members: Record<string, BatchLoader<{ memberStatus: string }>>;
  /** Central mode: a batched view of each account's configuration association (home Region). */
  associations?: BatchLoader<AccountAssociation>;
}

/** Security Hub's answer to an account where it is not enabled. */
export function isNotSubscribed(error: unknown): boolean {
  return isAwsError(error, 'InvalidAccessException') && /not subscribed/i.test((error as Error).message);
}

/** Per Region: the management account's designated administrator must be ours; its Security Hub must be on. */
async function prepareRegion(
  run: BaselineRun,
  administrator: { id: string; label: string },
  region: string,
): Promise<PartOutcome & { conflict?: string; hub: boolean }> {
  const apply = run.mode === 'apply';
  const management = run.ctx.aws.client(SecurityHubClient, { region });
  const admin = clientsFor(run, administrator.id).client(SecurityHubClient, { region });
  const outcome = { changes: [] as string[], problems: [] as string[], hub: false };
  const { AdminAccounts = [] } = await management.send(new ListOrganizationAdminAccountsCommand({}));
  const designated = AdminAccounts.find((entry) => entry.Status === 'ENABLED');
  if (designated && designated.AccountId !== administrator.id)
    return {
      ...outcome,
      conflict: `${region}: the Security Hub administrator is ${designated.AccountId ?? '?'}, not ${administrator.label}`,
    };
  if (!designated) {
    outcome.changes.push(`designate ${administrator.label} as Security Hub administrator in ${region}`);
    if (!apply) {
      if (run.mode === 'status')
        outcome.problems.push(`${region}: ${administrator.label} is not the Security Hub administrator`);
      return outcome;
    }
    await management.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: administrator.id }));
  }
  try {
    await admin.send(new DescribeHubCommand({}));
    return { ...outcome, hub: true };
  } catch (error) {
    if (!isNotSubscribed(error)) throw error;
  }
  outcome.changes.push(`enable Security Hub in ${administrator.label} in ${region}`);
  if (!apply) {
    if (run.mode === 'status') outcome.problems.push(`${region}: Security Hub is off in ${administrator.label}`);
    return outcome;
  }
  await admin
    .send(new EnableSecurityHubCommand({ EnableDefaultStandards: false, ControlFindingGenerator: 'SECURITY_CONTROL' }))
    .catch((error: unknown) => {
      if (!isAwsError(error, 'ResourceConflictException')) throw error;
    });
  return { ...outcome, hub: true };
}

/** Local configuration, per Region: new accounts join as members with Security Hub on and no default standards. */
async function ensureLocalConfiguration(scope: AdministratorScope, regions: string[]): Promise<PartOutcome> {
  const outcome: PartOutcome = { changes: [], problems: [] };
  for (const region of regions) {
    const admin = scope.client(region);
    const current = await admin.send(new DescribeOrganizationConfigurationCommand({}));
    const type = current.OrganizationConfiguration?.ConfigurationType ?? 'LOCAL';
    if (current.AutoEnable === true && current.AutoEnableStandards === 'NONE' && type === 'LOCAL') continue;
    outcome.changes.push(`enable new organization accounts automatically in ${region} (standards from the baseline)`);
    if (scope.run.mode === 'status')
      outcome.problems.push(
        `${region}: ${type === 'CENTRAL' ? 'the organization uses central configuration' : 'new accounts are not enabled automatically'}`,
      );
    if (scope.run.mode === 'apply')
      await admin.send(
        new UpdateOrganizationConfigurationCommand({
          AutoEnable: true,
          AutoEnableStandards: 'NONE',
          OrganizationConfiguration: { ConfigurationType: 'LOCAL' },
        }),
      );
  }
  return outcome;
}

function memberLoader(run: BaselineRun, client: SecurityHubClient): BatchLoader<{ memberStatus: string }> {
  return new BatchLoader(50, async (accountIds) => {
    const { Members = [] } = await client.send(new GetMembersCommand({ AccountIds: accountIds }));
    return new Map(Members.map((member) => [member.AccountId ?? '', { memberStatus: member.MemberStatus ?? '' }]));
  });
}

function associationLoader(run: BaselineRun, client: SecurityHubClient): BatchLoader<AccountAssociation> {
  return new BatchLoader<AccountAssociation>(50, async (accountIds) => {
    const { ConfigurationPolicyAssociations = [] } = await client.send(
      new BatchGetConfigurationPolicyAssociationsCommand({
        ConfigurationPolicyAssociationIdentifiers: accountIds.map((AccountId) => ({ Target: { AccountId } })),
      }),
    );
    return new Map(
      ConfigurationPolicyAssociations.map((entry) => [
        entry.TargetId ?? '',
        {
          configurationPolicyId: entry.ConfigurationPolicyId ?? '',
          associationType: entry.AssociationType ?? '',
          status: entry.AssociationStatus ?? '',
          message: entry.AssociationStatusMessage,
        },
      ]),
    );
  });
}

/**
 * The organization-level half of the Security Hub step, once per run: the delegated administrator in every
 * Region with Security Hub on, cross-Region aggregation into the home Region, and either central
 * configuration (a policy with the baseline's standards on the root) or local configuration (new accounts
 * enabled automatically; each account's standards set by the account-level half).
 */
export async function prepareSecurityHub(
  run: BaselineRun,
  params: SecurityHubParams,
): Promise<Prepared<SecurityHubAdministration>> {
  let administrator;
  try {
    administrator = resolveAccount(run, params.administrator);
  } catch (error) {
    return preparedError(`Security Hub administrator: ${(error as Error).message}`);
  }
  const label = accountLabel(administrator);
  const { homeRegion, regions } = run.baseline;
  const linkedRegions = regions.filter((region) => region !== homeRegion);
  const management = administrator.id === run.snapshot.organization.managementAccountId;
  if (params.configuration === 'central' && management)
    return preparedError(
      `central configuration needs a Security Hub administrator that is not the management account; name another account or set configuration: local`,
    );
  // AWS: central configuration needs a home Region and at least one linked Region.
  const mode = params.configuration === 'central' && linkedRegions.length > 0 ? 'central' : 'local';
  const policyName = params.policyName ?? `awsarch-${run.baseline.name}`;
  const scope: AdministratorScope = {
    run,
    label,
    client: (region) => clientsFor(run, administrator.id).client(SecurityHubClient, { region }),
    homeRegion,
    linkedRegions,
  };
  const changes: string[] = [];
  const problems: string[] = [];
  let policyId: string | undefined;
  let hubRegions: string[] = [];
  try {
    const outcomes = await Promise.all(
      regions.map((region) => prepareRegion(run, { id: administrator.id, label }, region)),
    );
    const conflicts = outcomes.flatMap((outcome) => (outcome.conflict ? [outcome.conflict] : []));
    if (conflicts.length > 0)
      return { state: 'error', summary: conflicts.join('; '), differences: conflicts, changes: [] };
    for (const outcome of outcomes) {
      changes.push(...outcome.changes);
      problems.push(...outcome.problems);
    }
    hubRegions = regions.filter((_, index) => outcomes[index]?.hub);
    if (hubRegions.includes(homeRegion)) {
      const parts: Array<() => Promise<PartOutcome & { policyId?: string }>> = [
        ...(linkedRegions.length > 0 ? [() => ensureFindingAggregator(scope)] : []),
        ...(mode === 'central'
          ? [
              () => ensureCentralConfiguration(scope),
              () =>
                ensureConfigurationPolicy(scope, {
                  name: policyName,
                  standards: params.standards,
                  baseline: run.baseline.name,
                }),
            ]
          : [() => ensureLocalConfiguration(scope, hubRegions)]),
      ];
      for (const part of parts) {
        const outcome = await part();
        changes.push(...outcome.changes);
        problems.push(...outcome.problems);
        policyId ??= outcome.policyId;
      }
    }
  } catch (error) {
    return preparedError(toAwsarchError(error, `Preparing Security Hub with administrator ${label}`).message);
  }
  const shared: SecurityHubAdministration = {
    accountId: administrator.id,
    label,
    mode,
    homeRegion,
    policyName,
    policyId,
    standards: params.standards,
    members: Object.fromEntries(hubRegions.map((region) => [region, memberLoader(run, scope.client(region))])),
    ...(mode === 'central' && hubRegions.includes(homeRegion)
      ? { associations: associationLoader(run, scope.client(homeRegion)) }
      : {}),
  };
  const how =
    mode === 'central'
      ? `central configuration, policy ${policyName} on the root`
      : `local configuration${params.configuration === 'central' ? ' (central needs two or more Regions)' : ''}`;
  if (problems.length > 0)
    return {
      state: problems.length >= regions.length && hubRegions.length === 0 ? 'missing' : 'drift',
      summary: problems.join('; '),
      differences: problems,
      changes,
      shared,
    };
  return {
    state: 'ok',
    summary: `administrator ${label}, ${how}, ${regions.length} Region(s)`,
    differences: [],
    changes,
    shared,
  };
}
