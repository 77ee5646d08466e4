import { resolve } from 'node:path';
import { sandboxStateDir } from '../../aws/session.js';
import type { CommandContext } from '../../core/context.js';
import { usageError } from '../../core/errors.js';
import type { CommandResult } from '../../ui/io-host.js';
import { applySeed, UnknownSeedError } from '../seeds/apply-seed.js';
import { SeedPreconditionError } from '../seeds/seed.js';

/** Applies a named seed to the sandbox state and lists what it created or found. */
export async function seedSandbox(ctx: CommandContext, options: { name: string; stateDir?: string }): Promise<CommandResult> {
  const stateDir = resolve(options.stateDir ?? sandboxStateDir(ctx.env));
  const task = ctx.io.task(`Seed ${options.name} in ${ctx.options.region}`);
  try {
    const summary = await applySeed(stateDir, options.name, ctx.options.region, ctx.clock.now());
    task.succeed(`${summary.created.length} created, ${summary.existing.length} already there`);
    const lines = [...summary.created.map((line) => `created  ${line}`), ...summary.existing.map((line) => `exists   ${line}`)];
    return { data: { seed: options.name, region: ctx.options.region, stateDir, ...summary }, human: [{ kind: 'text', lines }] };
  } catch (error) {
    task.fail();
    if (error instanceof UnknownSeedError) throw usageError('unknown-seed', error.message, 'run `awsarch sandbox seed --help` to see the seeds');
    if (error instanceof SeedPreconditionError) throw usageError('seed-precondition', error.message);
    throw error;
  }
}
