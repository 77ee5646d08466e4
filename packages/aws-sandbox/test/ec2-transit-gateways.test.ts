import {
  CreateTagsCommand,
  CreateTransitGatewayCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewaysCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { clientConfig, startTestSandbox } from './helpers.js';

describe('sandbox EC2: transit gateways', () => {
  it('creates a transit gateway with its default route table and finds it by id and tag', async () => {
    const sandbox = await startTestSandbox();
    const ec2 = new EC2Client(clientConfig(sandbox, {}));
    const { TransitGateway: created } = await ec2.send(
      new CreateTransitGatewayCommand({
        Description: 'shared',
        Options: { AmazonSideAsn: 64600 },
        TagSpecifications: [{ ResourceType: 'transit-gateway', Tags: [{ Key: 'Name', Value: 'core' }] }],
      }),
    );
    expect(created?.TransitGatewayId).toMatch(/^tgw-[0-9a-f]{17}$/);
    expect(created?.Options).toMatchObject({
      AmazonSideAsn: 64600,
      DefaultRouteTableAssociation: 'enable',
      DefaultRouteTablePropagation: 'enable',
    });
    expect(created?.Options?.AssociationDefaultRouteTableId).toMatch(/^tgw-rtb-[0-9a-f]{17}$/);
    expect(created?.TransitGatewayArn).toBe(
      `arn:aws:ec2:us-east-1:123456789012:transit-gateway/${created?.TransitGatewayId}`,
    );

    const byTag = await ec2.send(
      new DescribeTransitGatewaysCommand({ Filters: [{ Name: 'tag:Name', Values: ['core'] }] }),
    );
    expect(byTag.TransitGateways?.map((tgw) => tgw.TransitGatewayId)).toEqual([created?.TransitGatewayId]);
    expect(byTag.TransitGateways?.[0]?.CreationTime).toBeInstanceOf(Date);
    const none = await ec2.send(
      new DescribeTransitGatewaysCommand({ Filters: [{ Name: 'tag:Name', Values: ['other'] }] }),
    );
    expect(none.TransitGateways).toEqual([]);

    await ec2.send(
      new CreateTagsCommand({
        Resources: [created?.TransitGatewayId ?? ''],
        Tags: [{ Key: 'team', Value: 'network' }],
      }),
    );
    const retagged = await ec2.send(
      new DescribeTransitGatewaysCommand({ TransitGatewayIds: [created?.TransitGatewayId ?? ''] }),
    );
    expect(retagged.TransitGateways?.[0]?.Tags).toEqual([
      { Key: 'Name', Value: 'core' },
      { Key: 'team', Value: 'network' },
    ]);
    expect((await ec2.send(new DescribeTransitGatewayAttachmentsCommand({}))).TransitGatewayAttachments).toEqual([]);
  });

  it('answers AWS errors for unknown ids and bad ASNs', async () => {
    const sandbox = await startTestSandbox();
    const ec2 = new EC2Client(clientConfig(sandbox, {}));
    await expect(
      ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: ['tgw-0123456789abcdef0'] })),
    ).rejects.toMatchObject({ name: 'InvalidTransitGatewayID.NotFound' });
    await expect(ec2.send(new CreateTransitGatewayCommand({ Options: { AmazonSideAsn: 100 } }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await expect(
      ec2.send(new CreateTagsCommand({ Resources: ['vpc-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] })),
    ).rejects.toMatchObject({ name: 'InvalidVpcID.NotFound' });
  });
});
