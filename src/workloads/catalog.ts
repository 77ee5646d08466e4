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

/** The JSON of `workloads list`: each workload with its stacks and settings. */
export interface WorkloadList {
  workloads: Array<
    Pick<WorkloadDefinition, 'name' | 'title' | 'description' | 'stacks'> & {
      context: Array<{ key: string; description: string; default: string }>;
    }
  >;
}

export function workloadList(workloads: readonly WorkloadDefinition[]): WorkloadList {
  return {
    workloads: workloads.map((workload) => ({
      name: workload.name,
      title: workload.title,
      description: workload.description,
      stacks: workload.stacks,
      context: workload.context.map(({ key, description, default: fallback }) => ({
        key,
        description,
        default: fallback,
      })),
    })),
  };
}
