import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  DescribeConfigurationAggregatorsCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  type AggregateComplianceByConfigRule,
  type ConfigurationAggregator,
} from '@aws-sdk/client-config-service';
import { ListDelegatedAdministratorsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { toAwsarchError } from '../aws/aws-errors.js';
import type { AggregatedRule, ConfigReading, SourceReading } from './model.js';
import { clientsIn, reachFix, type ReadScope } from './read-scope.js';
import { trackedCall, trackedEach, trackedPages, type Tracked } from './reads.js';

const CONFIG_PRINCIPAL = 'config.amazonaws.com';
const SECURITY_HUB_RULE = /^securityhub-/;

/** Pure: a rule of the aggregate compliance listing. */
export function fromAggregate(entry: AggregateComplianceByConfigRule): AggregatedRule {
  return {
    rule: entry.ConfigRuleName ?? '',
    accountId: entry.AccountId ?? '',
    region: entry.AwsRegion ?? '',
    compliance: (entry.Compliance?.ComplianceType ?? 'INSUFFICIENT_DATA') as AggregatedRule['compliance'],
    nonCompliantResources: entry.Compliance?.ComplianceContributorCount?.CappedCount,
  };
}

interface Found {
  accountId: string;
  aggregator: ConfigurationAggregator;
}

/** Organization aggregators in the home Region of the given accounts (Config's delegated administrators first). */
async function findAggregator(
  scope: ReadScope,
  candidates: string[],
  after: number,
): Promise<Tracked<Found | undefined>> {
  const listed = await trackedEach(candidates, after, async (accountId) => {
    const client = clientsIn(scope, accountId).client(ConfigServiceClient, { region: scope.homeRegion });
    const pages = await trackedPages(
      after,
      (NextToken) => client.send(new DescribeConfigurationAggregatorsCommand({ NextToken })),
      (page) => ({ items: page.ConfigurationAggregators, next: page.NextToken }),
    );
    return { value: pages.value.filter((entry) => entry.OrganizationAggregationSource), depth: pages.depth };
  });
  for (const [index, aggregators] of listed.value.entries()) {
    const aggregator = aggregators[0];
    if (aggregator) return { value: { accountId: candidates[index] ?? '', aggregator }, depth: listed.depth };
  }
  return { value: undefined, depth: listed.depth };
}

/** The aggregator's Regions (all enabled Regions: the home Region stands for them in a read). */
export function aggregatorRegions(aggregator: ConfigurationAggregator, homeRegion: string): string[] {
  const source = aggregator.OrganizationAggregationSource;
  return source?.AllAwsRegions || !source?.AwsRegions?.length ? [homeRegion] : source.AwsRegions;
}

async function readAggregator(
  scope: ReadScope,
  found: Found,
  detailBudget: number,
  after: number,
): Promise<Tracked<ConfigReading>> {
  const client = clientsIn(scope, found.accountId).client(ConfigServiceClient, { region: scope.homeRegion });
  const name = found.aggregator.ConfigurationAggregatorName ?? '';
  // One chain of pages per Region the aggregator names, side by side (all Regions: one chain).
  const source = found.aggregator.OrganizationAggregationSource;
  const regions: Array<string | undefined> = source?.AllAwsRegions ? [undefined] : (source?.AwsRegions ?? [undefined]);
  const [rules, sources] = await Promise.all([
    trackedEach(regions, after, (AwsRegion) =>
      trackedPages(
        after,
        (NextToken) =>
          client.send(
            new DescribeAggregateComplianceByConfigRulesCommand({
              ConfigurationAggregatorName: name,
              Filters: AwsRegion ? { AwsRegion } : undefined,
              Limit: 1000,
              NextToken,
            }),
          ),
        (page) => ({ items: page.AggregateComplianceByConfigRules, next: page.NextToken }),
      ),
    ).then((read) => ({ value: read.value.flat(), depth: read.depth })),
    trackedCall(after, () =>
      client.send(
        new DescribeConfigurationAggregatorSourcesStatusCommand({
          ConfigurationAggregatorName: name,
          UpdateStatus: ['FAILED'],
        }),
      ),
    ),
  ]);
  const selected = new Set(scope.accountIds);
  const all = rules.value.map(fromAggregate).filter((rule) => selected.has(rule.accountId));
  // A resource for the worst items: Security Hub's rules are listed as its findings, so only the others.
  const needing = all
    .filter((rule) => rule.compliance === 'NON_COMPLIANT' && !SECURITY_HUB_RULE.test(rule.rule))
    .slice(0, detailBudget);
  const details = await trackedEach(needing, rules.depth, (rule) =>
    trackedCall(rules.depth, () =>
      client.send(
        new GetAggregateComplianceDetailsByConfigRuleCommand({
          ConfigurationAggregatorName: name,
          ConfigRuleName: rule.rule,
          AccountId: rule.accountId,
          AwsRegion: rule.region,
          ComplianceType: 'NON_COMPLIANT',
          Limit: 1,
        }),
      ),
    ),
  );
  details.value.forEach((detail, index) => {
    const qualifier = detail.AggregateEvaluationResults?.[0]?.EvaluationResultIdentifier?.EvaluationResultQualifier;
    const rule = needing[index];
    if (rule && qualifier?.ResourceId)
      rule.sampleResource = `${qualifier.ResourceType ?? ''} ${qualifier.ResourceId}`.trim();
  });
  return {
    value: {
      aggregator: name,
      rules: all,
      failedSources: (sources.value.AggregatedSourceStatusList ?? []).map((status) =>
        `${status.SourceId ?? ''} ${status.AwsRegion ?? ''}: ${status.LastErrorCode ?? ''} ${status.LastErrorMessage ?? ''}`.trim(),
      ),
    },
    depth: Math.max(details.depth, sources.depth),
  };
}

/**
 * AWS Config from the organization aggregator: in Config's delegated administrators (or the management
 * account), the first organization aggregator of the home Region, every rule of every account by compliance.
 */
export async function readConfigCompliance(
  scope: ReadScope,
  detailBudget: number,
  after = 0,
): Promise<Tracked<{ reading: SourceReading<ConfigReading>; regions: string[] }>> {
  const orgs = scope.aws.client(OrganizationsClient, { region: scope.homeRegion });
  let depth = after;
  try {
    const delegated = await trackedPages(
      after,
      (NextToken) =>
        orgs.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: CONFIG_PRINCIPAL, NextToken })),
      (page) => ({ items: page.DelegatedAdministrators, next: page.NextToken }),
    );
    depth = delegated.depth;
    const candidates = [...delegated.value.map((entry) => entry.Id ?? '').filter(Boolean), scope.managementAccountId];
    const found = await findAggregator(scope, [...new Set(candidates)], delegated.depth);
    depth = found.depth;
    if (!found.value)
      return {
        value: {
          reading: {
            state: 'unavailable',
            problem: `AWS Config has no organization aggregator in ${scope.homeRegion} (looked in ${candidates.join(', ')})`,
            fix: 'create it with `awsarch baseline apply --all` (the config step puts one in the Security account)',
          },
          regions: [scope.homeRegion],
        },
        depth,
      };
    const reading = await readAggregator(scope, found.value, detailBudget, found.depth);
    const failed = reading.value.failedSources;
    return {
      value: {
        reading: {
          state: 'read',
          administrator: found.value.accountId,
          region: scope.homeRegion,
          notes: failed.length ? [`the Config aggregator cannot collect: ${failed.join('; ')}`] : [],
          data: reading.value,
        },
        regions: aggregatorRegions(found.value.aggregator, scope.homeRegion),
      },
      depth: reading.depth,
    };
  } catch (error) {
    const message = toAwsarchError(error, 'Reading the Config aggregator').message;
    const account = /\b(\d{12})\b/.exec(message)?.[1];
    return {
      value: {
        reading: {
          state: 'unavailable',
          problem: `AWS Config's organization aggregator could not be read: ${message}`,
          fix: account ? reachFix(account, error) : 'run awsarch with credentials of the management account',
        },
        regions: [scope.homeRegion],
      },
      depth: depth + 1,
    };
  }
}
