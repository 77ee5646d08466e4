import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { toAwsarchError } from '../aws/aws-errors.js';
import type { LoggingReading, TrailReading } from './model.js';
import { clientsIn, type ReadScope } from './read-scope.js';
import { trackedCall, trackedEach, type Tracked } from './reads.js';

const iso = (date: Date | undefined) => date?.toISOString();

/**
 * One account's trails as it sees them in the home Region (organization trails included), each with its
 * status. CloudTrail has no organization-wide status API, so this is the one read made account by account.
 */
async function readAccount(scope: ReadScope, accountId: string, after: number): Promise<Tracked<LoggingReading>> {
  const client = clientsIn(scope, accountId).client(CloudTrailClient, { region: scope.homeRegion });
  try {
    const described = await trackedCall(after, () =>
      client.send(new DescribeTrailsCommand({ includeShadowTrails: true })),
    );
    const covering = (described.value.trailList ?? []).filter(
      (trail) => trail.IsMultiRegionTrail || trail.HomeRegion === scope.homeRegion,
    );
    const statuses = await trackedEach(covering, described.depth, (trail: Trail) =>
      trackedCall(described.depth, () =>
        client.send(new GetTrailStatusCommand({ Name: trail.TrailARN ?? trail.Name })),
      ),
    );
    const trails: TrailReading[] = covering.map((trail, index) => {
      const status = statuses.value[index];
      return {
        name: trail.Name ?? '',
        arn: trail.TrailARN ?? '',
        homeRegion: trail.HomeRegion ?? scope.homeRegion,
        bucket: trail.S3BucketName,
        multiRegion: trail.IsMultiRegionTrail === true,
        organizationTrail: trail.IsOrganizationTrail === true,
        validation: trail.LogFileValidationEnabled === true,
        logging: status?.IsLogging === true,
        latestDelivery: iso(status?.LatestDeliveryTime),
        latestDeliveryError: status?.LatestDeliveryError || undefined,
        stoppedAt: status?.IsLogging ? undefined : iso(status?.StopLoggingTime),
      };
    });
    return { value: { trails }, depth: statuses.depth };
  } catch (error) {
    return { value: { error: toAwsarchError(error, `Reading the trails of ${accountId}`).message }, depth: after + 1 };
  }
}

/** The trails of every selected account, all at once within CloudTrail's bound. */
export async function readLogging(scope: ReadScope, after = 0): Promise<Tracked<Record<string, LoggingReading>>> {
  const read = await trackedEach(scope.accountIds, after, (accountId) => readAccount(scope, accountId, after));
  return {
    value: Object.fromEntries(
      scope.accountIds.map((accountId, index) => [accountId, read.value[index] ?? { error: '' }]),
    ),
    depth: read.depth,
  };
}
