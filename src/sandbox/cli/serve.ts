import { resolve } from 'node:path';
import { sandboxStateDir } from '../../aws/session.js';
import type { CommandContext } from '../../core/context.js';
import { ERR } from '../../core/error-codes.js';
import { AwsarchError } from '../../core/errors.js';
import { MSG } from '../../core/message-codes.js';
import type { CommandResult } from '../../ui/io-host.js';

/** Serves the sandbox in the foreground until Ctrl-C, recording its endpoint so --sandbox processes reuse it. */
export async function serveSandbox(
  ctx: CommandContext,
  options: { port: number; stateDir?: string },
): Promise<CommandResult> {
  const { startSandbox, writeServerRecord } = await import('../index.js');
  const stateDir = resolve(options.stateDir ?? sandboxStateDir(ctx.env));
  const sandbox = await startSandbox({ stateDir, port: options.port }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new AwsarchError(ERR.PORT_IN_USE, `port ${options.port} on 127.0.0.1 is already in use`, {
        hint: 'pick another with --port, or --port 0 for any free port',
      });
    }
    throw error;
  });
  await writeServerRecord(stateDir, sandbox);
  const task = ctx.io.task(`Sandbox serving ${sandbox.endpoint}`);
  ctx.io.info(MSG.SANDBOX_STARTED, `sandbox at ${sandbox.endpoint}, state in ${stateDir}; Ctrl-C stops it`, {
    endpoint: sandbox.endpoint,
    stateDir,
  });
  ctx.io.info(
    MSG.SANDBOX_USAGE,
    `other shells: AWSARCH_SANDBOX_DIR=${stateDir} awsarch --sandbox ... (reuses this server), or --endpoint-url ${sandbox.endpoint}`,
  );
  const ticker = setInterval(() => task.update(`${sandbox.calls.length} requests`), 1000);
  await new Promise<void>((done) => {
    if (ctx.signal.aborted) return done();
    ctx.signal.addEventListener('abort', () => done(), { once: true });
  });
  clearInterval(ticker);
  const served = sandbox.calls.length;
  await sandbox.close();
  task.succeed(`stopped after ${served} requests`);
  return {
    data: { endpoint: sandbox.endpoint, stateDir, requests: served },
    human: [{ kind: 'text', lines: [`sandbox stopped after ${served} requests; state kept in ${stateDir}`] }],
  };
}
