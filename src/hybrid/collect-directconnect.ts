import {
  DescribeConnectionsCommand,
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
  ListVirtualInterfaceTestHistoryCommand,
  type VirtualInterfaceTestHistory,
} from '@aws-sdk/client-direct-connect';
import type { AwsClients } from '../aws/clients.js';
import type { DxFailoverTestInfo, HybridSnapshot } from './snapshot.js';
import { pageSizeFor, tokenPages, trackedEach, trackedPages, type ReadOptions, type Tracked } from './tracked-reads.js';

/** True for a test history status that means the test is running (AWS documents "In progress"; the API's exact spelling varies). */
export function isTestInProgress(status: string | undefined): boolean {
  return /^in[\s_-]?progress$/i.test(status ?? '');
}

export function failoverTestInfo(test: VirtualInterfaceTestHistory): DxFailoverTestInfo {
  return {
    testId: test.testId ?? '',
    virtualInterfaceId: test.virtualInterfaceId ?? '',
    status: test.status ?? 'unknown',
    startTime: test.startTime?.toISOString(),
    endTime: test.endTime?.toISOString(),
    durationMinutes: test.testDurationInMinutes,
    bgpPeers: test.bgpPeers ?? [],
  };
}

/**
 * Round 1: connections, virtual interfaces and Direct Connect gateways at once. Round 2: each
 * gateway's associations, and the running failover test of each interface in `testing`.
 */
export async function collectDirectConnect(
  aws: AwsClients,
  options: ReadOptions,
): Promise<Tracked<HybridSnapshot['directConnect']>> {
  const dx = aws.client(DirectConnectClient);
  const maxResults = pageSizeFor(options, 1, 100);
  const [connections, vifs, gateways] = await Promise.all([
    trackedPages(
      0,
      'Reading Direct Connect connections',
      tokenPages(
        (nextToken) => dx.send(new DescribeConnectionsCommand({ maxResults, nextToken })),
        (page) => page.nextToken,
      ),
      (page) => page.connections,
    ),
    trackedPages(
      0,
      'Reading Direct Connect virtual interfaces',
      tokenPages(
        (nextToken) => dx.send(new DescribeVirtualInterfacesCommand({ maxResults, nextToken })),
        (page) => page.nextToken,
      ),
      (page) => page.virtualInterfaces,
    ),
    trackedPages(
      0,
      'Reading Direct Connect gateways',
      tokenPages(
        (nextToken) => dx.send(new DescribeDirectConnectGatewaysCommand({ maxResults, nextToken })),
        (page) => page.nextToken,
      ),
      (page) => page.directConnectGateways,
    ),
  ]);
  const testing = vifs.value.filter((vif) => vif.virtualInterfaceState === 'testing');
  const [associations, tests] = await Promise.all([
    trackedEach(
      gateways.value,
      (gateway) =>
        trackedPages(
          gateways.depth,
          `Reading the associations of Direct Connect gateway ${gateway.directConnectGatewayId}`,
          tokenPages(
            (nextToken) =>
              dx.send(
                new DescribeDirectConnectGatewayAssociationsCommand({
                  directConnectGatewayId: gateway.directConnectGatewayId,
                  maxResults,
                  nextToken,
                }),
              ),
            (page) => page.nextToken,
          ),
          (page) => page.directConnectGatewayAssociations,
        ),
      gateways.depth,
    ),
    trackedEach(
      testing,
      (vif) =>
        trackedPages(
          vifs.depth,
          `Reading the failover tests of ${vif.virtualInterfaceId}`,
          tokenPages(
            (nextToken) =>
              dx.send(
                new ListVirtualInterfaceTestHistoryCommand({
                  virtualInterfaceId: vif.virtualInterfaceId,
                  maxResults,
                  nextToken,
                }),
              ),
            (page) => page.nextToken,
          ),
          (page) => page.virtualInterfaceTestHistory,
        ),
      vifs.depth,
    ),
  ]);
  return {
    depth: Math.max(connections.depth, associations.depth, tests.depth),
    value: {
      connections: connections.value.map((connection) => ({
        id: connection.connectionId ?? '',
        name: connection.connectionName ?? connection.connectionId ?? '',
        state: connection.connectionState ?? 'unknown',
        bandwidth: connection.bandwidth,
        location: connection.location,
      })),
      virtualInterfaces: vifs.value.map((vif) => ({
        id: vif.virtualInterfaceId ?? '',
        name: vif.virtualInterfaceName ?? vif.virtualInterfaceId ?? '',
        type: vif.virtualInterfaceType ?? 'unknown',
        state: vif.virtualInterfaceState ?? 'unknown',
        connectionId: vif.connectionId ?? '',
        addressFamily: vif.addressFamily,
        directConnectGatewayId: vif.directConnectGatewayId || undefined,
        virtualGatewayId: vif.virtualGatewayId || undefined,
        bgpPeers: (vif.bgpPeers ?? []).map((peer) => ({
          id: peer.bgpPeerId ?? '',
          status: peer.bgpStatus ?? 'unknown',
          state: peer.bgpPeerState,
        })),
      })),
      gateways: gateways.value.map((gateway) => ({
        id: gateway.directConnectGatewayId ?? '',
        name: gateway.directConnectGatewayName ?? gateway.directConnectGatewayId ?? '',
        state: gateway.directConnectGatewayState ?? 'unknown',
        amazonSideAsn: gateway.amazonSideAsn,
      })),
      associations: associations.value.flat().map((association) => ({
        id: association.associationId ?? '',
        directConnectGatewayId: association.directConnectGatewayId ?? '',
        associatedGatewayId: association.associatedGateway?.id ?? association.virtualGatewayId ?? '',
        associatedGatewayType: association.associatedGateway?.type,
        state: association.associationState ?? 'unknown',
        allowedPrefixes: (association.allowedPrefixesToDirectConnectGateway ?? []).flatMap((prefix) =>
          prefix.cidr ? [prefix.cidr] : [],
        ),
      })),
      tests: tests.value
        .flat()
        .filter((test) => isTestInProgress(test.status))
        .map(failoverTestInfo),
    },
  };
}
