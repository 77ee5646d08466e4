import { randomHex } from '../ids.js';
import type { Subnet, Vpc } from '../services/ec2/model.js';
import { directoryRegionOf, newDirectoryId, type Directory } from '../services/directoryservice/model.js';
import {
  newStorageGatewayId,
  storageGatewayRegionOf,
  type FileShare,
  type Gateway,
} from '../services/storagegateway/model.js';
import type { HybridSite } from './hybrid-resources.js';

const GIB = 1024 ** 3;

/**
 * An S3 File Gateway running on-premises (a VMware VM), its cache disk, and one NFS file share per
 * bucket name: what AWS shows once the gateway is activated and the shares are created.
 */
export function ensureFileGateway(
  site: HybridSite,
  spec: { name: string; ip: string; shares: Array<{ name: string; bucket: string; clients: string[] }> },
): { gateway: Gateway; shares: FileShare[]; created: boolean } {
  const sgw = storageGatewayRegionOf(site.state, site.accountId, site.region);
  const existing = Object.values(sgw.gateways).find((gateway) => gateway.name === spec.name);
  if (existing)
    return {
      gateway: existing,
      shares: Object.values(sgw.fileShares).filter((share) => share.gatewayId === existing.gatewayId),
      created: false,
    };
  const gateway: Gateway = {
    gatewayId: newStorageGatewayId('sgw', (id) => id in sgw.gateways),
    name: spec.name,
    type: 'FILE_S3',
    timezone: 'GMT',
    state: 'RUNNING',
    connected: true,
    hostEnvironment: 'VMWARE',
    softwareVersion: '2.6.0',
    ipv4Addresses: [spec.ip],
    cache: {
      diskIds: [`pci-0000:03:00.0-scsi-0:0:1:0`],
      allocatedBytes: 150 * GIB,
      usedPercent: 38.5,
      dirtyPercent: 2.1,
      hitPercent: 96.4,
    },
    createdAt: site.now,
  };
  sgw.gateways[gateway.gatewayId] = gateway;
  const shares = spec.shares.map((share): FileShare => {
    const created: FileShare = {
      fileShareId: newStorageGatewayId('share', (id) => id in sgw.fileShares),
      type: 'NFS',
      gatewayId: gateway.gatewayId,
      status: 'AVAILABLE',
      name: share.name,
      locationArn: `arn:aws:s3:::${share.bucket}`,
      role: `arn:aws:iam::${site.accountId}:role/StorageGatewayBucketAccess`,
      path: `/${share.name}`,
      clientList: share.clients,
      defaultStorageClass: 'S3_STANDARD',
      createdAt: site.now,
    };
    sgw.fileShares[created.fileShareId] = created;
    return created;
  });
  return { gateway, shares, created: true };
}

/**
 * An AD Connector in the hub VPC (one address per subnet) pointing at the on-premises DNS servers of
 * the corporate domain, Active.
 */
export function ensureAdConnector(
  site: HybridSite,
  spec: { domain: string; shortName: string; dnsIps: string[]; vpc: Vpc; subnets: Subnet[]; connectIps: string[] },
): { directory: Directory; created: boolean } {
  const directories = directoryRegionOf(site.state, site.accountId, site.region).directories;
  const existing = Object.values(directories).find((directory) => directory.name === spec.domain);
  if (existing) return { directory: existing, created: false };
  const directory: Directory = {
    directoryId: newDirectoryId((id) => id in directories),
    name: spec.domain,
    shortName: spec.shortName,
    type: 'ADConnector',
    size: 'Small',
    description: `AD Connector to ${spec.domain} on-premises`,
    stage: 'Active',
    stageLastUpdated: site.now,
    launchTime: site.now,
    customerDnsIps: spec.dnsIps,
    customerUserName: 'svc-adconnector',
    vpcId: spec.vpc.vpcId,
    subnetIds: spec.subnets.map((subnet) => subnet.subnetId),
    availabilityZones: spec.subnets.map((subnet) => subnet.availabilityZone),
    securityGroupId: `sg-${randomHex(17)}`,
    connectIps: spec.connectIps,
  };
  directories[directory.directoryId] = directory;
  return { directory, created: true };
}
