import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
} from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { assessHybridPath } from '../../src/hybrid/assess.js';
import { collectHybridSnapshot } from '../../src/hybrid/collect.js';
import { resolveNetworkAccount } from '../../src/hybrid/network-account.js';
import { SANDBOX_CREDENTIALS } from '@awsarch/aws-sandbox';
import { regionStateOf, type TransitGatewayRouteTable } from '../../packages/aws-sandbox/src/services/ec2/model.js';
import { newTransitGateway } from '../../packages/aws-sandbox/src/services/ec2/transit-gateways.js';
import { testContext } from '../helpers/context.js';
import {
  organizationsClient,
  startTestSandbox,
  temporaryStateDir,
  waitFor,
} from '../../packages/aws-sandbox/test/helpers.js';
import { seededHybridSandbox } from '../../packages/aws-sandbox/test/fixtures/hybrid-sandbox.js';
import { applySeed } from '../../packages/aws-sandbox/src/seeds/apply-seed.js';

function clientsFor(endpoint: string) {
  return testContext({ target: { endpoint, credentials: SANDBOX_CREDENTIALS, maxAttempts: 3 } });
}

describe('collectHybridSnapshot against the sandbox', () => {
  it('reads the seeded topology in 2 sequential rounds of 26 calls', async () => {
    const { sandbox } = await seededHybridSandbox();
    const { aws } = clientsFor(sandbox.endpoint);
    const snapshot = await collectHybridSnapshot(aws, systemClock);
    expect(snapshot.collection).toMatchObject({ rounds: 2, calls: 26, warnings: [] });
    expect(snapshot.storageGateway.gateways).toEqual([
      expect.objectContaining({ name: 'corp-file-gateway', type: 'FILE_S3', state: 'RUNNING', connected: true }),
    ]);
    expect(snapshot.storageGateway.fileShares).toEqual([
      expect.objectContaining({ type: 'NFS', status: 'AVAILABLE', name: 'corp-archive' }),
    ]);
    expect(snapshot.directories).toEqual([
      expect.objectContaining({ type: 'ADConnector', stage: 'Active', dnsIps: ['10.10.0.2', '10.20.0.2'] }),
    ]);
    expect(snapshot.vpcs.map((vpc) => vpc.cidrs)).toEqual([['10.255.0.0/16']]);
    // No organization in this sandbox: DNS in other accounts has nothing to check.
    expect(snapshot.accountDns).toBeUndefined();
    expect(snapshot.directConnect.connections.map((connection) => connection.name).sort()).toEqual([
      'corp-dx-csva1',
      'corp-dx-eqdc2',
    ]);
    expect(snapshot.directConnect.virtualInterfaces.map((vif) => vif.bgpPeers.map((peer) => peer.status))).toEqual([
      ['up'],
      ['up'],
    ]);
    expect(snapshot.directConnect.associations).toEqual([
      expect.objectContaining({
        state: 'associated',
        associatedGatewayType: 'transitGateway',
        allowedPrefixes: ['10.255.0.0/16'],
      }),
    ]);
    expect(snapshot.vpn.connections[0]?.tunnels.map((tunnel) => [tunnel.status, tunnel.acceptedRoutes])).toEqual([
      ['UP', 2],
      ['UP', 2],
    ]);
    expect(snapshot.attachments.map((attachment) => attachment.resourceType).sort()).toEqual([
      'direct-connect-gateway',
      'vpc',
      'vpn',
    ]);
    expect(snapshot.routeTables).toHaveLength(1);
    expect(snapshot.routeTables[0]?.routes.map((route) => route.cidr)).toEqual([
      '10.0.0.0/9',
      '10.255.0.0/16',
      '172.16.0.0/12',
    ]);
    expect(snapshot.routeTables[0]?.propagations).toHaveLength(3);
    expect(snapshot.dns.endpoints.map((endpoint) => endpoint.ipAddresses.length)).toEqual([2, 2]);
    expect(snapshot.dns.rules.filter((rule) => rule.ruleType === 'FORWARD').map((rule) => rule.domainName)).toEqual([
      'corp.example.com',
    ]);
    expect(assessHybridPath(snapshot)).toMatchObject({ path: 'dx', status: 'healthy', exitCode: 0 });
  });

  it('reads the routes of the transit gateways that reach on-premises only', async () => {
    const { sandbox, edit } = await seededHybridSandbox();
    await edit((state) => {
      const region = regionStateOf(state, state.managementAccountId, 'us-east-1');
      newTransitGateway(
        { state },
        { accountId: state.managementAccountId, region: 'us-east-1', regionState: region, now: Date.now() },
        { description: 'lab, no hybrid attachments' },
      );
    });
    const { aws } = clientsFor(sandbox.endpoint);
    const snapshot = await collectHybridSnapshot(aws, systemClock);
    expect(snapshot.transitGateways).toHaveLength(2);
    expect(snapshot.routeTables).toHaveLength(1);
    expect(sandbox.calls.filter((call) => call.operation === 'SearchTransitGatewayRoutes')).toHaveLength(1);
  });

  it('follows every page: the same snapshot with one item per page, in more rounds', async () => {
    const { sandbox, edit } = await seededHybridSandbox();
    await edit((state) => {
      const table = Object.values(
        regionStateOf(state, state.managementAccountId, 'us-east-1').transitGatewayRouteTables,
      )[0] as TransitGatewayRouteTable;
      for (let i = 0; i < 6; i++)
        table.staticRoutes.push({ destinationCidrBlock: `192.168.${i}.0/24`, blackhole: true });
    });
    const { aws } = clientsFor(sandbox.endpoint);
    const whole = await collectHybridSnapshot(aws, systemClock);
    const paged = await collectHybridSnapshot(aws, systemClock, { pageSize: 1 });
    const comparable = (snapshot: typeof whole) => ({ ...snapshot, collectedAt: '', collection: undefined });
    expect(comparable(paged)).toEqual(comparable(whole));
    expect(paged.routeTables[0]?.routes).toHaveLength(9);
    // Resolver endpoints (2 pages) then each endpoint's IPs (2 pages): 4 sequential calls deep.
    expect(paged.collection.rounds).toBe(4);
    expect(paged.collection.calls).toBeGreaterThan(whole.collection.calls);
    const pagesOf = (operation: string) => sandbox.calls.filter((call) => call.operation === operation).length;
    expect(pagesOf('DescribeConnections')).toBe(1 + 2);
    expect(pagesOf('SearchTransitGatewayRoutes')).toBe(1 + 2);
    expect(pagesOf('ListResolverEndpointIpAddresses')).toBe(2 + 4);
  });

  it('reads a member account through its role (one more round for AssumeRole) found by name', async () => {
    const stateDir = await temporaryStateDir();
    const sandbox = await startTestSandbox({ stateDir });
    const organizations = organizationsClient(sandbox);
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const { CreateAccountStatus: request } = await organizations.send(
      new CreateAccountCommand({ AccountName: 'Shared Services', Email: 'aws+shared@example.com' }),
    );
    const accountId = await waitFor(async () => {
      const { CreateAccountStatus: status } = await organizations.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request?.Id }),
      );
      return status?.State === 'SUCCEEDED' ? status.AccountId : undefined;
    });
    await applySeed(stateDir, 'hybrid', 'us-east-1');
    const { ctx, aws } = clientsFor(sandbox.endpoint);
    expect(await resolveNetworkAccount(ctx, 'Shared Services')).toBe(accountId);
    expect(await resolveNetworkAccount(ctx, accountId)).toBe(accountId);
    await expect(resolveNetworkAccount(ctx, 'Nobody')).rejects.toMatchObject({ code: 'unknown-account', exitCode: 2 });

    const inMember = await collectHybridSnapshot(aws, systemClock, { accountId });
    expect(inMember.collection.rounds).toBe(3);
    expect(inMember.accountId).toBe(accountId);
    expect(assessHybridPath(inMember).path).toBe('dx');
    const again = await collectHybridSnapshot(aws, systemClock, { accountId });
    expect(again.collection.rounds).toBe(2);
    const inManagement = await collectHybridSnapshot(aws, systemClock);
    expect(assessHybridPath(inManagement).findings[0]?.code).toBe('no-hybrid');
  });
});
