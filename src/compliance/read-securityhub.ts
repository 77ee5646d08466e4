import {
  GetFindingAggregatorCommand,
  GetFindingsCommand,
  ListFindingAggregatorsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
} from '@aws-sdk/client-securityhub';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import type { FindingsReading, ServiceFinding, Severity, SourceReading } from './model.js';
import { clientsIn, reachFix, type ReadScope } from './read-scope.js';
import { trackedCall, trackedEach, trackedPages, type Tracked } from './reads.js';

const COUNTED: Record<string, Severity> = { CRITICAL: 'critical', HIGH: 'high', MEDIUM: 'medium' };
/** AwsSecurityFindingFilters take at most 20 values per attribute. */
const MAX_FILTER_VALUES = 20;

/**
 * Active, unresolved findings at medium or above. GuardDuty's own findings, which it also sends to Security
 * Hub, are left out here: the GuardDuty column counts them once, from GuardDuty's administrator.
 */
export function findingFilters(scope: Pick<ReadScope, 'accountIds' | 'all'>): AwsSecurityFindingFilters {
  const filters: AwsSecurityFindingFilters = {
    RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
    WorkflowStatus: ['NEW', 'NOTIFIED'].map((Value) => ({ Value, Comparison: 'EQUALS' as const })),
    SeverityLabel: Object.keys(COUNTED).map((Value) => ({ Value, Comparison: 'EQUALS' as const })),
    ProductName: [{ Value: 'GuardDuty', Comparison: 'NOT_EQUALS' }],
  };
  if (!scope.all && scope.accountIds.length <= MAX_FILTER_VALUES)
    filters.AwsAccountId = scope.accountIds.map((Value) => ({ Value, Comparison: 'EQUALS' as const }));
  return filters;
}

/** Pure: a Security Hub finding as the matrix counts it, or undefined below medium. */
export function fromSecurityHub(finding: AwsSecurityFinding): ServiceFinding | undefined {
  const severity = COUNTED[finding.Severity?.Label ?? ''];
  if (!severity) return undefined;
  return {
    id: finding.Id ?? '',
    accountId: finding.AwsAccountId ?? '',
    region: finding.Region ?? finding.Resources?.[0]?.Region ?? '',
    severity,
    title: finding.Title ?? '',
    resource: finding.Resources?.[0]?.Id ?? '',
    type: finding.Compliance?.SecurityControlId,
  };
}

type Reading = SourceReading<FindingsReading>;

async function readFromAdministrator(
  scope: ReadScope,
  administrator: string,
  after: number,
): Promise<Tracked<Reading>> {
  const client = clientsIn(scope, administrator).client(SecurityHubClient, { region: scope.homeRegion });
  const [members, aggregators] = await Promise.all([
    trackedPages(
      after,
      (NextToken) => client.send(new ListMembersCommand({ OnlyAssociated: true, NextToken })),
      (page) => ({ items: page.Members, next: page.NextToken }),
    ),
    trackedCall(after, () => client.send(new ListFindingAggregatorsCommand({}))),
  ]);
  const aggregatorArn = aggregators.value.FindingAggregators?.[0]?.FindingAggregatorArn;
  const linked = aggregatorArn
    ? await trackedCall(aggregators.depth, () =>
        client.send(new GetFindingAggregatorCommand({ FindingAggregatorArn: aggregatorArn })),
      )
    : undefined;
  // One chain of pages per severity, side by side: fewer rounds within GetFindings' low rate (3 a second).
  const filters = findingFilters(scope);
  const findings = await trackedEach(filters.SeverityLabel ?? [], after, (label) =>
    trackedPages(
      after,
      (NextToken) =>
        client.send(
          new GetFindingsCommand({ Filters: { ...filters, SeverityLabel: [label] }, MaxResults: 100, NextToken }),
        ),
      (page) => ({ items: page.Findings, next: page.NextToken }),
    ),
  ).then((read) => ({ value: read.value.flat(), depth: read.depth }));
  const aggregated = linked?.value.FindingAggregationRegion === scope.homeRegion;
  const regions = aggregated ? [scope.homeRegion, ...(linked.value.Regions ?? [])] : [scope.homeRegion];
  const notes = aggregated
    ? []
    : [
        `Security Hub aggregates no other Region into ${scope.homeRegion}: only ${scope.homeRegion}'s findings are counted`,
      ];
  return {
    value: {
      state: 'read',
      administrator,
      region: scope.homeRegion,
      notes,
      data: {
        members: [
          administrator,
          ...(members.value ?? [])
            .filter((member) => member.MemberStatus === 'Enabled')
            .map((member) => member.AccountId ?? ''),
        ],
        findings: findings.value.flatMap((finding) => fromSecurityHub(finding) ?? []),
        regions: [...new Set(regions)],
      },
    },
    depth: Math.max(members.depth, linked?.depth ?? 0, findings.depth),
  };
}

/**
 * Security Hub from its delegated administrator, in the home Region (where cross-Region aggregation
 * gathers the linked Regions): which accounts are its members and their findings at medium or above.
 */
export async function readSecurityHubFindings(scope: ReadScope, after = 0): Promise<Tracked<Reading>> {
  const management = scope.aws.client(SecurityHubClient, { region: scope.homeRegion });
  let listed;
  try {
    listed = await trackedCall(after, () => management.send(new ListOrganizationAdminAccountsCommand({})));
  } catch (error) {
    return {
      value: {
        state: 'unavailable',
        problem: `Security Hub: the administrator cannot be listed in ${scope.homeRegion}: ${toAwsarchError(error, 'ListOrganizationAdminAccounts').message}`,
        fix: isAwsError(error, 'InvalidAccessException')
          ? 'enable Security Hub in the management account and designate the Security account: `awsarch baseline apply --all` (step securityhub)'
          : 'run awsarch with credentials of the management account',
      },
      depth: after + 1,
    };
  }
  const administrator = listed.value.AdminAccounts?.find((entry) => entry.Status === 'ENABLED')?.AccountId;
  if (!administrator)
    return {
      value: {
        state: 'unavailable',
        problem: `Security Hub has no delegated administrator in ${scope.homeRegion}`,
        fix: 'designate one with `awsarch baseline apply --all` (its securityhub step makes the Security account the administrator)',
      },
      depth: listed.depth,
    };
  try {
    return await readFromAdministrator(scope, administrator, listed.depth);
  } catch (error) {
    return {
      value: {
        state: 'unavailable',
        problem: `Security Hub's administrator ${administrator} could not be read: ${toAwsarchError(error, 'Reading Security Hub').message}`,
        fix: reachFix(administrator, error),
      },
      depth: listed.depth + 1,
    };
  }
}
