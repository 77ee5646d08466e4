import { usageError } from '../core/errors.js';
import type { WorkloadDefinition } from './catalog.js';
import { ERR } from '../core/error-codes.js';

/**
 * Turns repeated `--context key=value` into the app's context, checked against the workload's settings:
 * an unknown key or a malformed value is a usage error naming the valid keys. Pure.
 */
export function parseWorkloadContext(
  workload: Pick<WorkloadDefinition, 'name' | 'context'>,
  pairs: readonly string[],
): Record<string, string> {
  const context: Record<string, string> = {};
  const known = new Map(workload.context.map((setting) => [setting.key, setting]));
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    if (separator <= 0)
      throw usageError(
        ERR.BAD_CONTEXT,
        `--context expects key=value; got "${pair}"`,
        `e.g. --context ${workload.context[0]?.key ?? 'key'}=value`,
      );
    const key = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const setting = known.get(key);
    if (!setting) {
      throw usageError(
        ERR.UNKNOWN_CONTEXT,
        `${workload.name} has no setting "${key}"`,
        `its settings are: ${[...known.keys()].join(', ')} (see awsarch workloads list)`,
      );
    }
    if (setting.pattern && !setting.pattern.test(value))
      throw usageError(ERR.BAD_CONTEXT, `--context ${key}: "${value}" is not valid (${setting.description})`);
    context[key] = value;
  }
  return context;
}
