import { usageError } from '../core/errors.js';
// The workloads run from workloads-cdk/dist (built by `npm run build`); `#workloads/*` maps there at run
// time (package.json "imports") and to the sources for the type-check (tsconfig paths).
import { WORKLOADS, type WorkloadDefinition } from '#workloads/catalog.js';
import { ERR } from '../core/error-codes.js';

export { WORKLOADS, type WorkloadDefinition };

/** The named bundled workload, or a usage error listing them. */
export function resolveWorkload(name: string): WorkloadDefinition {
  const workload = WORKLOADS.find((candidate) => candidate.name === name);
  if (!workload) {
    throw usageError(
      ERR.UNKNOWN_WORKLOAD,
      `there is no bundled workload "${name}"`,
      `choose one of: ${WORKLOADS.map((candidate) => candidate.name).join(', ')} (see awsarch workloads list)`,
    );
  }
  return workload;
}
