import {
  AcceptTransitGatewayVpcAttachmentCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DescribeTransitGatewaysCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  AcceptResourceShareInvitationCommand,
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  EnableSharingWithAwsOrganizationCommand,
  GetResourceShareAssociationsCommand,
  GetResourceShareInvitationsCommand,
  GetResourceSharesCommand,
  ListResourcesCommand,
  RAMClient,
} from '@aws-sdk/client-ram';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { clientConfig, failureOf, organizationsClient, startTestSandbox } from './helpers.js';
import { testOrganization } from './fixtures/member-accounts.js';

async function networkOrganization() {
  const sandbox = await startTestSandbox();
  const org = await testOrganization(sandbox, ['Network', 'Dev']);
  const networkId = org.accounts.Network as string;
  const devId = org.accounts.Dev as string;
  const network = { ec2: new EC2Client(await org.as(networkId)), ram: new RAMClient(await org.as(networkId)) };
  const dev = { ec2: new EC2Client(await org.as(devId)), ram: new RAMClient(await org.as(devId)) };
  const management = { ram: new RAMClient(clientConfig(sandbox, {})) };
  const { TransitGateway } = await network.ec2.send(
    new CreateTransitGatewayCommand({ Options: { AutoAcceptSharedAttachments: 'disable' } }),
  );
  const gateway = { id: TransitGateway?.TransitGatewayId ?? '', arn: TransitGateway?.TransitGatewayArn ?? '' };
  const { Vpc } = await dev.ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
  const { Subnet } = await dev.ec2.send(
    new CreateSubnetCommand({ VpcId: Vpc?.VpcId, CidrBlock: '10.1.0.0/20', AvailabilityZone: 'us-east-1a' }),
  );
  const { Organization } = await organizationsClient(sandbox).send(new DescribeOrganizationCommand({}));
  return {
    sandbox,
    org,
    network,
    dev,
    management,
    devId,
    networkId,
    gateway,
    vpcId: Vpc?.VpcId ?? '',
    subnetId: Subnet?.SubnetId ?? '',
    organizationArn: Organization?.Arn ?? '',
  };
}

