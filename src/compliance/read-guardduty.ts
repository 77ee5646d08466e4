import {
  GetFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  type Finding,
} from '@aws-sdk/client-guardduty';
import { toAwsarchError } from '../aws/aws-errors.js';
import type { FindingsReading, ServiceFinding, Severity, SourceReading } from './model.js';
import { clientsIn, reachFix, type ReadScope } from './read-scope.js';
import { trackedCall, trackedEach, trackedPages, type Tracked } from './reads.js';

/** GuardDuty's bands: medium 4.0-6.9, high 7.0-8.9, critical 9.0-10.0 (low, below 4, is not counted). */
export function guardDutySeverity(score: number): Severity | undefined {
  return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : undefined;
}

/** Pure: a GuardDuty finding as the matrix counts it. */
export function fromGuardDuty(finding: Finding): ServiceFinding | undefined {
  const severity = guardDutySeverity(finding.Severity ?? 0);
  if (!severity) return undefined;
  const resource = finding.Resource;
  return {
    id: finding.Id ?? '',
    accountId: finding.AccountId ?? '',
    region: finding.Region ?? '',
    severity,
    title: finding.Title ?? finding.Type ?? '',
    resource:
      resource?.InstanceDetails?.InstanceId ??
      resource?.AccessKeyDetails?.UserName ??
      resource?.S3BucketDetails?.[0]?.Name ??
      resource?.ResourceType ??
      '',
    type: finding.Type,
  };
}

const GET_FINDINGS_BATCH = 50;

async function readRegion(
  scope: ReadScope,
  administrator: string,
  region: string,
  after: number,
): Promise<Tracked<{ members: string[]; findings: ServiceFinding[] } | undefined>> {
  const client = clientsIn(scope, administrator).client(GuardDutyClient, { region });
  const detectors = await trackedCall(after, () => client.send(new ListDetectorsCommand({})));
  const DetectorId = detectors.value.DetectorIds?.[0];
  if (!DetectorId) return { value: undefined, depth: detectors.depth };
  const criterion: Record<string, { Gte?: number; Eq?: string[] }> = {
    severity: { Gte: 4 },
    'service.archived': { Eq: ['false'] },
  };
  if (!scope.all && scope.accountIds.length <= 50) criterion.accountId = { Eq: scope.accountIds };
  const [members, ids] = await Promise.all([
    trackedPages(
      detectors.depth,
      (NextToken) => client.send(new ListMembersCommand({ DetectorId, OnlyAssociated: 'true', NextToken })),
      (page) => ({ items: page.Members, next: page.NextToken }),
    ),
    trackedPages(
      detectors.depth,
      (NextToken) =>
        client.send(
          new ListFindingsCommand({ DetectorId, FindingCriteria: { Criterion: criterion }, MaxResults: 50, NextToken }),
        ),
      (page) => ({ items: page.FindingIds, next: page.NextToken }),
    ),
  ]);
  const batches = Array.from({ length: Math.ceil(ids.value.length / GET_FINDINGS_BATCH) }, (_, index) =>
    ids.value.slice(index * GET_FINDINGS_BATCH, (index + 1) * GET_FINDINGS_BATCH),
  );
  const found = await trackedEach(batches, ids.depth, (FindingIds) =>
    trackedCall(ids.depth, () => client.send(new GetFindingsCommand({ DetectorId, FindingIds }))),
  );
  return {
    value: {
      members: (members.value ?? [])
        .filter((member) => member.RelationshipStatus === 'Enabled')
        .map((member) => member.AccountId ?? ''),
      findings: found.value.flatMap((page) => (page.Findings ?? []).flatMap((finding) => fromGuardDuty(finding) ?? [])),
    },
    depth: Math.max(members.depth, found.depth),
  };
}

/**
 * GuardDuty from its delegated administrator, in every Region given: its members and their findings at
 * medium or above (not archived), listed by id and fetched 50 at a time.
 */
export async function readGuardDutyFindings(
  scope: ReadScope,
  regions: readonly string[],
  after = 0,
): Promise<Tracked<SourceReading<FindingsReading>>> {
  const management = scope.aws.client(GuardDutyClient, { region: scope.homeRegion });
  let listed;
  try {
    listed = await trackedCall(after, () => management.send(new ListOrganizationAdminAccountsCommand({})));
  } catch (error) {
    return {
      value: {
        state: 'unavailable',
        problem: `GuardDuty: the administrator cannot be listed: ${toAwsarchError(error, 'ListOrganizationAdminAccounts').message}`,
        fix: 'run awsarch with credentials of the management account',
      },
      depth: after + 1,
    };
  }
  const administrator = listed.value.AdminAccounts?.find((entry) => entry.AdminStatus === 'ENABLED')?.AdminAccountId;
  if (!administrator)
    return {
      value: {
        state: 'unavailable',
        problem: 'GuardDuty has no delegated administrator',
        fix: 'designate one with `awsarch baseline apply --all` (its guardduty step makes the Security account the administrator)',
      },
      depth: listed.depth,
    };
  try {
    const perRegion = await trackedEach(regions, listed.depth, (region) =>
      readRegion(scope, administrator, region, listed.depth),
    );
    const read = perRegion.value.flatMap((entry, index) => (entry ? [{ ...entry, region: regions[index] ?? '' }] : []));
    const missing = regions.filter((_, index) => !perRegion.value[index]);
    return {
      value: {
        state: 'read',
        administrator,
        region: scope.homeRegion,
        notes: missing.length
          ? [`GuardDuty's administrator ${administrator} has no detector in ${missing.join(', ')}`]
          : [],
        data: {
          // Members in the home Region (the administrator's own account included).
          members: [administrator, ...(read.find((entry) => entry.region === scope.homeRegion)?.members ?? [])],
          findings: read.flatMap((entry) => entry.findings),
          regions: read.map((entry) => entry.region),
        },
      },
      depth: perRegion.depth,
    };
  } catch (error) {
    return {
      value: {
        state: 'unavailable',
        problem: `GuardDuty's administrator ${administrator} could not be read: ${toAwsarchError(error, 'Reading GuardDuty').message}`,
        fix: reachFix(administrator, error),
      },
      depth: listed.depth + 1,
    };
  }
}
