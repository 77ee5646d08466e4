import { describe, expect, it } from 'vitest';
import { applyHybridFault, UnknownFaultError } from '../src/hybrid-faults.js';
import { directConnectAccount } from '../src/services/directconnect/model.js';
import { directoryRegionOf } from '../src/services/directoryservice/model.js';
import { storageGatewayRegionOf } from '../src/services/storagegateway/model.js';
import { regionStateOf } from '../src/services/ec2/model.js';
import { vpnConnectionsOf } from '../src/services/ec2/vpn-model.js';
import { hybridSeed } from '../src/seeds/hybrid.js';
import { SANDBOX_SEEDS } from '../src/seeds/index.js';
import { ensureSharedTransitGateway } from '../src/seeds/shared-transit-gateway.js';
import { emptyState } from '../src/state.js';

const SHARED = '555555555555';
const env = { region: 'us-east-1', now: Date.UTC(2026, 10, 24, 10) };

function organizationWithSharedServices() {
  const state = emptyState('123456789012');
  state.services.organizations = { accounts: { [SHARED]: { Id: SHARED, Name: 'Shared Services' } } };
  return state;
}

describe('sandbox seed: hybrid', () => {
  it('is registered and builds the reference topology in Shared Services on the shared transit gateway, once', () => {
    expect(SANDBOX_SEEDS.map((seed) => seed.name)).toContain('hybrid');
    const state = organizationWithSharedServices();
    const first = hybridSeed.apply(state, env);
    expect(first.existing).toEqual([]);
    expect(first.created).toHaveLength(15);
    const again = hybridSeed.apply(state, env);
    expect(again.created).toEqual([]);
    expect(again.existing).toHaveLength(15);

    const dx = directConnectAccount(state, SHARED);
    expect(
      Object.values(dx.connections)
        .map((connection) => [connection.location, connection.bandwidth])
        .sort(),
    ).toEqual([
      ['CSVA1', '10Gbps'],
      ['EqDC2', '10Gbps'],
    ]);
    expect(
      Object.values(dx.virtualInterfaces).every(
        (vif) => vif.virtualInterfaceType === 'transit' && vif.bgpPeers.every((peer) => peer.bgpStatus === 'up'),
      ),
    ).toBe(true);
    const ec2 = regionStateOf(state, SHARED, 'us-east-1');
    const tgw = ensureSharedTransitGateway(state, env);
    expect(tgw.created).toBe(false);
    const types = Object.values(ec2.transitGatewayAttachments).map(
      (attachment) =>
        `${attachment.resourceType}:${attachment.transitGatewayId === tgw.transitGateway.transitGatewayId}`,
    );
    expect(types.sort()).toEqual(['direct-connect-gateway:true', 'vpc:true', 'vpn:true']);
    const [vpn] = Object.values(vpnConnectionsOf(ec2));
    expect(vpn?.tunnels.map((tunnel) => tunnel.status)).toEqual(['UP', 'UP']);
    expect(vpn?.announcedPrefixes.map((prefix) => prefix.cidr)).toEqual(['10.0.0.0/9', '172.16.0.0/12']);
    const gateways = Object.values(storageGatewayRegionOf(state, SHARED, 'us-east-1').gateways);
    expect(gateways.map((gateway) => [gateway.name, gateway.type, gateway.hostEnvironment, gateway.connected])).toEqual(
      [['corp-file-gateway', 'FILE_S3', 'VMWARE', true]],
    );
    const directories = Object.values(directoryRegionOf(state, SHARED, 'us-east-1').directories);
    expect(directories.map((directory) => [directory.type, directory.stage, directory.customerDnsIps])).toEqual([
      ['ADConnector', 'Active', ['10.10.0.2', '10.20.0.2']],
    ]);
  });
});

describe('sandbox fault', () => {
  it('changes connections, BGP, tunnels and Resolver IPs, and back', () => {
    const state = organizationWithSharedServices();
    hybridSeed.apply(state, env);
    const dx = directConnectAccount(state, SHARED);
    const vpn = Object.values(vpnConnectionsOf(regionStateOf(state, SHARED, 'us-east-1')))[0];
    const fault = (name: string, target?: string) =>
      applyHybridFault(state, { name, target, region: 'us-east-1', now: env.now + 60_000 });

    expect(fault('dx-down', 'corp-dx-eqdc2').changed).toEqual([expect.stringMatching(/corp-dx-eqdc2\) down$/)]);
    expect(
      Object.values(dx.connections)
        .map((connection) => connection.connectionState)
        .sort(),
    ).toEqual(['available', 'down']);
    expect(fault('bgp-down', 'corp-transit-csva1').changed).toHaveLength(1);
    expect(fault('vpn-tunnel-down', '2').changed).toEqual([expect.stringMatching(/tunnel 2 .* DOWN$/)]);
    expect(vpn?.tunnels[1]?.lastStatusChange).toBe(env.now + 60_000);
    expect(fault('vpn-tunnel-down', '2').changed).toEqual([]);
    expect(fault('resolver-az-down', 'a').changed.length).toBeGreaterThanOrEqual(4);
    const restored = fault('restore').changed;
    expect(restored.length).toBeGreaterThan(4);
    expect(Object.values(dx.connections).every((connection) => connection.connectionState === 'available')).toBe(true);
    expect(
      Object.values(dx.virtualInterfaces).every((vif) => vif.bgpPeers.every((peer) => peer.bgpStatus === 'up')),
    ).toBe(true);
    expect(vpn?.tunnels.every((tunnel) => tunnel.status === 'UP')).toBe(true);
  });

  it('takes a Storage Gateway offline and impairs an AD Connector, and back', () => {
    const state = organizationWithSharedServices();
    hybridSeed.apply(state, env);
    const fault = (name: string, target?: string) =>
      applyHybridFault(state, { name, target, region: 'us-east-1', now: env.now + 60_000 });
    const [gateway] = Object.values(storageGatewayRegionOf(state, SHARED, 'us-east-1').gateways);
    const [directory] = Object.values(directoryRegionOf(state, SHARED, 'us-east-1').directories);
    expect(fault('storage-gateway-offline').changed).toEqual([expect.stringMatching(/corp-file-gateway\) offline$/)]);
    expect(gateway?.connected).toBe(false);
    expect(fault('ad-connector-impaired', 'corp.example.com').changed).toEqual([
      expect.stringMatching(/corp\.example\.com\) Impaired$/),
    ]);
    expect(directory).toMatchObject({ stage: 'Impaired', stageLastUpdated: env.now + 60_000 });
    expect(fault('storage-gateway-restore', 'corp-file-gateway').changed).toHaveLength(1);
    fault('ad-connector-impaired');
    expect(fault('restore').changed).toEqual([expect.stringMatching(/Active$/)]);
    expect(directory?.stageReason).toBeUndefined();
    expect(() => fault('storage-gateway-offline', 'nope')).toThrow(/no Storage Gateway named "nope"/);
  });

  it('rejects unknown faults and targets', () => {
    const state = organizationWithSharedServices();
    hybridSeed.apply(state, env);
    const fault = (name: string, target?: string) => () =>
      applyHybridFault(state, { name, target, region: 'us-east-1', now: env.now });
    expect(fault('meteor-strike')).toThrow(UnknownFaultError);
    expect(fault('bgp-down')).toThrow(/needs the virtual interface/);
    expect(fault('dx-down', 'corp-dx-nowhere')).toThrow(/no Direct Connect connection named/);
    expect(fault('vpn-tunnel-down', '3')).toThrow(/1 or 2/);
  });
});
