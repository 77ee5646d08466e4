import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { closestNames } from '../core/closest-names.js';
import { usageError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';

interface PartitionsFile {
  partitions: Array<{ id: string; regions: Record<string, unknown> }>;
}

let known: string[] | undefined;

/**
 * Every Region the AWS SDK (the version in the lockfile) knows, in every partition: the SDK's own
 * partitions.json in @aws-sdk/util-endpoints, the file its endpoint rules resolve Regions with.
 */
export function sdkRegions(): string[] {
  if (!known) {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@aws-sdk/util-endpoints');
    const file = join(dirname(entry), 'lib', 'aws', 'partitions.json');
    const partitions = (require(file) as PartitionsFile).partitions;
    known = partitions
      .flatMap((partition) => Object.keys(partition.regions))
      .filter((name) => !name.endsWith('-global'));
  }
  return known;
}

/** Refuses (exit 2, before any AWS call) a Region name the SDK does not know, with the closest ones. */
export function assertKnownRegion(region: string, regions: readonly string[] = sdkRegions()): void {
  if (regions.includes(region)) return;
  const suggestions = closestNames(region, regions, 1);
  throw usageError(
    ERR.BAD_REGION,
    `"${region}" is not an AWS Region${suggestions.length ? `; did you mean ${suggestions.join(' or ')}?` : ''}`,
    suggestions.length
      ? `use --region ${suggestions[0]}`
      : 'use a Region such as us-east-1 or eu-west-2 (a Region newer than this awsarch needs an update of awsarch)',
  );
}
