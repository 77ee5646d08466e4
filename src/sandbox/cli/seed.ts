import { resolve } from 'node:path';
import { sandboxStateDir } from '../../aws/session.js';
import type { CommandContext } from '../../core/context.js';
import { ERR } from '../../core/error-codes.js';
import { usageError } from '../../core/errors.js';
import type { CommandResult } from '../../ui/io-host.js';
import { applySeed, UnknownSeedError } from '../seeds/apply-seed.js';
import { SeedPreconditionError } from '../seeds/seed.js';

/** Seeds that generate a deployed workload's traffic through the AWS APIs (its event store, its bus). */
const WORKLOAD_SEEDS = ['orders', 'ride-sharing'];

/** Writes a workload's generated traffic through the sandbox's APIs, in the account the workload is deployed in. */
async function seedWorkload(
  ctx: CommandContext,
  stateDir: string,
  options: { name: string; account?: string; count?: number },
) {
  const { openAwsSession } = await import('../../aws/session.js');
  const session = await openAwsSession(
    { ...ctx.options, sandbox: true },
    ctx.io,
    { ...ctx.env, AWSARCH_SANDBOX_DIR: stateDir },
    'awsarch-seed',
  );
  try {
    const { workloadAccount } = await import('../../workloads/replay/workload-stack.js');
    const traffic = await import('../../workloads/traffic/seed-workload-traffic.js');
    const account = await workloadAccount({ aws: session.clients }, options.account);
    return options.name === 'orders'
      ? await traffic.seedOrdersTraffic(account, options.count ?? 300, ctx.clock.now())
      : await traffic.seedRideSharingTraffic(account, options.count ?? 150, ctx.clock.now());
  } finally {
    await session.close();
  }
}

/** Applies a named seed to the sandbox state and lists what it created or found. */
export async function seedSandbox(
  ctx: CommandContext,
  options: { name: string; stateDir?: string; account?: string; count?: number },
): Promise<CommandResult> {
  const stateDir = resolve(options.stateDir ?? sandboxStateDir(ctx.env));
  const task = ctx.io.task(`Seed ${options.name} in ${ctx.options.region}`);
  try {
    const summary = WORKLOAD_SEEDS.includes(options.name)
      ? await seedWorkload(ctx, stateDir, options)
      : await applySeed(stateDir, options.name, ctx.options.region, ctx.clock.now());
    task.succeed(`${summary.created.length} created, ${summary.existing.length} already there`);
    const lines = [
      ...summary.created.map((line) => `created  ${line}`),
      ...summary.existing.map((line) => `exists   ${line}`),
    ];
    return {
      data: { seed: options.name, region: ctx.options.region, stateDir, ...summary },
      human: [{ kind: 'text', lines }],
    };
  } catch (error) {
    task.fail();
    if (error instanceof UnknownSeedError)
      throw usageError(ERR.UNKNOWN_SEED, error.message, 'run `awsarch sandbox seed --help` to see the seeds');
    if (error instanceof SeedPreconditionError) throw usageError(ERR.SEED_PRECONDITION, error.message);
    throw error;
  }
}
