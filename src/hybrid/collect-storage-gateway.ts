import {
  DescribeCacheCommand,
  DescribeGatewayInformationCommand,
  DescribeNFSFileSharesCommand,
  DescribeSMBFileSharesCommand,
  DescribeUploadBufferCommand,
  paginateListFileShares,
  paginateListGateways,
  StorageGatewayClient,
  type GatewayInfo,
} from '@aws-sdk/client-storage-gateway';
import { isAwsError } from '../aws/aws-errors.js';
import type { AwsClients } from '../aws/clients.js';
import { isAwsarchError } from '../core/errors.js';
import type { FileShareInfo, StorageGatewayInfo, StorageGatewaySnapshot } from './snapshot.js';
import {
  optionalRead,
  pageSizeFor,
  trackedCall,
  trackedEach,
  trackedPages,
  type ReadOptions,
  type ReadProblems,
  type Tracked,
} from './tracked-reads.js';

const SERVICE = 'Storage Gateway';

/** DescribeCache answers for cached volume, tape and file gateways; DescribeUploadBuffer for volume and tape ones. */
const HAS_CACHE = new Set(['FILE_S3', 'FILE_FSX_SMB', 'CACHED', 'VTL', 'VTL_SNOW']);
const HAS_UPLOAD_BUFFER = new Set(['STORED', 'CACHED', 'VTL', 'VTL_SNOW']);
/** DescribeNFSFileShares / DescribeSMBFileShares take at most 10 ARNs. */
const SHARES_PER_DESCRIBE = 10;

/** True for AWS's answer about a gateway it cannot reach: InvalidGatewayRequestException with error code GatewayNotConnected. */
export function isGatewayNotConnected(error: unknown): boolean {
  const cause = isAwsarchError(error) ? error.cause : error;
  return (
    isAwsError(cause, 'InvalidGatewayRequestException') &&
    (cause as { error?: { errorCode?: string } }).error?.errorCode === 'GatewayNotConnected'
  );
}

