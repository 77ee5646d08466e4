import {
  AcceptTransitGatewayVpcAttachmentCommand,
  CreateSubnetCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DeleteTransitGatewayVpcAttachmentCommand,
  DeleteVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcsCommand,
  EC2Client,
  ModifyTransitGatewayVpcAttachmentCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, test } from 'vitest';
import { applySeed } from '../src/seeds/apply-seed.js';
import { clientConfig, failureOf, startTestSandbox } from './helpers.js';
import { shareWithOrganization } from './fixtures/ram-share.js';
import { testOrganization } from './fixtures/member-accounts.js';

describe('sandbox EC2: VPCs, subnets and availability zones', () => {
  test('creates a tagged VPC with subnets across zones and finds them by tag and VPC', async () => {
    const sandbox = await startTestSandbox();
    const ec2 = new EC2Client(clientConfig(sandbox, {}));
    const zones = (await ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones ?? [];
    expect(zones.map((zone) => [zone.ZoneName, zone.ZoneId, zone.State])).toEqual([
      ['us-east-1a', 'use1-az1', 'available'],
      ['us-east-1b', 'use1-az2', 'available'],
      ['us-east-1c', 'use1-az3', 'available'],
      ['us-east-1d', 'use1-az4', 'available'],
      ['us-east-1e', 'use1-az5', 'available'],
      ['us-east-1f', 'use1-az6', 'available'],
    ]);
    const { Vpc } = await ec2.send(
      new CreateVpcCommand({
        CidrBlock: '10.4.0.0/16',
        TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'awsarch:cidr-pool', Value: '10.0.0.0/8' }] }],
      }),
    );
    expect(Vpc).toMatchObject({
      CidrBlock: '10.4.0.0/16',
      State: 'available',
      IsDefault: false,
      OwnerId: '123456789012',
    });
    const vpcId = Vpc?.VpcId ?? '';
    const subnet = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.4.0.0/20', AvailabilityZone: 'us-east-1b' }),
    );
    expect(subnet.Subnet).toMatchObject({
      AvailabilityZone: 'us-east-1b',
      AvailabilityZoneId: 'use1-az2',
      AvailableIpAddressCount: 4091,
      VpcId: vpcId,
    });
    await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.4.16.0/20', AvailabilityZoneId: 'use1-az3' }),
    );

    expect(
      (
        await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag-key', Values: ['awsarch:cidr-pool'] }] }))
      ).Vpcs?.map((vpc) => vpc.VpcId),
    ).toEqual([vpcId]);
    const subnets =
      (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets ?? [];
    expect(subnets.map((candidate) => [candidate.CidrBlock, candidate.AvailabilityZone]).sort()).toEqual([
      ['10.4.0.0/20', 'us-east-1b'],
      ['10.4.16.0/20', 'us-east-1c'],
    ]);
  });

  test("answers EC2's errors for ranges, conflicts, zones, missing ids and dependencies", async () => {
    const sandbox = await startTestSandbox();
    const ec2 = new EC2Client(clientConfig(sandbox, {}));
    expect(await failureOf(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' })))).toMatchObject({
      name: 'InvalidVpc.Range',
    });
    expect(await failureOf(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.1/16' })))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc?.VpcId ?? '';
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.1.0.0/20', AvailabilityZone: 'us-east-1a' }));
    expect(
      await failureOf(
        ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.1.8.0/24', AvailabilityZone: 'us-east-1a' })),
      ),
    ).toMatchObject({ name: 'InvalidSubnet.Conflict' });
    expect(
      await failureOf(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.2.0.0/20' }))),
    ).toMatchObject({ name: 'InvalidSubnet.Range' });
    expect(
      await failureOf(
        ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.1.32.0/20', AvailabilityZone: 'us-east-1z' })),
      ),
    ).toMatchObject({ name: 'InvalidParameterValue' });
    expect(await failureOf(ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0123456789abcdef0'] })))).toMatchObject({
      name: 'InvalidVpcID.NotFound',
    });
    expect(await failureOf(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).toMatchObject({
      name: 'DependencyViolation',
    });
    for (let i = 0; i < 4; i++) await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${10 + i}.0.0/16` }));
    expect(await failureOf(ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' })))).toMatchObject({
      name: 'VpcLimitExceeded',
    });
  });
});

describe('sandbox EC2: transit gateway VPC attachments', () => {
  test('a member VPC attaches to the shared transit gateway, waits for acceptance by its owner, then gets default routing', async () => {
    const sandbox = await startTestSandbox();
    const org = await testOrganization(sandbox, ['Shared Services', 'Dev']);
    await applySeed(sandbox.stateDir, 'network', 'us-east-1');
    const owner = new EC2Client(await org.as(org.accounts['Shared Services'] ?? ''));
    const dev = new EC2Client(await org.as(org.accounts.Dev ?? ''));
    const nameFilter = { Filters: [{ Name: 'tag:Name', Values: ['awsarch-shared-tgw'] }] };
    // Another account's transit gateway is not there for Dev until its owner shares it through AWS RAM.
    expect((await dev.send(new DescribeTransitGatewaysCommand(nameFilter))).TransitGateways).toEqual([]);
    const [seeded] = (await owner.send(new DescribeTransitGatewaysCommand(nameFilter))).TransitGateways ?? [];
    await shareWithOrganization(sandbox, org, org.accounts['Shared Services'] ?? '', [seeded?.TransitGatewayArn ?? '']);
    const [tgw] =
      (
        await dev.send(
          new DescribeTransitGatewaysCommand({ Filters: [{ Name: 'tag:Name', Values: ['awsarch-shared-tgw'] }] }),
        )
      ).TransitGateways ?? [];
    expect(tgw?.OwnerId).toBe(org.accounts['Shared Services']);

    const vpcId = (await dev.send(new CreateVpcCommand({ CidrBlock: '10.7.0.0/16' }))).Vpc?.VpcId ?? '';
    const a =
      (
        await dev.send(
          new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.7.0.0/20', AvailabilityZone: 'us-east-1a' }),
        )
      ).Subnet?.SubnetId ?? '';
    const a2 =
      (
        await dev.send(
          new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.7.16.0/20', AvailabilityZone: 'us-east-1a' }),
        )
      ).Subnet?.SubnetId ?? '';
    const b =
      (
        await dev.send(
          new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.7.32.0/20', AvailabilityZone: 'us-east-1b' }),
        )
      ).Subnet?.SubnetId ?? '';
    expect(
      await failureOf(
        dev.send(
          new CreateTransitGatewayVpcAttachmentCommand({
            TransitGatewayId: tgw?.TransitGatewayId,
            VpcId: vpcId,
            SubnetIds: [a, a2],
          }),
        ),
      ),
    ).toMatchObject({ name: 'DuplicateSubnetsInSameZone' });

    const { TransitGatewayVpcAttachment: created } = await dev.send(
      new CreateTransitGatewayVpcAttachmentCommand({
        TransitGatewayId: tgw?.TransitGatewayId,
        VpcId: vpcId,
        SubnetIds: [a],
      }),
    );
    expect(created).toMatchObject({
      State: 'pendingAcceptance',
      VpcId: vpcId,
      VpcOwnerId: org.accounts.Dev,
      SubnetIds: [a],
      Options: { DnsSupport: 'enable', ApplianceModeSupport: 'disable' },
    });
    const attachmentId = created?.TransitGatewayAttachmentId ?? '';
    expect(
      await failureOf(
        dev.send(
          new CreateTransitGatewayVpcAttachmentCommand({
            TransitGatewayId: tgw?.TransitGatewayId,
            VpcId: vpcId,
            SubnetIds: [b],
          }),
        ),
      ),
    ).toMatchObject({ name: 'DuplicateTransitGatewayAttachment' });
    expect(
      await failureOf(
        dev.send(new AcceptTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: attachmentId })),
      ),
    ).toMatchObject({ name: 'InvalidTransitGatewayAttachmentID.NotFound' });
    expect(
      await failureOf(
        dev.send(
          new ModifyTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: attachmentId, AddSubnetIds: [b] }),
        ),
      ),
    ).toMatchObject({ name: 'IncorrectState' });

    expect(
      (
        await owner.send(
          new DescribeTransitGatewayVpcAttachmentsCommand({
            Filters: [{ Name: 'state', Values: ['pendingAcceptance'] }],
          }),
        )
      ).TransitGatewayVpcAttachments?.map((attachment) => attachment.TransitGatewayAttachmentId),
    ).toEqual([attachmentId]);
    const accepted = await owner.send(
      new AcceptTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: attachmentId }),
    );
    expect(accepted.TransitGatewayVpcAttachment?.State).toBe('available');
    const [generic] =
      (await owner.send(new DescribeTransitGatewayAttachmentsCommand({ TransitGatewayAttachmentIds: [attachmentId] })))
        .TransitGatewayAttachments ?? [];
    expect(generic).toMatchObject({
      ResourceType: 'vpc',
      ResourceId: vpcId,
      Association: { TransitGatewayRouteTableId: tgw?.Options?.AssociationDefaultRouteTableId, State: 'associated' },
    });

    await dev.send(
      new ModifyTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: attachmentId, AddSubnetIds: [b] }),
    );
    expect(
      (
        await dev.send(
          new DescribeTransitGatewayVpcAttachmentsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
        )
      ).TransitGatewayVpcAttachments?.[0]?.SubnetIds,
    ).toEqual([a, b]);
    expect(await failureOf(dev.send(new DeleteSubnetCommand({ SubnetId: a })))).toMatchObject({
      name: 'DependencyViolation',
    });
    await dev.send(new DeleteTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: attachmentId }));
    expect((await dev.send(new DescribeTransitGatewayVpcAttachmentsCommand({}))).TransitGatewayVpcAttachments).toEqual(
      [],
    );
    await dev.send(new DeleteSubnetCommand({ SubnetId: a }));
  });

  test("the owner's own VPCs attach at once", async () => {
    const sandbox = await startTestSandbox();
    const org = await testOrganization(sandbox, ['Shared Services']);
    await applySeed(sandbox.stateDir, 'network', 'us-east-1');
    const owner = new EC2Client(await org.as(org.accounts['Shared Services'] ?? ''));
    const [tgw] = (await owner.send(new DescribeTransitGatewaysCommand({}))).TransitGateways ?? [];
    const vpcId = (await owner.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc?.VpcId ?? '';
    const subnet =
      (await owner.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.9.0.0/20' }))).Subnet?.SubnetId ?? '';
    const { TransitGatewayVpcAttachment } = await owner.send(
      new CreateTransitGatewayVpcAttachmentCommand({
        TransitGatewayId: tgw?.TransitGatewayId,
        VpcId: vpcId,
        SubnetIds: [subnet],
      }),
    );
    expect(TransitGatewayVpcAttachment?.State).toBe('available');
  });
});
