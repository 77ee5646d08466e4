import { CreateTransitGatewayCommand, DescribeTransitGatewaysCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import pRetry from 'p-retry';
import { isAwsError } from '../../aws/aws-errors.js';
import { AwsarchError } from '../../core/errors.js';
import { ERR } from '../../core/error-codes.js';
import { bucketName, s3Client } from '../live/read-prerequisites.js';
import type { Change } from '../plan/model.js';
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from '../spec.js';
import { deliveryStatements, withDeliveryStatements } from './log-archive-policy.js';
import type { ApplyRun } from './run.js';

type ChangeOf<K extends Change['kind']> = Extract<Change, { kind: K }>;

/**
 * The shared transit gateway in its owner account (Name tag, awsarch:managed), found first so an
 * interrupted apply never creates a second one, then waited for until it is available. Attachments
 * from other accounts wait for acceptance (the network baseline accepts them as the owner).
 */
export async function createTransitGateway(run: ApplyRun, change: ChangeOf<'create-transit-gateway'>): Promise<string> {
  const ownerId = run.accountId(change.owner);
  const ec2 = run.clientsIn(ownerId).client(EC2Client, { region: change.region });
  const find = async () => {
    const { TransitGateways = [] } = await run.retrying(
      () =>
        ec2.send(
          new DescribeTransitGatewaysCommand({
            Filters: [
              { Name: 'tag:Name', Values: [change.name] },
              { Name: 'owner-id', Values: [ownerId] },
              { Name: 'state', Values: ['available', 'pending'] },
            ],
          }),
        ),
      run.timing.settleMs,
    );
    return TransitGateways[0];
  };
  let gateway = await find();
  if (!gateway) {
    const { TransitGateway } = await run.retrying(
      () =>
        ec2.send(
          new CreateTransitGatewayCommand({
            Description: 'Shared transit gateway of the landing zone (awsarch)',
            Options: {
              AmazonSideAsn: change.amazonSideAsn,
              AutoAcceptSharedAttachments: 'disable',
              DefaultRouteTableAssociation: 'enable',
              DefaultRouteTablePropagation: 'enable',
              DnsSupport: 'enable',
              VpnEcmpSupport: 'enable',
            },
            TagSpecifications: [
              {
                ResourceType: 'transit-gateway',
                Tags: [
                  { Key: 'Name', Value: change.name },
                  { Key: MANAGED_TAG_KEY, Value: MANAGED_TAG_VALUE },
                ],
              },
            ],
          }),
        ),
      run.timing.settleMs,
    );
    gateway = TransitGateway;
  }
  const id = gateway?.TransitGatewayId ?? '';
  if (gateway?.State !== 'available')
    await pRetry(
      async () => {
        const { TransitGateways = [] } = await ec2.send(
          new DescribeTransitGatewaysCommand({ TransitGatewayIds: [id] }),
        );
        const state = TransitGateways[0]?.State;
        if (state !== 'available') throw new Error(`transit gateway ${id} is ${state ?? 'not visible yet'}`);
      },
      { retries: 60, factor: 1.3, minTimeout: run.timing.pollMinMs, maxTimeout: 15_000, signal: run.ctx.signal },
    ).catch((error: unknown) => {
      throw new AwsarchError(ERR.TRANSIT_GATEWAY_NOT_AVAILABLE, `transit gateway ${id}: ${(error as Error).message}`, {
        hint: 're-run apply once it is available',
      });
    });
  return id;
}

/**
 * The log-archive bucket in its account, and the statements that let CloudTrail and AWS Config of
 * the organization deliver, added to whatever its policy already says.
 */
export async function ensureLogArchiveBucket(run: ApplyRun, change: ChangeOf<'log-archive-bucket'>): Promise<string> {
  const network = run.spec.network;
  if (!network) throw new AwsarchError(ERR.LANDING_ZONE_NO_NETWORK, 'the landing-zone file declares no network');
  const owner = run.accountId(change.account);
  const bucket = bucketName(network, run.organizationId);
  const s3 = s3Client(run.clientsIn(owner), change.region);
  if (change.create) {
    await run
      .retrying(
        () =>
          s3.send(
            new CreateBucketCommand({
              Bucket: bucket,
              ...(change.region === 'us-east-1'
                ? {}
                : { CreateBucketConfiguration: { LocationConstraint: change.region as BucketLocationConstraint } }),
            }),
          ),
        run.timing.settleMs,
      )
      .catch((error: unknown) => {
        if (!isAwsError(error, 'BucketAlreadyOwnedByYou')) throw error;
      });
  }
  let existing: string | undefined;
  try {
    existing = (
      await run.retrying(() => s3.send(new GetBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: owner })))
    ).Policy;
  } catch (error) {
    if (!isAwsError(error, 'NoSuchBucketPolicy')) throw error;
  }
  const policy = withDeliveryStatements(
    existing,
    deliveryStatements(bucket, run.organizationId, network.logArchive.keyPrefix),
  );
  await run.retrying(() =>
    s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy, ExpectedBucketOwner: owner })),
  );
  return `${bucket}${change.create ? ' created' : ''}, delivery allowed for CloudTrail and AWS Config`;
}
