import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface PartitionsFile {
  partitions: Array<{ regions: Record<string, unknown> }>;
}

let regions: Set<string> | undefined;

/**
 * Whether AWS has this Region: the Regions of every partition in AWS's own endpoint data (partitions.json of
 * @aws-sdk/util-endpoints, reached through the SDK client this package depends on). The pseudo-Regions
 * "aws-global" and the like sign for the global endpoints and count as Regions.
 */
export function isAwsRegion(region: string): boolean {
  if (!regions) {
    const sdk = createRequire(createRequire(import.meta.url).resolve('@aws-sdk/client-dynamodb'));
    const file = join(dirname(sdk.resolve('@aws-sdk/util-endpoints')), 'lib', 'aws', 'partitions.json');
    regions = new Set((sdk(file) as PartitionsFile).partitions.flatMap((partition) => Object.keys(partition.regions)));
  }
  return regions.has(region);
}
