import { resolve } from 'node:path';
import { sandboxStateDir } from '../../aws/session.js';
import { confirmDestructive, type CommandContext } from '../../core/context.js';
import { ERR } from '../../core/error-codes.js';
import { AwsarchError } from '../../core/errors.js';
import type { CommandResult } from '../../ui/io-host.js';

/** Deletes the sandbox state after confirmation. */
export async function resetSandboxState(ctx: CommandContext, options: { stateDir?: string }): Promise<CommandResult> {
  const { resetSandbox } = await import('../index.js');
  const stateDir = resolve(options.stateDir ?? sandboxStateDir(ctx.env));
  if (!(await confirmDestructive(ctx, `Delete all sandbox state in ${stateDir}?`))) {
    throw new AwsarchError(ERR.CANCELLED, 'reset cancelled; nothing was deleted');
  }
  await resetSandbox(stateDir);
  return {
    data: { stateDir, reset: true },
    human: [{ kind: 'text', lines: [`sandbox state in ${stateDir} deleted`] }],
  };
}
