import { resolve } from 'node:path';
import { sandboxStateDir } from '../../aws/session.js';
import type { CommandContext } from '../../core/context.js';
import { ERR } from '../../core/error-codes.js';
import { usageError } from '../../core/errors.js';
import { MSG } from '../../core/message-codes.js';
import type { CommandResult } from '../../ui/io-host.js';
import { applyHybridFaultToStateDir, UnknownFaultError } from '../hybrid-faults.js';

/** Applies a named fault to the sandbox state (`awsarch sandbox fault NAME [TARGET]`) and lists what changed. */
export async function injectSandboxFault(
  ctx: CommandContext,
  options: { name: string; target?: string; stateDir?: string },
): Promise<CommandResult> {
  const stateDir = resolve(options.stateDir ?? sandboxStateDir(ctx.env));
  try {
    const outcome = await applyHybridFaultToStateDir(stateDir, {
      name: options.name,
      target: options.target,
      region: ctx.options.region,
      now: ctx.clock.now(),
    });
    const lines = outcome.changed.length > 0 ? outcome.changed : [`nothing to change: already ${options.name}`];
    ctx.io.info(
      MSG.SANDBOX_FAULT,
      `${options.name}${options.target ? ` ${options.target}` : ''}: ${outcome.changed.length} change(s) in account ${outcome.accountId}`,
      outcome,
    );
    return {
      data: { fault: options.name, target: options.target, region: ctx.options.region, stateDir, ...outcome },
      human: [{ kind: 'text', lines }],
    };
  } catch (error) {
    if (error instanceof UnknownFaultError)
      throw usageError(
        ERR.UNKNOWN_FAULT,
        error.message,
        'run `awsarch sandbox fault --help` to see the faults; `awsarch sandbox seed hybrid` creates the topology',
      );
    throw error;
  }
}