describe('sandbox AWS RAM', () => {
  it('a transit gateway is invisible to other accounts until shared with the organization; the attachment then waits for acceptance', async () => {
    const { network, dev, management, gateway, vpcId, subnetId, organizationArn } = await networkOrganization();
    const attach = () =>
      dev.ec2.send(
        new CreateTransitGatewayVpcAttachmentCommand({
          TransitGatewayId: gateway.id,
          VpcId: vpcId,
          SubnetIds: [subnetId],
        }),
      );
    expect(await failureOf(attach())).toMatchObject({ name: 'InvalidTransitGatewayID.NotFound' });
    expect((await dev.ec2.send(new DescribeTransitGatewaysCommand({}))).TransitGateways).toEqual([]);

    // Before sharing with the organization is enabled, the organization is no principal RAM knows.
    expect(
      await failureOf(
        network.ram.send(
          new CreateResourceShareCommand({ name: 'tgw', resourceArns: [gateway.arn], principals: [organizationArn] }),
        ),
      ),
    ).toMatchObject({ name: 'UnknownResourceException', $metadata: { httpStatusCode: 400 } });
    // Only the management account turns it on.
    expect(await failureOf(network.ram.send(new EnableSharingWithAwsOrganizationCommand({})))).toMatchObject({
      name: 'OperationNotPermittedException',
    });
    expect((await management.ram.send(new EnableSharingWithAwsOrganizationCommand({}))).returnValue).toBe(true);

    const { resourceShare } = await network.ram.send(
      new CreateResourceShareCommand({
        name: 'tgw',
        resourceArns: [gateway.arn],
        principals: [organizationArn],
        allowExternalPrincipals: false,
      }),
    );
    expect(resourceShare).toMatchObject({ status: 'ACTIVE', allowExternalPrincipals: false, name: 'tgw' });
    const associations = await network.ram.send(
      new GetResourceShareAssociationsCommand({
        associationType: 'PRINCIPAL',
        resourceShareArns: [resourceShare?.resourceShareArn ?? ''],
      }),
    );
    expect(associations.resourceShareAssociations).toEqual([
      expect.objectContaining({ associatedEntity: organizationArn, status: 'ASSOCIATED', external: false }),
    ]);
    // Inside the organization: no invitation, the share is simply there.
    expect((await dev.ram.send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations).toEqual([]);
    const received = await dev.ram.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }));
    expect(received.resourceShares?.map((share) => share.resourceShareArn)).toEqual([resourceShare?.resourceShareArn]);
    const resources = await dev.ram.send(
      new ListResourcesCommand({ resourceOwner: 'OTHER-ACCOUNTS', resourceType: 'ec2:TransitGateway' }),
    );
    expect(resources.resources?.map((resource) => resource.arn)).toEqual([gateway.arn]);

    expect(
      (await dev.ec2.send(new DescribeTransitGatewaysCommand({}))).TransitGateways?.map((tgw) => tgw.TransitGatewayId),
    ).toEqual([gateway.id]);
    const { TransitGatewayVpcAttachment } = await attach();
    expect(TransitGatewayVpcAttachment?.State).toBe('pendingAcceptance');
    const attachmentId = TransitGatewayVpcAttachment?.TransitGatewayAttachmentId;
    // Only the gateway's owner accepts.
    expect(
      await failureOf(
        dev.ec2.send(new AcceptTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: attachmentId })),
      ),
    ).toMatchObject({ name: 'InvalidTransitGatewayAttachmentID.NotFound' });
    const accepted = await network.ec2.send(
      new AcceptTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: attachmentId }),
    );
    expect(accepted.TransitGatewayVpcAttachment?.State).toBe('available');
  });

  it('an account principal outside organization sharing needs allowExternalPrincipals and accepts an invitation', async () => {
    const { network, dev, gateway, devId } = await networkOrganization();
    expect(
      await failureOf(
        network.ram.send(
          new CreateResourceShareCommand({
            name: 'tgw',
            resourceArns: [gateway.arn],
            principals: [devId],
            allowExternalPrincipals: false,
          }),
        ),
      ),
    ).toMatchObject({ name: 'OperationNotPermittedException' });
    const { resourceShare } = await network.ram.send(
      new CreateResourceShareCommand({ name: 'tgw', resourceArns: [gateway.arn], principals: [devId] }),
    );
    expect((await dev.ec2.send(new DescribeTransitGatewaysCommand({}))).TransitGateways).toEqual([]);
    const { resourceShareInvitations = [] } = await dev.ram.send(new GetResourceShareInvitationsCommand({}));
    expect(resourceShareInvitations).toEqual([
      expect.objectContaining({ resourceShareArn: resourceShare?.resourceShareArn, status: 'PENDING' }),
    ]);
    await dev.ram.send(
      new AcceptResourceShareInvitationCommand({
        resourceShareInvitationArn: resourceShareInvitations[0]?.resourceShareInvitationArn,
      }),
    );
    expect((await dev.ec2.send(new DescribeTransitGatewaysCommand({}))).TransitGateways).toHaveLength(1);
  });

  it("answers RAM's errors for malformed principals, resources of other accounts and unknown shares", async () => {
    const { network, dev, gateway } = await networkOrganization();
    expect(
      await failureOf(network.ram.send(new CreateResourceShareCommand({ name: 'x', principals: ['o-123random'] }))),
    ).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('is malformed') });
    expect(
      await failureOf(dev.ram.send(new CreateResourceShareCommand({ name: 'x', resourceArns: [gateway.arn] }))),
    ).toMatchObject({ name: 'UnknownResourceException' });
    expect(
      await failureOf(
        network.ram.send(
          new AssociateResourceShareCommand({
            resourceShareArn: 'arn:aws:ram:us-east-1:123456789012:resource-share/00000000-0000-0000-0000-000000000000',
            principals: ['111111111111'],
          }),
        ),
      ),
    ).toMatchObject({ name: 'UnknownResourceException' });
    expect(await failureOf(network.ram.send(new GetResourceSharesCommand({} as never)))).toMatchObject({
      name: 'MissingRequiredParameterException',
    });
  });
});
