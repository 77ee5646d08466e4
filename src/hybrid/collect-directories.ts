import { DirectoryServiceClient, paginateDescribeDirectories } from '@aws-sdk/client-directory-service';
import type { AwsClients } from '../aws/clients.js';
import type { DirectoryInfo } from './snapshot.js';
import {
  optionalRead,
  pageSizeFor,
  trackedPages,
  type ReadOptions,
  type ReadProblems,
  type Tracked,
} from './tracked-reads.js';

/**
 * One round: every Directory Service directory of the account (AD Connectors with the on-premises
 * DNS servers they use). An account without directories has none; a Region without the service is noted.
 */
export async function collectDirectories(
  aws: AwsClients,
  options: ReadOptions,
  problems: ReadProblems,
): Promise<Tracked<DirectoryInfo[]>> {
  const ds = aws.client(DirectoryServiceClient);
  const directories = await optionalRead(
    () =>
      trackedPages(
        0,
        'Reading Directory Service directories',
        paginateDescribeDirectories({ client: ds, pageSize: pageSizeFor(options, 1, 1000) }, {}),
        (page) => page.DirectoryDescriptions,
      ),
    [],
    0,
    problems,
    'Directory Service',
  );
  return {
    depth: directories.depth,
    value: directories.value.map((directory) => ({
      id: directory.DirectoryId ?? '',
      name: directory.Name ?? directory.DirectoryId ?? '',
      shortName: directory.ShortName,
      type: directory.Type ?? 'unknown',
      size: directory.Size,
      stage: directory.Stage ?? 'unknown',
      stageReason: directory.StageReason || undefined,
      dnsIps: directory.DnsIpAddrs ?? [],
      vpcId: directory.ConnectSettings?.VpcId ?? directory.VpcSettings?.VpcId,
      subnetIds: directory.ConnectSettings?.SubnetIds ?? directory.VpcSettings?.SubnetIds ?? [],
      connectIps: directory.ConnectSettings?.ConnectIps ?? [],
    })),
  };
}
