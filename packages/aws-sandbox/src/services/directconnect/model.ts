import { randomLowercaseAlphanumeric, uniqueId } from '../../ids.js';
import { SandboxServiceError } from '../../errors.js';
import { paginate, type Page } from '../../pagination.js';
import { serviceState, type SandboxState } from '../../state.js';
import type { HandlerContext } from '../../types.js';

/**
 * The Direct Connect slice of the sandbox state, per account. Connections and virtual interfaces are
 * regional (they carry their region); Direct Connect gateways are global. Field names follow the
 * wire (camelCase JSON) so views stay thin.
 */
export interface DirectConnectState {
  accounts: Record<string, DirectConnectAccount>;
}

export interface DirectConnectAccount {
  connections: Record<string, DxConnection>;
  virtualInterfaces: Record<string, DxVirtualInterface>;
  gateways: Record<string, DxGateway>;
  associations: Record<string, DxGatewayAssociation>;
  tests: Record<string, DxFailoverTest>;
}

export interface Tag {
  key: string;
  value: string;
}

export interface DxConnection {
  connectionId: string;
  connectionName: string;
  ownerAccount: string;
  region: string;
  location: string;
  bandwidth: string;
  vlan: number;
  connectionState:
    'ordering' | 'requested' | 'pending' | 'available' | 'down' | 'deleting' | 'deleted' | 'rejected' | 'unknown';
  awsDeviceV2: string;
  createdAt: number;
  /** When connectionState last changed (a physical event, e.g. `sandbox fault dx-down`); drives CloudWatch's metric. */
  stateChangedAt?: number;
  tags: Tag[];
}

export interface DxBgpPeer {
  bgpPeerId: string;
  asn: number;
  addressFamily: 'ipv4' | 'ipv6';
  amazonAddress: string;
  customerAddress: string;
  bgpPeerState: 'verifying' | 'pending' | 'available' | 'deleting' | 'deleted';
  /** The session as configured on both routers; a failover test or a down connection overrides it (see effectiveVirtualInterface). */
  bgpStatus: 'up' | 'down' | 'unknown';
  /** When bgpStatus last changed (a physical event); drives CloudWatch's metric. */
  statusChangedAt?: number;
}

/** A prefix the customer router announces over a virtual interface's BGP session. */
export interface AnnouncedPrefix {
  cidr: string;
  /** AS_PATH length as seen by AWS (1 = the customer ASN only; more when the customer prepends). */
  asPathLength: number;
}

export interface DxVirtualInterface {
  virtualInterfaceId: string;
  virtualInterfaceName: string;
  virtualInterfaceType: 'private' | 'public' | 'transit';
  ownerAccount: string;
  connectionId: string;
  region: string;
  location: string;
  vlan: number;
  asn: number;
  amazonSideAsn: number;
  mtu: number;
  /** Stored states; `testing` is only ever derived (a failover test running). */
  virtualInterfaceState:
    | 'confirming'
    | 'verifying'
    | 'pending'
    | 'available'
    | 'down'
    | 'testing'
    | 'deleting'
    | 'deleted'
    | 'rejected'
    | 'unknown';
  directConnectGatewayId?: string;
  virtualGatewayId?: string;
  bgpPeers: DxBgpPeer[];
  /** What on-premises announces over this interface while BGP is up (not part of the API; drives TGW routes). */
  announcedPrefixes: AnnouncedPrefix[];
  tags: Tag[];
}

export interface DxGateway {
  directConnectGatewayId: string;
  directConnectGatewayName: string;
  amazonSideAsn: number;
  ownerAccount: string;
  directConnectGatewayState: 'pending' | 'available' | 'deleting' | 'deleted';
}

export interface DxGatewayAssociation {
  associationId: string;
  directConnectGatewayId: string;
  directConnectGatewayOwnerAccount: string;
  associationState: 'associating' | 'associated' | 'disassociating' | 'disassociated' | 'updating';
  associatedGateway: {
    id: string;
    type: 'transitGateway' | 'virtualPrivateGateway';
    ownerAccount: string;
    region: string;
  };
  allowedPrefixesToDirectConnectGateway: string[];
}

/** A BGP failover test; its status is derived from the clock (see failoverTestStatus), so it works across processes. */
export interface DxFailoverTest {
  testId: string;
  virtualInterfaceId: string;
  bgpPeers: string[];
  ownerAccount: string;
  testDurationInMinutes: number;
  startTime: number;
  /** When the test ends by itself. */
  scheduledEndTime: number;
  /** Set by StopBgpFailoverTest. */
  stoppedAt?: number;
}

export function directConnectState(state: SandboxState): DirectConnectState {
  return serviceState<DirectConnectState>(state, 'directconnect', () => ({ accounts: {} }));
}

/** One account's Direct Connect resources, created empty on first use. */
export function directConnectAccount(state: SandboxState, accountId: string): DirectConnectAccount {
  const accounts = directConnectState(state).accounts;
  return (accounts[accountId] ??= {
    connections: {},
    virtualInterfaces: {},
    gateways: {},
    associations: {},
    tests: {},
  });
}

export function callerDirectConnect(ctx: Pick<HandlerContext, 'state' | 'caller'>): DirectConnectAccount {
  return directConnectAccount(ctx.state, ctx.caller.accountId);
}

/** dxcon-/dxvif-/dxpeer- ids: a prefix and 8 lowercase letters and digits, as AWS issues them. */
export function newDirectConnectId(prefix: 'dxcon' | 'dxvif' | 'dxpeer', taken: (id: string) => boolean): string {
  return uniqueId(() => `${prefix}-${randomLowercaseAlphanumeric(8)}`, taken);
}

