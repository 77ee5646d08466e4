import {
  DescribeConnectionsCommand,
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewayAttachmentsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  ListVirtualInterfaceTestHistoryCommand,
  StartBgpFailoverTestCommand,
  StopBgpFailoverTestCommand,
} from '@aws-sdk/client-direct-connect';
import { describe, expect, it } from 'vitest';
import { manualClock, seededHybridSandbox } from './fixtures/hybrid-sandbox.js';
import { failureOf } from './helpers.js';

describe('sandbox Direct Connect', () => {
  it('describes the seeded connections, transit VIFs with BGP up, and the gateway associated with the transit gateway', async () => {
    const { dx } = await seededHybridSandbox();
    const { connections = [] } = await dx.send(new DescribeConnectionsCommand({}));
    expect(
      connections
        .map((connection) => [
          connection.connectionName,
          connection.location,
          connection.bandwidth,
          connection.connectionState,
        ])
        .sort(),
    ).toEqual([
      ['corp-dx-csva1', 'CSVA1', '10Gbps', 'available'],
      ['corp-dx-eqdc2', 'EqDC2', '10Gbps', 'available'],
    ]);
    expect(connections[0]?.connectionId).toMatch(/^dxcon-[a-z0-9]{8}$/);
    const { virtualInterfaces = [] } = await dx.send(new DescribeVirtualInterfacesCommand({}));
    expect(virtualInterfaces).toHaveLength(2);
    for (const vif of virtualInterfaces) {
      expect(vif).toMatchObject({
        virtualInterfaceType: 'transit',
        virtualInterfaceState: 'available',
        asn: 65010,
        amazonSideAsn: 64513,
      });
      expect(vif.bgpPeers?.map((peer) => peer.bgpStatus)).toEqual(['up']);
      expect(vif.virtualInterfaceId).toMatch(/^dxvif-[a-z0-9]{8}$/);
    }
    const { directConnectGateways = [] } = await dx.send(new DescribeDirectConnectGatewaysCommand({}));
    expect(directConnectGateways.map((gateway) => gateway.directConnectGatewayName)).toEqual(['corp-dxgw']);
    const gatewayId = directConnectGateways[0]?.directConnectGatewayId;
    expect(virtualInterfaces.every((vif) => vif.directConnectGatewayId === gatewayId)).toBe(true);
    const { directConnectGatewayAssociations = [] } = await dx.send(
      new DescribeDirectConnectGatewayAssociationsCommand({ directConnectGatewayId: gatewayId }),
    );
    expect(directConnectGatewayAssociations).toHaveLength(1);
    expect(directConnectGatewayAssociations[0]).toMatchObject({
      associationState: 'associated',
      associatedGateway: { type: 'transitGateway', region: 'us-east-1' },
    });
    expect(directConnectGatewayAssociations[0]?.associatedGateway?.id).toMatch(/^tgw-/);
    const attachments = await dx.send(
      new DescribeDirectConnectGatewayAttachmentsCommand({ directConnectGatewayId: gatewayId }),
    );
    expect(attachments.directConnectGatewayAttachments?.map((attachment) => attachment.attachmentType)).toEqual([
      'TransitVirtualInterface',
      'TransitVirtualInterface',
    ]);
  });

  it('pages with maxResults and nextToken and answers DirectConnectClientException for bad input', async () => {
    const { dx } = await seededHybridSandbox();
    const first = await dx.send(new DescribeVirtualInterfacesCommand({ maxResults: 1 }));
    expect(first.virtualInterfaces).toHaveLength(1);
    expect(first.nextToken).toBeTruthy();
    const second = await dx.send(new DescribeVirtualInterfacesCommand({ maxResults: 1, nextToken: first.nextToken }));
    expect(second.virtualInterfaces).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    expect(second.virtualInterfaces?.[0]?.virtualInterfaceId).not.toBe(
      first.virtualInterfaces?.[0]?.virtualInterfaceId,
    );

    expect((await failureOf(dx.send(new DescribeConnectionsCommand({ connectionId: 'dxcon-nothere1' })))).name).toBe(
      'DirectConnectClientException',
    );
    expect((await failureOf(dx.send(new DescribeDirectConnectGatewayAssociationsCommand({})))).name).toBe(
      'DirectConnectClientException',
    );
    expect((await failureOf(dx.send(new DescribeVirtualInterfacesCommand({ nextToken: 'bogus' })))).name).toBe(
      'DirectConnectClientException',
    );
  });

  it('runs a BGP failover test from timestamps: BGP down and the interface testing until it expires', async () => {
    const clock = manualClock();
    const { dx } = await seededHybridSandbox({ now: clock.now, failoverMinuteMs: 60_000 });
    const [vif] = (await dx.send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces ?? [];
    const virtualInterfaceId = vif?.virtualInterfaceId ?? '';
    const { virtualInterfaceTest: test } = await dx.send(
      new StartBgpFailoverTestCommand({ virtualInterfaceId, testDurationInMinutes: 3 }),
    );
    expect(test).toMatchObject({
      virtualInterfaceId,
      status: 'IN_PROGRESS',
      testDurationInMinutes: 3,
      bgpPeers: vif?.bgpPeers?.map((peer) => peer.bgpPeerId),
    });
    expect(test?.endTime?.getTime()).toBe(clock.now() + 3 * 60_000);
    const during = await dx.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId }));
    expect(during.virtualInterfaces?.[0]).toMatchObject({
      virtualInterfaceState: 'testing',
      bgpPeers: [{ bgpStatus: 'down' }],
    });
    expect((await failureOf(dx.send(new StartBgpFailoverTestCommand({ virtualInterfaceId })))).message).toMatch(
      /already in progress/,
    );

    clock.advance(3 * 60_000);
    const after = await dx.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId }));
    expect(after.virtualInterfaces?.[0]).toMatchObject({
      virtualInterfaceState: 'available',
      bgpPeers: [{ bgpStatus: 'up' }],
    });
    const history = await dx.send(new ListVirtualInterfaceTestHistoryCommand({ testId: test?.testId }));
    expect(history.virtualInterfaceTestHistory?.map((entry) => entry.status)).toEqual(['COMPLETED']);
  });

  it('stops a test early (CANCELLED) and refuses to stop what is not running or to test for too long', async () => {
    const clock = manualClock();
    const { dx } = await seededHybridSandbox({ now: clock.now });
    const [vif] = (await dx.send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces ?? [];
    const virtualInterfaceId = vif?.virtualInterfaceId ?? '';
    expect(
      (await failureOf(dx.send(new StartBgpFailoverTestCommand({ virtualInterfaceId, testDurationInMinutes: 4321 }))))
        .name,
    ).toBe('DirectConnectClientException');
    expect((await failureOf(dx.send(new StopBgpFailoverTestCommand({ virtualInterfaceId })))).message).toMatch(
      /no BGP failover test in progress/,
    );
    await dx.send(new StartBgpFailoverTestCommand({ virtualInterfaceId }));
    clock.advance(5_000);
    const stopped = await dx.send(new StopBgpFailoverTestCommand({ virtualInterfaceId }));
    expect(stopped.virtualInterfaceTest).toMatchObject({ status: 'CANCELLED', testDurationInMinutes: 180 });
    expect(stopped.virtualInterfaceTest?.endTime?.getTime()).toBe(clock.now());
    const after = await dx.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId }));
    expect(after.virtualInterfaces?.[0]?.bgpPeers?.[0]?.bgpStatus).toBe('up');
    const byStatus = await dx.send(
      new ListVirtualInterfaceTestHistoryCommand({ virtualInterfaceId, status: 'CANCELLED' }),
    );
    expect(byStatus.virtualInterfaceTestHistory).toHaveLength(1);
    expect(
      (await failureOf(dx.send(new StartBgpFailoverTestCommand({ virtualInterfaceId: 'dxvif-nothere1' })))).message,
    ).toMatch(/does not exist/);
  });
});
