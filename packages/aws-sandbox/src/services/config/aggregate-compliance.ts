import type { SandboxState } from '../../state.js';
import type { HandlerContext, OperationHandler } from '../../types.js';
import { organizationsState } from '../organizations/model.js';
import { aggregatorNamed, aggregatorRegions, organizationSourceProblem } from './aggregators.js';
import { configError, type AggregatorRecord, type EvaluationRecord } from './model.js';
import { configPage, evaluationResultView, resultsOf, ruleCompliance, rulesIn } from './rules.js';

/** One rule of one source account and Region, with its results. */
interface AggregatedRule {
  rule: string;
  accountId: string;
  region: string;
  results: EvaluationRecord[];
}

/**
 * What an organization aggregator has collected: every rule with results in every account of the
 * organization (the management account included) and every source Region. Nothing while Config cannot
 * read the organization through the aggregator's role (its sources then report FAILED).
 */
function aggregatedRules(state: SandboxState, record: AggregatorRecord): AggregatedRule[] {
  if (organizationSourceProblem(state, record)) return [];
  const org = organizationsState(state);
  const accounts = [
    ...new Set([...(org.organization ? [org.organization.MasterAccountId] : []), ...Object.keys(org.accounts)]),
  ].filter((id) => (org.accounts[id]?.State ?? 'ACTIVE') === 'ACTIVE');
  const collected: AggregatedRule[] = [];
  for (const accountId of accounts.sort())
    for (const region of aggregatorRegions(state, record))
      for (const rule of rulesIn(state, accountId, region)) {
        const results = resultsOf(state, accountId, region, rule.name);
        if (results.length > 0) collected.push({ rule: rule.name, accountId, region, results });
      }
  return collected;
}

function limitOf(value: unknown, max: number, fallback: number): number {
  if (value === undefined || value === 0) return fallback;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 0 || limit > max)
    throw configError('InvalidLimitException', `The limit must be between 0 and ${max}.`);
  return limit;
}

/** Config supports only COMPLIANT and NON_COMPLIANT in these filters. */
function complianceFilter(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value !== 'COMPLIANT' && value !== 'NON_COMPLIANT')
    throw configError('InvalidParameterValueException', 'ComplianceType must be COMPLIANT or NON_COMPLIANT.');
  return value;
}

const describeAggregateComplianceByConfigRules: OperationHandler = (input, ctx) => {
  const record = aggregatorNamed(ctx, input.ConfigurationAggregatorName);
  const filters = (input.Filters ?? {}) as Record<string, unknown>;
  const type = complianceFilter(filters.ComplianceType);
  const entries = aggregatedRules(ctx.state, record)
    .filter(
      (entry) =>
        (filters.ConfigRuleName === undefined || entry.rule === filters.ConfigRuleName) &&
        (filters.AccountId === undefined || entry.accountId === filters.AccountId) &&
        (filters.AwsRegion === undefined || entry.region === filters.AwsRegion),
    )
    .map((entry) => ({
      ConfigRuleName: entry.rule,
      Compliance: ruleCompliance(entry.results),
      AccountId: entry.accountId,
      AwsRegion: entry.region,
    }))
    .filter((entry) => type === undefined || entry.Compliance.ComplianceType === type);
  const page = configPage(entries, input.NextToken, limitOf(input.Limit, 1000, 1000));
  return { AggregateComplianceByConfigRules: page.items, NextToken: page.nextToken };
};

/** Counts of rules, capped at 25 as Config caps rule counts (CapExceeded beyond). */
function capped(count: number) {
  return { CappedCount: Math.min(count, 25), CapExceeded: count > 25 };
}

const getAggregateConfigRuleComplianceSummary: OperationHandler = (input, ctx) => {
  const record = aggregatorNamed(ctx, input.ConfigurationAggregatorName);
  const filters = (input.Filters ?? {}) as Record<string, unknown>;
  const key = input.GroupByKey;
  if (key !== undefined && key !== 'ACCOUNT_ID' && key !== 'AWS_REGION')
    throw configError('ValidationException', 'GroupByKey must be ACCOUNT_ID or AWS_REGION.');
  const groups = new Map<string, { compliant: number; nonCompliant: number }>();
  for (const entry of aggregatedRules(ctx.state, record)) {
    if (filters.AccountId !== undefined && entry.accountId !== filters.AccountId) continue;
    if (filters.AwsRegion !== undefined && entry.region !== filters.AwsRegion) continue;
    const group = key === 'ACCOUNT_ID' ? entry.accountId : key === 'AWS_REGION' ? entry.region : '';
    const counts = groups.get(group) ?? { compliant: 0, nonCompliant: 0 };
    const compliance = ruleCompliance(entry.results).ComplianceType;
    if (compliance === 'COMPLIANT') counts.compliant += 1;
    if (compliance === 'NON_COMPLIANT') counts.nonCompliant += 1;
    groups.set(group, counts);
  }
  const summaries = [...groups].map(([group, counts]) => ({
    ...(group === '' ? {} : { GroupName: group }),
    ComplianceSummary: {
      CompliantResourceCount: capped(counts.compliant),
      NonCompliantResourceCount: capped(counts.nonCompliant),
      ComplianceSummaryTimestamp: new Date(ctx.now()),
    },
  }));
  const page = configPage(summaries, input.NextToken, limitOf(input.Limit, 1000, 1000));
  return { GroupByKey: key, AggregateComplianceCounts: page.items, NextToken: page.nextToken };
};

function required(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '')
    throw configError(
      'ValidationException',
      `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

const getAggregateComplianceDetailsByConfigRule: OperationHandler = (input, ctx: HandlerContext) => {
  const record = aggregatorNamed(ctx, input.ConfigurationAggregatorName);
  const rule = required(input, 'ConfigRuleName');
  const accountId = required(input, 'AccountId');
  const region = required(input, 'AwsRegion');
  const type = complianceFilter(input.ComplianceType);
  const entry = aggregatedRules(ctx.state, record).find(
    (candidate) => candidate.rule === rule && candidate.accountId === accountId && candidate.region === region,
  );
  const results = (entry?.results ?? []).filter((result) => type === undefined || result.complianceType === type);
  const page = configPage(results, input.NextToken, limitOf(input.Limit, 100, 50));
  return {
    AggregateEvaluationResults: page.items.map((result) => {
      const { EvaluationResultIdentifier, ComplianceType, ResultRecordedTime, ConfigRuleInvokedTime, Annotation } =
        evaluationResultView(rule, result);
      return {
        EvaluationResultIdentifier,
        ComplianceType,
        ResultRecordedTime,
        ConfigRuleInvokedTime,
        Annotation,
        AccountId: accountId,
        AwsRegion: region,
      };
    }),
    NextToken: page.nextToken,
  };
};

/** Compliance across the accounts and Regions of an aggregator. */
export const aggregateComplianceOperations: Record<string, OperationHandler> = {
  DescribeAggregateComplianceByConfigRules: describeAggregateComplianceByConfigRules,
  GetAggregateConfigRuleComplianceSummary: getAggregateConfigRuleComplianceSummary,
  GetAggregateComplianceDetailsByConfigRule: getAggregateComplianceDetailsByConfigRule,
};
