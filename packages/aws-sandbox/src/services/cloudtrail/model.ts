import { SandboxServiceError } from '../../errors.js';
import { serviceState, type SandboxState } from '../../state.js';

/** A trail; it lives in its home region and, when multi-region, shows as a shadow trail in every other. */
export interface TrailRecord {
  name: string;
  accountId: string;
  homeRegion: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  snsTopicName?: string;
  includeGlobalServiceEvents: boolean;
  isMultiRegionTrail: boolean;
  logFileValidationEnabled: boolean;
  isOrganizationTrail: boolean;
  kmsKeyId?: string;
  isLogging: boolean;
  startLoggingTime?: number;
  stopLoggingTime?: number;
  createdAt: number;
  /** TagsList of CreateTrail (AddTags/RemoveTags are not modelled). */
  tags?: Array<{ Key: string; Value?: string }>;
}

/** state.services.cloudtrail: every trail of every account, by trail ARN. */
export interface CloudTrailState {
  trails: Record<string, TrailRecord>;
}

export function cloudTrailState(state: SandboxState): CloudTrailState {
  return serviceState<CloudTrailState>(state, 'cloudtrail', () => ({ trails: {} }));
}

export function trailArn(trail: Pick<TrailRecord, 'homeRegion' | 'accountId' | 'name'>): string {
  return `arn:aws:cloudtrail:${trail.homeRegion}:${trail.accountId}:trail/${trail.name}`;
}

/** The Trail structure of DescribeTrails. */
export function trailView(trail: TrailRecord) {
  return {
    Name: trail.name,
    S3BucketName: trail.s3BucketName,
    S3KeyPrefix: trail.s3KeyPrefix,
    SnsTopicName: trail.snsTopicName,
    SnsTopicARN: trail.snsTopicName
      ? `arn:aws:sns:${trail.homeRegion}:${trail.accountId}:${trail.snsTopicName}`
      : undefined,
    IncludeGlobalServiceEvents: trail.includeGlobalServiceEvents,
    IsMultiRegionTrail: trail.isMultiRegionTrail,
    HomeRegion: trail.homeRegion,
    TrailARN: trailArn(trail),
    LogFileValidationEnabled: trail.logFileValidationEnabled,
    KmsKeyId: trail.kmsKeyId,
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
    IsOrganizationTrail: trail.isOrganizationTrail,
  };
}

/**
 * CloudTrail's JSON endpoint answers every client error with HTTP 400 (e.g. "GetTrailStatus, https response error
 * StatusCode: 400 … TrailNotFoundException"); the 404/403 in newer SDK models come from its query-protocol codes.
 */
export function cloudTrailError(code: string, message: string): SandboxServiceError {
  return new SandboxServiceError(code, message, { status: 400 });
}

export function trailNotFound(accountId: string, region: string, nameOrArn: string): SandboxServiceError {
  const arn = nameOrArn.startsWith('arn:') ? nameOrArn : `arn:aws:cloudtrail:${region}:${accountId}:trail/${nameOrArn}`;
  return cloudTrailError('TrailNotFoundException', `Unknown trail: ${arn} for the user: ${accountId}`);
}
