import { SandboxServiceError } from '../../errors.js';
import { randomFrom, uniqueId } from '../../ids.js';
import { paginate } from '../../pagination.js';
import { serviceState, type SandboxState } from '../../state.js';
import type { HandlerContext, OperationInput } from '../../types.js';

/** The Storage Gateway slice of the sandbox state: per account, per region. */
export interface StorageGatewayState {
  accounts: Record<string, Record<string, StorageGatewayRegion>>;
}

export interface StorageGatewayRegion {
  /** By gateway id (sgw-...). */
  gateways: Record<string, Gateway>;
  /** By file share id (share-...). */
  fileShares: Record<string, FileShare>;
}

export interface GatewayCache {
  diskIds: string[];
  allocatedBytes: number;
  usedPercent: number;
  dirtyPercent: number;
  hitPercent: number;
}

export interface Gateway {
  gatewayId: string;
  name: string;
  /** FILE_S3, FILE_FSX_SMB, CACHED, STORED, VTL. */
  type: string;
  timezone: string;
  /** RUNNING | SHUTDOWN (what the gateway VM reports). */
  state: 'RUNNING' | 'SHUTDOWN';
  /** False while the gateway cannot reach AWS (`sandbox fault storage-gateway-offline`). */
  connected: boolean;
  /** When `connected` last changed. */
  connectedChangedAt?: number;
  /** VMWARE, HYPER-V, EC2, KVM, OTHER, SNOWBALL, HARDWARE. */
  hostEnvironment: string;
  softwareVersion: string;
  nextUpdateAvailabilityDate?: string;
  lastSoftwareUpdate?: string;
  ipv4Addresses: string[];
  cache?: GatewayCache;
  uploadBuffer?: { diskIds: string[]; allocatedBytes: number; usedBytes: number };
  createdAt: number;
}

export interface FileShare {
  fileShareId: string;
  type: 'NFS' | 'SMB';
  gatewayId: string;
  /** CREATING | UPDATING | AVAILABLE | DELETING. */
  status: string;
  name: string;
  locationArn: string;
  role: string;
  path: string;
  clientList: string[];
  defaultStorageClass: string;
  createdAt: number;
}

export function storageGatewayRegionOf(state: SandboxState, accountId: string, region: string): StorageGatewayRegion {
  const accounts = serviceState<StorageGatewayState>(state, 'storagegateway', () => ({ accounts: {} })).accounts;
  const regions = (accounts[accountId] ??= {});
  return (regions[region] ??= { gateways: {}, fileShares: {} });
}

export function callerStorageGateway(ctx: Pick<HandlerContext, 'state' | 'caller' | 'region'>): StorageGatewayRegion {
  return storageGatewayRegionOf(ctx.state, ctx.caller.accountId, ctx.region);
}

/** Gateway and file share ids: sgw-/share- and 8 upper-case hex digits, as AWS issues them. */
export function newStorageGatewayId(prefix: 'sgw' | 'share', taken: (id: string) => boolean): string {
  return uniqueId(() => `${prefix}-${randomFrom('0123456789ABCDEF', 8)}`, taken);
}

export const gatewayArn = (region: string, accountId: string, gatewayId: string) =>
  `arn:aws:storagegateway:${region}:${accountId}:gateway/${gatewayId}`;
export const fileShareArn = (region: string, accountId: string, fileShareId: string) =>
  `arn:aws:storagegateway:${region}:${accountId}:share/${fileShareId}`;

/** Storage Gateway's client error: InvalidGatewayRequestException with an error code and details. */
export function invalidGatewayRequest(
  message: string,
  errorCode: string,
  errorDetails: Record<string, string> = {},
): SandboxServiceError {
  return new SandboxServiceError('InvalidGatewayRequestException', message, {
    extra: { error: { errorCode, errorDetails } },
  });
}

/** The gateway a GatewayARN names in the caller's account and region. */
export function gatewayByArn(ctx: HandlerContext, input: OperationInput): Gateway {
  const arn = typeof input.GatewayARN === 'string' ? input.GatewayARN : '';
  if (!arn) throw invalidGatewayRequest('GatewayARN is required.', 'InvalidParameters', { GatewayARN: '' });
  const match = /^arn:aws[a-z-]*:storagegateway:([a-z0-9-]+):(\d{12}):gateway\/(sgw-[0-9A-F]{8})$/.exec(arn);
  const gateway = match ? callerStorageGateway(ctx).gateways[match[3] ?? ''] : undefined;
  if (!match || match[1] !== ctx.region || match[2] !== ctx.caller.accountId || !gateway)
    throw invalidGatewayRequest('The specified gateway was not found.', 'GatewayNotFound', { gatewayArn: arn });
  return gateway;
}

/** What AWS answers about a gateway that cannot be reached: the gateway is offline. */
export function requireConnected(gateway: Gateway, arn: string): void {
  if (!gateway.connected)
    throw invalidGatewayRequest('The specified gateway is not connected.', 'GatewayNotConnected', {
      gatewayArn: arn,
    });
}

/** Limit (at least 1) and Marker paging, with Storage Gateway's error for a bad marker. */
export function storageGatewayPage<T>(
  input: OperationInput,
  items: readonly T[],
  idOf: (item: T) => string,
  listing: string,
  defaultLimit: number,
) {
  const limit = input.Limit === undefined ? defaultLimit : Number(input.Limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw invalidGatewayRequest('Limit must be a positive integer.', 'InvalidParameters', {
      Limit: String(input.Limit),
    });
  const marker = input.Marker === undefined ? undefined : String(input.Marker);
  return paginate(items, idOf, listing, { maxResults: limit, nextToken: marker }, () =>
    invalidGatewayRequest('The specified marker is not valid.', 'InvalidParameters', { Marker: marker ?? '' }),
  );
}
