import {
  CreateConfigurationPolicyCommand,
  CreateFindingAggregatorCommand,
  DescribeOrganizationConfigurationCommand,
  GetConfigurationPolicyAssociationCommand,
  GetConfigurationPolicyCommand,
  GetFindingAggregatorCommand,
  ListConfigurationPoliciesCommand,
  ListFindingAggregatorsCommand,
  SecurityHubClient,
  StartConfigurationPolicyAssociationCommand,
  UpdateConfigurationPolicyCommand,
  UpdateFindingAggregatorCommand,
  UpdateOrganizationConfigurationCommand,
} from '@aws-sdk/client-securityhub';
import { ERR } from '../core/error-codes.js';
import { AwsarchError } from '../core/errors.js';
import type { BaselineRun } from './run-context.js';
import { standardArn, standardIdOf, standardLabel } from './securityhub-standards.js';

/** What one organization-level part found: changes made (apply) or due (dry run, status), and problems seen. */
export interface PartOutcome {
  changes: string[];
  problems: string[];
}

/** The administrator's clients and facts the organization-level parts share. */
export interface AdministratorScope {
  run: BaselineRun;
  label: string;
  /** A client of the administrator account in a Region. */
  client(region: string): SecurityHubClient;
  homeRegion: string;
  linkedRegions: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));

/**
 * A finding aggregator in the home Region linking the other baseline Regions (cross-Region aggregation:
 * compliance reads findings there, and central configuration needs it). An aggregator homed elsewhere is
 * not moved: that needs deleting it, which changes where the organization's findings gather.
 */
export async function ensureFindingAggregator(scope: AdministratorScope): Promise<PartOutcome> {
  const { run, homeRegion, linkedRegions } = scope;
  const home = scope.client(homeRegion);
  const outcome: PartOutcome = { changes: [], problems: [] };
  const { FindingAggregators = [] } = await home.send(new ListFindingAggregatorsCommand({}));
  const arn = FindingAggregators[0]?.FindingAggregatorArn;
  const linking = `${homeRegion} <- ${linkedRegions.join(', ')}`;
  if (!arn) {
    outcome.changes.push(`aggregate findings across Regions (${linking})`);
    if (run.mode === 'status') outcome.problems.push(`no cross-Region aggregation (${linking})`);
    if (run.mode === 'apply')
      await home.send(
        new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: linkedRegions }),
      );
    return outcome;
  }
  const aggregator = await home.send(new GetFindingAggregatorCommand({ FindingAggregatorArn: arn }));
  if (aggregator.FindingAggregationRegion !== homeRegion)
    throw new AwsarchError(
      ERR.SECURITYHUB_AGGREGATION_REGION,
      `${scope.label} aggregates Security Hub findings in ${aggregator.FindingAggregationRegion ?? '?'}, not in the home Region ${homeRegion}`,
      {
        hint: `delete its finding aggregator in ${aggregator.FindingAggregationRegion ?? '?'} or make that the baseline's homeRegion`,
      },
    );
  const mode = aggregator.RegionLinkingMode;
  const linked = aggregator.Regions ?? [];
  const covers =
    mode === 'ALL_REGIONS' ||
    (mode === 'SPECIFIED_REGIONS' && linkedRegions.every((region) => linked.includes(region))) ||
    (mode === 'ALL_REGIONS_EXCEPT_SPECIFIED' && linkedRegions.every((region) => !linked.includes(region)));
  if (covers) return outcome;
  const regions = mode === 'SPECIFIED_REGIONS' ? [...new Set([...linked, ...linkedRegions])] : linkedRegions;
  outcome.changes.push(
    `link ${linkedRegions.filter((region) => !linked.includes(region)).join(', ') || linkedRegions.join(', ')} to the finding aggregator in ${homeRegion}`,
  );
  if (run.mode === 'status') outcome.problems.push(`the finding aggregator does not link ${linkedRegions.join(', ')}`);
  if (run.mode === 'apply')
    await home.send(
      new UpdateFindingAggregatorCommand({
        FindingAggregatorArn: arn,
        RegionLinkingMode: 'SPECIFIED_REGIONS',
        Regions: regions,
      }),
    );
  return outcome;
}

/** Central configuration in the home Region: AutoEnable off and no default standards, configuration policies take over. */
export async function ensureCentralConfiguration(scope: AdministratorScope): Promise<PartOutcome> {
  const { run, homeRegion } = scope;
  const home = scope.client(homeRegion);
  const outcome: PartOutcome = { changes: [], problems: [] };
  const current = await home.send(new DescribeOrganizationConfigurationCommand({}));
  if (current.OrganizationConfiguration?.ConfigurationType === 'CENTRAL') {
    if (current.OrganizationConfiguration.Status === 'FAILED')
      outcome.problems.push(
        `central configuration failed: ${current.OrganizationConfiguration.StatusMessage ?? 'no reason given'}`,
      );
    return outcome;
  }
  outcome.changes.push(`switch the organization to central configuration (home Region ${homeRegion})`);
  if (run.mode === 'status') outcome.problems.push('the organization uses local configuration, not central');
  if (run.mode === 'apply')
    await home.send(
      new UpdateOrganizationConfigurationCommand({
        AutoEnable: false,
        AutoEnableStandards: 'NONE',
        OrganizationConfiguration: { ConfigurationType: 'CENTRAL' },
      }),
    );
  return outcome;
}

