import { DescribeTransitGatewaysCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetBucketPolicyCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../aws/clients.js';
import { isAwsError, toAwsarchError } from '../../aws/aws-errors.js';
import { policyGrantsDelivery } from '../../baselines/log-archive.js';
import type { NetworkSpec } from '../spec.js';
import type { LiveOrganization, LivePrerequisites } from './model.js';

/** Clients acting in an account: the caller's own for the management account, else through the access role. */
export function clientsIn(aws: AwsClients, organization: LiveOrganization, accountId: string): AwsClients {
  return accountId === organization.organization.managementAccountId ? aws : aws.forAccount(accountId);
}

/** The bucket name with the organization filled in. */
export function bucketName(network: NetworkSpec, organizationId: string): string {
  return network.logArchive.bucket.replaceAll('{organizationId}', organizationId);
}

/** Path-style addressing for custom endpoints (the sandbox): http://127.0.0.1:port/bucket. */
export function s3Client(aws: AwsClients, region: string): S3Client {
  return aws.client(S3Client, { region, config: aws.target.endpoint ? { forcePathStyle: true } : undefined });
}

/** Finds the shared transit gateway by its Name tag in its owner's account. */
async function readTransitGateway(
  aws: AwsClients,
  network: NetworkSpec,
  ownerId: string,
): Promise<NonNullable<LivePrerequisites['transitGateway']>> {
  const ec2 = aws.client(EC2Client, { region: network.region });
  try {
    const { TransitGateways = [] } = await ec2.send(
      new DescribeTransitGatewaysCommand({
        Filters: [
          { Name: 'tag:Name', Values: [network.transitGateway.name] },
          { Name: 'owner-id', Values: [ownerId] },
          { Name: 'state', Values: ['available', 'pending'] },
        ],
      }),
    );
    const found = TransitGateways.find((tgw) => tgw.OwnerId === ownerId);
    return found ? { id: found.TransitGatewayId ?? '', ownerId, state: found.State ?? '' } : 'missing';
  } catch (error) {
    throw toAwsarchError(error, `Finding transit gateway ${network.transitGateway.name} in ${ownerId}`);
  }
}

async function readBucket(
  aws: AwsClients,
  network: NetworkSpec,
  name: string,
  ownerId: string,
): Promise<NonNullable<LivePrerequisites['bucket']>> {
  const s3 = s3Client(aws, network.region);
  const missing = { name, exists: false, deliveryAllowed: { cloudtrail: false, config: false } };
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name, ExpectedBucketOwner: ownerId }));
  } catch (error) {
    if (isAwsError(error, 'NotFound', 'NoSuchBucket')) return missing;
    throw toAwsarchError(error, `Reading bucket ${name}`);
  }
  let policy: string | undefined;
  try {
    policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: name, ExpectedBucketOwner: ownerId }))).Policy;
  } catch (error) {
    if (!isAwsError(error, 'NoSuchBucketPolicy')) throw toAwsarchError(error, `Reading the policy of bucket ${name}`);
  }
  return {
    name,
    exists: true,
    deliveryAllowed: {
      cloudtrail: policyGrantsDelivery(policy, 'cloudtrail.amazonaws.com'),
      config: policyGrantsDelivery(policy, 'config.amazonaws.com'),
    },
  };
}

/**
 * The network prerequisites the file declares, read in their accounts: the transit gateway and the
 * log-archive bucket. An account that does not exist yet has nothing to read (apply creates both).
 */
export async function readPrerequisites(
  aws: AwsClients,
  organization: LiveOrganization,
  network: NetworkSpec | undefined,
  accountIdOf: (reference: string) => string | undefined,
): Promise<LivePrerequisites> {
  if (!network) return {};
  const ownerId = accountIdOf(network.transitGateway.owner);
  const logArchiveId = accountIdOf(network.logArchive.account);
  const [transitGateway, bucket] = await Promise.all([
    ownerId ? readTransitGateway(clientsIn(aws, organization, ownerId), network, ownerId) : undefined,
    logArchiveId
      ? readBucket(
          clientsIn(aws, organization, logArchiveId),
          network,
          bucketName(network, organization.organization.id),
          logArchiveId,
        )
      : undefined,
  ]);
  return { ...(transitGateway ? { transitGateway } : {}), ...(bucket ? { bucket } : {}) };
}