/** A per-gateway read that is simply absent when the gateway is not connected (the gateway is reported offline). */
async function unlessDisconnected<T>(read: () => Promise<Tracked<T>>, after: number): Promise<Tracked<T | 'offline'>> {
  try {
    return await read();
  } catch (error) {
    if (isGatewayNotConnected(error)) return { value: 'offline', depth: after + 1 };
    throw error;
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

async function readGateway(
  sgw: StorageGatewayClient,
  gateway: GatewayInfo,
  after: number,
): Promise<Tracked<StorageGatewayInfo>> {
  const arn = gateway.GatewayARN ?? '';
  const type = gateway.GatewayType ?? 'unknown';
  const [info, cache, buffer] = await Promise.all([
    unlessDisconnected(
      () =>
        trackedCall(after, `Reading Storage Gateway ${gateway.GatewayId}`, () =>
          sgw.send(new DescribeGatewayInformationCommand({ GatewayARN: arn })),
        ),
      after,
    ),
    HAS_CACHE.has(type)
      ? unlessDisconnected(
          () =>
            trackedCall(after, `Reading the cache of Storage Gateway ${gateway.GatewayId}`, () =>
              sgw.send(new DescribeCacheCommand({ GatewayARN: arn })),
            ),
          after,
        )
      : undefined,
    HAS_UPLOAD_BUFFER.has(type)
      ? unlessDisconnected(
          () =>
            trackedCall(after, `Reading the upload buffer of Storage Gateway ${gateway.GatewayId}`, () =>
              sgw.send(new DescribeUploadBufferCommand({ GatewayARN: arn })),
            ),
          after,
        )
      : undefined,
  ]);
  const details = info.value === 'offline' ? undefined : info.value;
  const cacheValue = cache && cache.value !== 'offline' ? cache.value : undefined;
  const bufferValue = buffer && buffer.value !== 'offline' ? buffer.value : undefined;
  return {
    depth: Math.max(info.depth, cache?.depth ?? 0, buffer?.depth ?? 0),
    value: {
      arn,
      id: gateway.GatewayId ?? details?.GatewayId ?? '',
      name: details?.GatewayName ?? gateway.GatewayName ?? gateway.GatewayId ?? '',
      type,
      operationalState: gateway.GatewayOperationalState,
      state: details?.GatewayState,
      connected: info.value !== 'offline',
      hostEnvironment: details?.HostEnvironment ?? gateway.HostEnvironment,
      softwareVersion: details?.SoftwareVersion ?? gateway.SoftwareVersion,
      nextUpdateAvailabilityDate: details?.NextUpdateAvailabilityDate || undefined,
      softwareUpdatesEndDate: details?.SoftwareUpdatesEndDate || undefined,
      deprecationDate: details?.DeprecationDate || undefined,
      cache: cacheValue && {
        allocatedBytes: cacheValue.CacheAllocatedInBytes ?? 0,
        usedPercent: cacheValue.CacheUsedPercentage ?? 0,
        dirtyPercent: cacheValue.CacheDirtyPercentage ?? 0,
        hitPercent: cacheValue.CacheHitPercentage,
      },
      uploadBuffer: bufferValue && {
        allocatedBytes: bufferValue.UploadBufferAllocatedInBytes ?? 0,
        usedBytes: bufferValue.UploadBufferUsedInBytes ?? 0,
      },
    },
  };
}

/** Names and buckets of the shares, ten per call (NFS and SMB separately); the listing already has their status. */
async function describeShares(
  sgw: StorageGatewayClient,
  shares: FileShareInfo[],
  after: number,
): Promise<Tracked<Map<string, { name?: string; location?: string }>>> {
  const batches = [
    ...chunks(
      shares.filter((share) => share.type === 'NFS'),
      SHARES_PER_DESCRIBE,
    ).map((batch) => ({ type: 'NFS' as const, batch })),
    ...chunks(
      shares.filter((share) => share.type === 'SMB'),
      SHARES_PER_DESCRIBE,
    ).map((batch) => ({ type: 'SMB' as const, batch })),
  ];
  const described = await trackedEach(
    batches,
    ({ type, batch }) =>
      trackedCall(after, `Reading ${type} file shares`, async () => {
        const arns = batch.map((share) => share.arn);
        const found =
          type === 'NFS'
            ? ((await sgw.send(new DescribeNFSFileSharesCommand({ FileShareARNList: arns }))).NFSFileShareInfoList ??
              [])
            : ((await sgw.send(new DescribeSMBFileSharesCommand({ FileShareARNList: arns }))).SMBFileShareInfoList ??
              []);
        return found.map(
          (share) => [share.FileShareARN ?? '', { name: share.FileShareName, location: share.LocationARN }] as const,
        );
      }),
    after,
  );
  return { depth: described.depth, value: new Map(described.value.flat()) };
}

/**
 * Round 1: gateways and file shares. Round 2: each gateway's information, cache and upload buffer
 * (a gateway AWS cannot reach is reported offline, not as an error), and the shares' names and buckets.
 * An account without Storage Gateway has an empty picture; a Region without it is noted as such.
 */
export async function collectStorageGateway(
  aws: AwsClients,
  options: ReadOptions,
  problems: ReadProblems,
): Promise<Tracked<StorageGatewaySnapshot>> {
  const sgw = aws.client(StorageGatewayClient);
  const paging = { client: sgw, pageSize: pageSizeFor(options, 1, 100) };
  const [gateways, shares] = await Promise.all([
    optionalRead(
      () =>
        trackedPages(0, 'Reading Storage Gateway gateways', paginateListGateways(paging, {}), (page) => page.Gateways),
      [] as GatewayInfo[],
      0,
      problems,
      SERVICE,
    ),
    optionalRead(
      () =>
        trackedPages(0, 'Reading Storage Gateway file shares', paginateListFileShares(paging, {}), (page) =>
          (page.FileShareInfoList ?? []).map((share): FileShareInfo => ({
            arn: share.FileShareARN ?? '',
            id: share.FileShareId ?? '',
            type: share.FileShareType ?? 'unknown',
            status: share.FileShareStatus ?? 'unknown',
            gatewayArn: share.GatewayARN ?? '',
          })),
        ),
      [] as FileShareInfo[],
      0,
      problems,
      SERVICE,
    ),
  ]);
  const [details, names] = await Promise.all([
    optionalRead(
      () => trackedEach(gateways.value, (gateway) => readGateway(sgw, gateway, gateways.depth), gateways.depth),
      undefined,
      gateways.depth,
      problems,
    ),
    optionalRead(() => describeShares(sgw, shares.value, shares.depth), undefined, shares.depth, problems),
  ]);
  // Without the details (their read failed, see the warnings), a gateway is shown as listed.
  const listed = (gateway: GatewayInfo): StorageGatewayInfo => ({
    arn: gateway.GatewayARN ?? '',
    id: gateway.GatewayId ?? '',
    name: gateway.GatewayName ?? gateway.GatewayId ?? '',
    type: gateway.GatewayType ?? 'unknown',
    operationalState: gateway.GatewayOperationalState,
    connected: true,
  });
  return {
    depth: Math.max(gateways.depth, shares.depth, details.depth, names.depth),
    value: {
      gateways: details.value ?? gateways.value.map(listed),
      fileShares: shares.value.map((share) => ({ ...share, ...names.value?.get(share.arn) })),
    },
  };
}
