import { openAwsSession } from '../../aws/session.js';
import type { CommandContext } from '../../core/context.js';
import { workloadAccount } from '../replay/workload-stack.js';
import { seedOrdersTraffic, seedRideSharingTraffic, type TrafficSummary } from './seed-workload-traffic.js';

/** The seeds of `awsarch sandbox seed` that generate a deployed workload's traffic through the AWS APIs. */
export const WORKLOAD_TRAFFIC_SEEDS = ['orders', 'ride-sharing'] as const;
export type WorkloadTrafficSeed = (typeof WORKLOAD_TRAFFIC_SEEDS)[number];

export function isWorkloadTrafficSeed(name: string): name is WorkloadTrafficSeed {
  return (WORKLOAD_TRAFFIC_SEEDS as readonly string[]).includes(name);
}

/**
 * Writes a workload's generated traffic (its event store, or its bus) through the sandbox serving stateDir,
 * in the account the workload is deployed in (default: the management account).
 */
export async function seedSandboxWorkloadTraffic(
  ctx: CommandContext,
  options: { seed: WorkloadTrafficSeed; stateDir: string; account?: string; count?: number },
): Promise<TrafficSummary> {
  const session = await openAwsSession(
    { ...ctx.options, sandbox: true },
    ctx.io,
    { ...ctx.env, AWSARCH_SANDBOX_DIR: options.stateDir },
    'awsarch-seed',
  );
  try {
    const account = await workloadAccount({ aws: session.clients }, options.account);
    return options.seed === 'orders'
      ? await seedOrdersTraffic(account, options.count ?? 300, ctx.clock.now())
      : await seedRideSharingTraffic(account, options.count ?? 30, ctx.clock.now());
  } finally {
    await session.close();
  }
}