/**
 * The baseline's configuration policy (Security Hub on, exactly these standards, every control) and its
 * association with the root, so every account, present and future, inherits it. Returns the policy id
 * (undefined in a dry run that would create it).
 */
export async function ensureConfigurationPolicy(
  scope: AdministratorScope,
  policy: { name: string; standards: readonly string[]; baseline: string },
): Promise<PartOutcome & { policyId?: string }> {
  const { run, homeRegion } = scope;
  const home = scope.client(homeRegion);
  const outcome: PartOutcome & { policyId?: string } = { changes: [], problems: [] };
  const wanted = policy.standards.map((id) => standardArn(id, homeRegion));
  const document = {
    SecurityHub: {
      ServiceEnabled: true,
      EnabledStandardIdentifiers: wanted,
      SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: [] },
    },
  };
  const summaries = [];
  let token: string | undefined;
  do {
    const page = await home.send(new ListConfigurationPoliciesCommand({ NextToken: token }));
    summaries.push(...(page.ConfigurationPolicySummaries ?? []));
    token = page.NextToken;
  } while (token);
  const existing = summaries.find((summary) => summary.Name === policy.name);
  const standardsText = policy.standards.map(standardLabel).join(' and ');
  if (!existing) {
    outcome.changes.push(`create configuration policy ${policy.name} (Security Hub on, ${standardsText})`);
    if (run.mode === 'status') outcome.problems.push(`no configuration policy ${policy.name}`);
    if (run.mode !== 'apply') return outcome;
    const created = await home.send(
      new CreateConfigurationPolicyCommand({
        Name: policy.name,
        Description: `Security Hub for every account: baseline ${policy.baseline} (awsarch)`,
        ConfigurationPolicy: document,
      }),
    );
    outcome.policyId = created.Id;
  } else {
    outcome.policyId = existing.Id;
    const detail = await home.send(new GetConfigurationPolicyCommand({ Identifier: existing.Id }));
    const hub =
      detail.ConfigurationPolicy && 'SecurityHub' in detail.ConfigurationPolicy
        ? detail.ConfigurationPolicy.SecurityHub
        : undefined;
    const enabled = (hub?.EnabledStandardIdentifiers ?? []).map((arn) => standardIdOf(arn) ?? arn);
    if (hub?.ServiceEnabled !== true || !sameSet(enabled, [...policy.standards])) {
      outcome.changes.push(`update configuration policy ${policy.name}: Security Hub on, ${standardsText}`);
      if (run.mode === 'status')
        outcome.problems.push(
          `configuration policy ${policy.name} ${hub?.ServiceEnabled !== true ? 'turns Security Hub off' : `enables ${enabled.map(standardLabel).join(', ') || 'no standard'}`}`,
        );
      if (run.mode === 'apply')
        await home.send(
          new UpdateConfigurationPolicyCommand({
            Identifier: existing.Id,
            ConfigurationPolicy: document,
            UpdatedReason: 'awsarch baseline',
          }),
        );
    }
  }
  const rootId = run.snapshot.root.id;
  const association =
    outcome.policyId === undefined
      ? undefined
      : await home.send(new GetConfigurationPolicyAssociationCommand({ Target: { RootId: rootId } }));
  if (association?.ConfigurationPolicyId === outcome.policyId && association?.AssociationType === 'APPLIED') {
    if (association.AssociationStatus === 'FAILED')
      outcome.problems.push(
        `the policy's association with the root failed: ${association.AssociationStatusMessage ?? 'no reason given'}`,
      );
    return outcome;
  }
  outcome.changes.push(`associate configuration policy ${policy.name} with the root (${rootId})`);
  if (run.mode === 'status')
    outcome.problems.push(
      association?.ConfigurationPolicyId && association.ConfigurationPolicyId !== outcome.policyId
        ? `the root is configured by ${association.ConfigurationPolicyId}, not ${policy.name}`
        : `configuration policy ${policy.name} is not associated with the root`,
    );
  if (run.mode === 'apply' && outcome.policyId)
    await home.send(
      new StartConfigurationPolicyAssociationCommand({
        ConfigurationPolicyIdentifier: outcome.policyId,
        Target: { RootId: rootId },
      }),
    );
  return outcome;
}
