import {
  AcceptTransitGatewayVpcAttachmentCommand,
  CreateTagsCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  EC2Client,
  ModifyTransitGatewayVpcAttachmentCommand,
} from '@aws-sdk/client-ec2';
import pRetry from 'p-retry';
import { ERR } from '../core/error-codes.js';
import { AwsarchError } from '../core/errors.js';
import type { AccountTarget } from './model.js';
import { networkCreates, tagList } from './network-create.js';
import { deleteDuplicateVpc } from './network-duplicates.js';
import { NETWORK_TAGS, vpcTags, type NetworkChange, type NetworkCurrent, type NetworkDesired } from './network-plan.js';
import type { SharedTransitGateway } from './network-transit-gateway.js';
import { clientsFor } from './run-context.js';

/** A new cross-account attachment is pending for a moment before it awaits acceptance. */
async function settledAttachmentState(target: AccountTarget, ec2: EC2Client, attachmentId: string): Promise<string> {
  return pRetry(
    async () => {
      const { TransitGatewayVpcAttachments = [] } = await ec2.send(
        new DescribeTransitGatewayVpcAttachmentsCommand({ TransitGatewayAttachmentIds: [attachmentId] }),
      );
      const state = TransitGatewayVpcAttachments[0]?.State ?? '';
      if (state === 'pending' || state === 'initiating' || state === 'initiatingRequest')
        throw new Error(`attachment ${attachmentId} is still ${state}`);
      return state;
    },
    { retries: 20, factor: 1.5, minTimeout: 500, maxTimeout: 10_000, signal: target.run.ctx.signal },
  );
}

/** Creates what the plan lists, in order, resolving the ids of what it creates along the way. */
export async function applyNetwork(
  target: AccountTarget,
  changes: NetworkChange[],
  desired: NetworkDesired,
  tgw: SharedTransitGateway,
  current: NetworkCurrent,
): Promise<string | undefined> {
  const ec2 = target.aws.client(EC2Client, { region: target.run.baseline.homeRegion });
  const create = networkCreates(target);
  let vpcId = current.vpc?.id;
  const subnetByZone = new Map(
    current.subnets.filter((subnet) => subnet.baseline).map((subnet) => [subnet.zone, subnet.id]),
  );
  let attachment = current.attachment && { id: current.attachment.id, state: current.attachment.state };
  const baselineTag = { [NETWORK_TAGS.baseline]: desired.baselineName };
  for (const change of changes) {
    if (change.action === 'create-vpc') {
      if (!change.cidr) throw new AwsarchError(ERR.NETWORK_NO_CIDR, 'no CIDR was allocated for the VPC');
      const cidr = change.cidr;
      vpcId = await create.vpc(cidr, vpcTags(desired, cidr));
    } else if (change.action === 'tag-vpc') {
      await ec2.send(new CreateTagsCommand({ Resources: [vpcId ?? ''], Tags: tagList(change.tags) }));
    } else if (change.action === 'create-subnet') {
      const tags = {
        Name: `${desired.vpcName}-private-${change.zone}`,
        [NETWORK_TAGS.subnet]: 'private',
        ...baselineTag,
      };
      subnetByZone.set(change.zone, (await create.subnet(vpcId ?? '', change.zone, change.cidr, tags)) ?? '');
    } else if (change.action === 'create-attachment') {
      const subnetIds = change.zones.map((zone) => subnetByZone.get(zone) ?? '');
      attachment = await create.attachment(desired.transitGatewayId, vpcId ?? '', subnetIds, {
        Name: desired.vpcName,
        ...baselineTag,
      });
    } else if (change.action === 'accept-attachment') {
      if (!attachment) throw new AwsarchError(ERR.NETWORK_NO_ATTACHMENT, 'there is no attachment to accept');
      const state =
        attachment.state === 'pendingAcceptance'
          ? attachment.state
          : await settledAttachmentState(target, ec2, attachment.id);
      if (state !== 'pendingAcceptance') continue;
      const attachmentId = attachment.id;
      const owner = clientsFor(target.run, tgw.ownerId).client(EC2Client, { region: target.run.baseline.homeRegion });
      await owner.send(new AcceptTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: attachmentId }));
    } else if (change.action === 'delete-duplicate-vpc') {
      await deleteDuplicateVpc(target, ec2, change.vpc);
    } else {
      const addSubnetIds = change.addZones.map((zone) => subnetByZone.get(zone) ?? '');
      const attachmentId = attachment?.id;
      await ec2.send(
        new ModifyTransitGatewayVpcAttachmentCommand({
          TransitGatewayAttachmentId: attachmentId,
          AddSubnetIds: addSubnetIds,
        }),
      );
    }
  }
  return vpcId;
}
