import {
  DeleteSubnetCommand,
  DeleteTransitGatewayVpcAttachmentCommand,
  DeleteVpcCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  type EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import pRetry from 'p-retry';
import { isAwsError } from '../aws/aws-errors.js';
import type { AccountTarget } from './model.js';
import { NETWORK_TAGS, type DuplicateVpc } from './network-plan.js';

const GONE = new Set(['deleted', 'deleting', 'rejected', 'failed']);

const tagMap = (tags: Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));

/** The subnets and transit gateway attachments of a VPC (read only when the pool holds more than one VPC). */
export async function readVpcContents(
  target: AccountTarget,
  ec2: EC2Client,
  vpc: { id: string; cidr: string; tags: Record<string, string> },
): Promise<DuplicateVpc> {
  const [{ Subnets = [] }, { TransitGatewayVpcAttachments = [] }] = await Promise.all([
    ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.id] }] })),
    ec2.send(new DescribeTransitGatewayVpcAttachmentsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.id] }] })),
  ]);
  return {
    ...vpc,
    subnets: Subnets.map((subnet) => ({
      id: subnet.SubnetId ?? '',
      baseline: tagMap(subnet.Tags)[NETWORK_TAGS.subnet] === 'private',
    })),
    attachments: TransitGatewayVpcAttachments.filter((attachment) => !GONE.has(attachment.State ?? '')).map(
      (attachment) => ({
        id: attachment.TransitGatewayAttachmentId ?? '',
        state: attachment.State ?? '',
        transitGatewayId: attachment.TransitGatewayId,
      }),
    ),
  };
}

/**
 * Deletes a duplicate VPC the plan proved to be the baseline's own: its attachments first (their
 * network interfaces hold the subnets), then, once AWS has removed them, its subnets and the VPC.
 */
export async function deleteDuplicateVpc(target: AccountTarget, ec2: EC2Client, vpc: DuplicateVpc): Promise<void> {
  for (const attachment of vpc.attachments) {
    await ec2
      .send(new DeleteTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: attachment.id }))
      .catch((error: unknown) => {
        if (!isAwsError(error, 'InvalidTransitGatewayAttachmentID.NotFound')) throw error;
      });
  }
  if (vpc.attachments.length > 0) {
    await pRetry(
      async () => {
        const { TransitGatewayVpcAttachments = [] } = await ec2.send(
          new DescribeTransitGatewayVpcAttachmentsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.id] }] }),
        );
        const remaining = TransitGatewayVpcAttachments.filter((attachment) => attachment.State !== 'deleted');
        if (remaining.length > 0)
          throw new Error(`the attachments of ${vpc.id} are still ${remaining.map((a) => a.State).join(', ')}`);
      },
      { retries: 30, factor: 1.5, minTimeout: 500, maxTimeout: 15_000, signal: target.run.ctx.signal },
    );
  }
  for (const subnet of vpc.subnets) await ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.id }));
  await ec2.send(new DeleteVpcCommand({ VpcId: vpc.id }));
}
