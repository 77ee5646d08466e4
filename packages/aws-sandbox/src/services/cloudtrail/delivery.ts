import type { SandboxState } from '../../state.js';
import { organizationOf } from '../organizations/service-access.js';
import { bucketAcceptsServiceLogs } from '../s3/bucket-policy.js';
import { findBucket } from '../s3/model.js';
import { trailArn, type TrailRecord } from './model.js';

/** CloudTrail delivers a trail's log files (and, with validation on, digest files) about every five minutes. */
export const DELIVERY_INTERVAL_MS = 5 * 60_000;

/** What CloudTrail last did when delivering a trail's logs: kept on the trail, brought up to date when read. */
export interface DeliveryRecord {
  /** The last delivery round (epoch ms), successful or not. */
  lastAttempt?: number;
  latestDeliveryTime?: number;
  latestDeliveryError?: string;
}

/** The S3 error CloudTrail meets when it writes the trail's logs to its bucket now, or undefined when it may. */
export function deliveryError(state: SandboxState, trail: TrailRecord): string | undefined {
  if (!findBucket(state, trail.s3BucketName)) return 'NoSuchBucket';
  const org = organizationOf(state, trail.accountId);
  const logOwner = trail.isOrganizationTrail && org ? `${org.id}/${trail.accountId}` : trail.accountId;
  const prefix = trail.s3KeyPrefix ? `${trail.s3KeyPrefix}/` : '';
  const accepted = bucketAcceptsServiceLogs(state, trail.s3BucketName, {
    servicePrincipal: 'cloudtrail.amazonaws.com',
    objectKey: `${prefix}AWSLogs/${logOwner}/CloudTrail/${trail.homeRegion}/log.json.gz`,
    context: {
      'aws:SourceAccount': trail.accountId,
      'aws:SourceArn': trailArn(trail),
      's3:x-amz-acl': 'bucket-owner-full-control',
      ...(org ? { 'aws:SourceOrgID': org.id } : {}),
    },
  });
  return accepted ? undefined : 'AccessDenied';
}

/**
 * Plays the delivery rounds due since the last read: every DELIVERY_INTERVAL_MS after logging started, up to
 * now (or until logging stopped). A round succeeds when the bucket exists and its policy lets CloudTrail
 * write; the policy is judged as it is now (the sandbox keeps no history of policies). Returns whether the
 * record changed.
 */
export function settleDeliveries(state: SandboxState, trail: TrailRecord & DeliveryRecord, now: number): boolean {
  if (trail.startLoggingTime === undefined) return false;
  const end = trail.isLogging ? now : Math.min(now, trail.stopLoggingTime ?? now);
  const rounds = Math.floor((end - trail.startLoggingTime) / DELIVERY_INTERVAL_MS);
  if (rounds < 1) return false;
  const latest = trail.startLoggingTime + rounds * DELIVERY_INTERVAL_MS;
  if (latest <= (trail.lastAttempt ?? 0)) return false;
  trail.lastAttempt = latest;
  const error = deliveryError(state, trail);
  if (error) trail.latestDeliveryError = error;
  else {
    trail.latestDeliveryTime = latest;
    delete trail.latestDeliveryError;
  }
  return true;
}
