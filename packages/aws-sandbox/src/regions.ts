// AWS's own endpoint data, as the SDK resolves Regions with it; bundled with the sandbox, so no path lookup.
import partitionsFile from '@aws-sdk/util-endpoints/dist-cjs/lib/aws/partitions.json' with { type: 'json' };

/**
 * Whether AWS has this Region: the Regions of every partition in partitions.json (@aws-sdk/util-endpoints,
 * which the SDK clients this package depends on bring). Pseudo-Regions such as "aws-global" sign for the
 * global endpoints and count as Regions.
 */
const REGIONS = new Set(partitionsFile.partitions.flatMap((partition) => Object.keys(partition.regions)));

export function isAwsRegion(region: string): boolean {
  return REGIONS.has(region);
}
