import { organizationsState } from '../services/organizations/model.js';
import { putBucket } from '../services/s3/model.js';
import type { SandboxState } from '../state.js';
import type { SandboxSeed } from './seed.js';
import { SeedPreconditionError } from './seed.js';
import { ensureSharedTransitGateway, networkAccountId } from './shared-transit-gateway.js';

export const LOG_ARCHIVE_ACCOUNT_NAME = 'Log Archive';

/** The bucket name templates/baselines/default.yaml expects: awsarch-log-archive-{organizationId}. */
export function logArchiveBucketName(organizationId: string): string {
  return `awsarch-log-archive-${organizationId}`;
}

/** A bucket policy that lets CloudTrail and AWS Config of every account of the organization deliver to AWSLogs/. */
export function logArchiveBucketPolicy(bucket: string, organizationId: string): string {
  const inOrganization = { 'aws:SourceOrgID': organizationId };
  const ownerControl = { 's3:x-amz-acl': 'bucket-owner-full-control', ...inOrganization };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { StringEquals: inOrganization },
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/AWSLogs/*`,
        Condition: { StringEquals: ownerControl },
      },
      {
        Sid: 'AWSConfigBucketPermissionsCheck',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { StringEquals: inOrganization },
      },
      {
        Sid: 'AWSConfigBucketDelivery',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/AWSLogs/*/Config/*`,
        Condition: { StringEquals: ownerControl },
      },
    ],
  });
}

function accountNamed(state: SandboxState, name: string): string | undefined {
  return Object.values(organizationsState(state).accounts).find((account) => account.Name === name)?.Id;
}

/**
 * What the account baselines need from outside the member accounts: the shared transit gateway (in
 * "Shared Services") and the log-archive bucket with its policy (in "Log Archive"). The GuardDuty
 * delegated administrator is left to `awsarch baseline apply`, which designates it per region.
 */
export const networkSeed: SandboxSeed = {
  name: 'network',
  description: 'the shared transit gateway and the log-archive bucket that `awsarch baseline` builds on',
  apply(state, env) {
    const organization = organizationsState(state).organization;
    if (!organization)
      throw new SeedPreconditionError(
        'the network seed needs an organization: run `awsarch --sandbox org init` (and vend the accounts) first',
      );
    const summary = { created: [] as string[], existing: [] as string[] };
    const { transitGateway, created } = ensureSharedTransitGateway(state, env);
    (created ? summary.created : summary.existing).push(
      `transit gateway ${transitGateway.transitGatewayId} (Name=awsarch-shared-tgw) in account ${transitGateway.ownerId}${transitGateway.ownerId === networkAccountId(state) && transitGateway.ownerId !== state.managementAccountId ? ' (Shared Services)' : ''}`,
    );
    const logArchive = accountNamed(state, LOG_ARCHIVE_ACCOUNT_NAME) ?? state.managementAccountId;
    const name = logArchiveBucketName(organization.Id);
    const bucket = putBucket(state, {
      name,
      accountId: logArchive,
      region: env.region,
      createdAt: new Date(env.now).toISOString(),
      policy: logArchiveBucketPolicy(name, organization.Id),
    });
    (bucket.created ? summary.created : summary.existing).push(
      `bucket ${name} in account ${bucket.bucket.accountId}${logArchive !== state.managementAccountId ? ' (Log Archive)' : ''}, writable by CloudTrail and Config of the organization`,
    );
    return summary;
  },
};
