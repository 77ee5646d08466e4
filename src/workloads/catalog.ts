import { usageError } from '../core/errors.js';
// The workloads are compiled from workloads-cdk/ to workloads-cdk/dist by `npm run build` (before src/).
import { WORKLOADS, type WorkloadDefinition } from '../../workloads-cdk/dist/catalog.js';

export { WORKLOADS, type WorkloadDefinition };

/** The named bundled workload, or a usage error listing them. */
export function resolveWorkload(name: string): WorkloadDefinition {
  const workload = WORKLOADS.find((candidate) => candidate.name === name);
  if (!workload) {
    throw usageError('unknown-workload', `there is no bundled workload "${name}"`, `choose one of: ${WORKLOADS.map((candidate) => candidate.name).join(', ')} (see awsarch workloads list)`);
  }
  return workload;
}
