import {
  CreateSubnetCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import { createOnce, WITHOUT_SDK_RETRIES } from '../aws/create-once.js';
import type { AccountTarget } from './model.js';
import { NETWORK_TAGS } from './network-plan.js';

/**
 * The network's creates. EC2 gives CreateVpc, CreateSubnet and CreateTransitGatewayVpcAttachment no
 * idempotency token, so each is sent by a client without SDK retries and, when its answer is lost, what
 * it would have made is looked up (the VPC by its baseline and CIDR tags, the subnet by VPC and CIDR, the
 * attachment by VPC and gateway) before it is sent again: a lost answer never leaves a twin.
 */
export interface NetworkCreates {
  vpc(cidr: string, tags: Record<string, string>): Promise<string | undefined>;
  subnet(vpcId: string, zone: string, cidr: string, tags: Record<string, string>): Promise<string | undefined>;
  attachment(
    transitGatewayId: string,
    vpcId: string,
    subnetIds: string[],
    tags: Record<string, string>,
  ): Promise<{ id: string; state: string }>;
}

export const tagList = (tags: Record<string, string>): Tag[] =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** Attachments in these states are history, not the VPC's attachment. */
const GONE = new Set(['deleting', 'deleted', 'failing', 'failed', 'rejecting', 'rejected']);

/** The creates of one account's network, in its home Region. */
export function networkCreates(target: AccountTarget): NetworkCreates {
  const region = target.run.baseline.homeRegion;
  const ec2 = target.aws.client(EC2Client, { region });
  const once = target.aws.client(EC2Client, { region, config: WITHOUT_SDK_RETRIES });
  return {
    vpc: (cidr, tags) =>
      createOnce(
        async () => {
          const { Vpc } = await once.send(
            new CreateVpcCommand({
              CidrBlock: cidr,
              TagSpecifications: [{ ResourceType: 'vpc', Tags: tagList(tags) }],
            }),
          );
          return Vpc?.VpcId;
        },
        async () => {
          const filters = [NETWORK_TAGS.baseline, NETWORK_TAGS.cidr].map((key) => ({
            Name: `tag:${key}`,
            Values: [tags[key] ?? ''],
          }));
          const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({ Filters: filters }));
          return Vpcs.find((vpc) => vpc.CidrBlock === cidr)?.VpcId;
        },
      ),
    subnet: (vpcId, zone, cidr, tags) =>
      createOnce(
        async () => {
          const { Subnet } = await once.send(
            new CreateSubnetCommand({
              VpcId: vpcId,
              CidrBlock: cidr,
              AvailabilityZone: zone,
              TagSpecifications: [{ ResourceType: 'subnet', Tags: tagList(tags) }],
            }),
          );
          return Subnet?.SubnetId;
        },
        async () => {
          const { Subnets = [] } = await ec2.send(
            new DescribeSubnetsCommand({
              Filters: [
                { Name: 'vpc-id', Values: [vpcId] },
                { Name: 'cidr-block', Values: [cidr] },
              ],
            }),
          );
          return Subnets[0]?.SubnetId;
        },
      ),
    attachment: (transitGatewayId, vpcId, subnetIds, tags) =>
      createOnce(
        async () => {
          const { TransitGatewayVpcAttachment: made } = await once.send(
            new CreateTransitGatewayVpcAttachmentCommand({
              TransitGatewayId: transitGatewayId,
              VpcId: vpcId,
              SubnetIds: subnetIds,
              TagSpecifications: [{ ResourceType: 'transit-gateway-attachment', Tags: tagList(tags) }],
            }),
          );
          return { id: made?.TransitGatewayAttachmentId ?? '', state: made?.State ?? '' };
        },
        async () => {
          const { TransitGatewayVpcAttachments = [] } = await ec2.send(
            new DescribeTransitGatewayVpcAttachmentsCommand({
              Filters: [
                { Name: 'vpc-id', Values: [vpcId] },
                { Name: 'transit-gateway-id', Values: [transitGatewayId] },
              ],
            }),
          );
          const found = TransitGatewayVpcAttachments.find((candidate) => !GONE.has(candidate.State ?? ''));
          return found && { id: found.TransitGatewayAttachmentId ?? '', state: found.State ?? '' };
        },
      ),
  };
}