export type FailoverTestStatus = 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';

/** Where a failover test stands at `now`: running until stopped or until its duration has passed. */
export function failoverTestStatus(test: DxFailoverTest, now: number): FailoverTestStatus {
  if (test.stoppedAt !== undefined && test.stoppedAt < test.scheduledEndTime) return 'CANCELLED';
  return now < test.scheduledEndTime ? 'IN_PROGRESS' : 'COMPLETED';
}

/** When the test's BGP sessions came back (or will). */
export function failoverTestEndTime(test: DxFailoverTest): number {
  return Math.min(test.stoppedAt ?? Number.POSITIVE_INFINITY, test.scheduledEndTime);
}

export function runningTests(account: DirectConnectAccount, virtualInterfaceId: string, now: number): DxFailoverTest[] {
  return Object.values(account.tests).filter(
    (test) => test.virtualInterfaceId === virtualInterfaceId && failoverTestStatus(test, now) === 'IN_PROGRESS',
  );
}

/**
 * A virtual interface as AWS reports it at `now`: a connection that is down takes the interface and
 * its BGP sessions down; a running failover test puts the interface in `testing` and its tested
 * sessions down.
 */
export function effectiveVirtualInterface(
  account: DirectConnectAccount,
  vif: DxVirtualInterface,
  now: number,
): DxVirtualInterface {
  const connection = account.connections[vif.connectionId];
  const connectionUp = connection?.connectionState === 'available';
  const tests = runningTests(account, vif.virtualInterfaceId, now);
  const testedPeers = new Set(tests.flatMap((test) => test.bgpPeers));
  let state = vif.virtualInterfaceState;
  if (state === 'available' && !connectionUp) state = 'down';
  if (state === 'available' && tests.length > 0) state = 'testing';
  return {
    ...vif,
    virtualInterfaceState: state,
    bgpPeers: vif.bgpPeers.map((peer) => ({
      ...peer,
      bgpStatus:
        !connectionUp || vif.virtualInterfaceState !== 'available' || testedPeers.has(peer.bgpPeerId)
          ? 'down'
          : peer.bgpStatus,
    })),
  };
}

/** True while at least one BGP session of the interface is up (AWS learns its routes then). */
export function bgpIsUp(vif: DxVirtualInterface): boolean {
  return vif.bgpPeers.some((peer) => peer.bgpStatus === 'up');
}

/** The account that owns a Direct Connect gateway, and the gateway, searched across accounts. */
export function findDirectConnectGateway(
  state: SandboxState,
  gatewayId: string,
): { account: DirectConnectAccount; gateway: DxGateway } | undefined {
  for (const account of Object.values(directConnectState(state).accounts)) {
    const gateway = account.gateways[gatewayId];
    if (gateway) return { account, gateway };
  }
  return undefined;
}

/**
 * What a Direct Connect gateway propagates into a transit gateway at `now`: the prefixes announced
 * over every attached virtual interface whose BGP is up, with the shortest AS_PATH per prefix.
 */
export function directConnectGatewayPrefixes(
  state: SandboxState,
  gatewayId: string,
  now: number,
): Array<{ cidr: string; asPathLength: number }> {
  const found = findDirectConnectGateway(state, gatewayId);
  if (!found || found.gateway.directConnectGatewayState !== 'available') return [];
  const best = new Map<string, number>();
  for (const account of Object.values(directConnectState(state).accounts)) {
    for (const vif of Object.values(account.virtualInterfaces)) {
      if (vif.directConnectGatewayId !== gatewayId) continue;
      const effective = effectiveVirtualInterface(account, vif, now);
      if (!bgpIsUp(effective)) continue;
      for (const prefix of vif.announcedPrefixes) {
        best.set(prefix.cidr, Math.min(best.get(prefix.cidr) ?? Number.POSITIVE_INFINITY, prefix.asPathLength));
      }
    }
  }
  return [...best.entries()].map(([cidr, asPathLength]) => ({ cidr, asPathLength }));
}

/** DirectConnectClientException, the error Direct Connect answers for anything the caller got wrong. */
export function clientException(message: string): SandboxServiceError {
  return new SandboxServiceError('DirectConnectClientException', message);
}

/**
 * Direct Connect's maxResults/nextToken input: a value above 100 returns 100 items; without
 * maxResults, older operations return everything (defaultMax Infinity) and newer ones a page of 100.
 */
export function pageInput(
  input: Record<string, unknown>,
  defaultMax = Number.POSITIVE_INFINITY,
): { maxResults: number; nextToken: string | undefined } {
  const raw = input.maxResults;
  if (raw === undefined) return { maxResults: defaultMax, nextToken: optionalString(input, 'nextToken') };
  const maxResults = Number(raw);
  if (!Number.isInteger(maxResults) || maxResults < 1)
    throw clientException('maxResults must be a whole number of at least 1.');
  return { maxResults: Math.min(maxResults, 100), nextToken: optionalString(input, 'nextToken') };
}

/** A page of items sorted by id, with Direct Connect's error for a token it did not issue. */
export function directConnectPage<T>(
  input: Record<string, unknown>,
  items: readonly T[],
  idOf: (item: T) => string,
  listing: string,
  defaultMax?: number,
): Page<T> {
  return paginate(items, idOf, listing, pageInput(input, defaultMax), () =>
    clientException('The nextToken provided is invalid.'),
  );
}

export function optionalString(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw clientException(`${name} must be a string`);
  return value;
}
