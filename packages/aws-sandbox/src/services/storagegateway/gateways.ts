import type { OperationHandler } from '../../types.js';
import {
  callerStorageGateway,
  gatewayArn,
  gatewayByArn,
  invalidGatewayRequest,
  requireConnected,
  storageGatewayPage,
  type Gateway,
} from './model.js';

/** DescribeCache answers for cached volume, tape and file gateways; DescribeUploadBuffer for volume and tape ones. */
const HAS_CACHE = new Set(['FILE_S3', 'FILE_FSX_SMB', 'CACHED', 'VTL', 'VTL_SNOW']);
const HAS_UPLOAD_BUFFER = new Set(['STORED', 'CACHED', 'VTL', 'VTL_SNOW']);

const notSupported = (operation: string, gateway: Gateway, arn: string) =>
  invalidGatewayRequest(`${operation} is not supported for a gateway of type ${gateway.type}.`, 'NotSupported', {
    gatewayArn: arn,
  });

/** ListGateways: every gateway of the account and region, 100 a page by default (the service tracks them even when offline). */
const listGateways: OperationHandler = (input, ctx) => {
  const gateways = Object.values(callerStorageGateway(ctx).gateways);
  const page = storageGatewayPage(input, gateways, (gateway) => gateway.gatewayId, 'ListGateways', 100);
  return {
    Gateways: page.items.map((gateway) => ({
      GatewayId: gateway.gatewayId,
      GatewayARN: gatewayArn(ctx.region, ctx.caller.accountId, gateway.gatewayId),
      GatewayType: gateway.type,
      GatewayOperationalState: 'ACTIVE',
      GatewayName: gateway.name,
      HostEnvironment: gateway.hostEnvironment,
      SoftwareVersion: gateway.softwareVersion,
    })),
    Marker: page.nextToken,
  };
};

/** DescribeGatewayInformation: answered by the gateway itself, so GatewayNotConnected while it is offline. */
const describeGatewayInformation: OperationHandler = (input, ctx) => {
  const gateway = gatewayByArn(ctx, input);
  const arn = gatewayArn(ctx.region, ctx.caller.accountId, gateway.gatewayId);
  requireConnected(gateway, arn);
  return {
    GatewayARN: arn,
    GatewayId: gateway.gatewayId,
    GatewayName: gateway.name,
    GatewayTimezone: gateway.timezone,
    GatewayState: gateway.state,
    GatewayNetworkInterfaces: gateway.ipv4Addresses.map((address) => ({ Ipv4Address: address })),
    GatewayType: gateway.type,
    NextUpdateAvailabilityDate: gateway.nextUpdateAvailabilityDate,
    LastSoftwareUpdate: gateway.lastSoftwareUpdate,
    HostEnvironment: gateway.hostEnvironment,
    EndpointType: 'STANDARD',
    SoftwareVersion: gateway.softwareVersion,
    Tags: [],
  };
};

const describeCache: OperationHandler = (input, ctx) => {
  const gateway = gatewayByArn(ctx, input);
  const arn = gatewayArn(ctx.region, ctx.caller.accountId, gateway.gatewayId);
  if (!HAS_CACHE.has(gateway.type)) throw notSupported('DescribeCache', gateway, arn);
  requireConnected(gateway, arn);
  const cache = gateway.cache;
  return {
    GatewayARN: arn,
    DiskIds: cache?.diskIds ?? [],
    CacheAllocatedInBytes: cache?.allocatedBytes ?? 0,
    CacheUsedPercentage: cache?.usedPercent ?? 0,
    CacheDirtyPercentage: cache?.dirtyPercent ?? 0,
    CacheHitPercentage: cache?.hitPercent ?? 0,
    CacheMissPercentage: cache ? 100 - cache.hitPercent : 0,
  };
};

const describeUploadBuffer: OperationHandler = (input, ctx) => {
  const gateway = gatewayByArn(ctx, input);
  const arn = gatewayArn(ctx.region, ctx.caller.accountId, gateway.gatewayId);
  if (!HAS_UPLOAD_BUFFER.has(gateway.type)) throw notSupported('DescribeUploadBuffer', gateway, arn);
  requireConnected(gateway, arn);
  return {
    GatewayARN: arn,
    DiskIds: gateway.uploadBuffer?.diskIds ?? [],
    UploadBufferUsedInBytes: gateway.uploadBuffer?.usedBytes ?? 0,
    UploadBufferAllocatedInBytes: gateway.uploadBuffer?.allocatedBytes ?? 0,
  };
};

export const gatewayOperations: Record<string, OperationHandler> = {
  ListGateways: listGateways,
  DescribeGatewayInformation: describeGatewayInformation,
  DescribeCache: describeCache,
  DescribeUploadBuffer: describeUploadBuffer,
};
