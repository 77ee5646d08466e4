import type { Command } from 'commander';
import { parsePositiveInt, valueOption } from './options.js';
import type { RunAction } from './run-action.js';

const PORT_DEFAULT = 4566;

/** `awsarch sandbox start|seed|reset`. */
export function registerSandboxCommands(program: Command, runAction: RunAction): void {
  const sandbox = program
    .command('sandbox')
    .description(
      'a local stand-in for AWS on 127.0.0.1 that speaks the AWS wire protocols for the operations awsarch\n' +
        'uses, so you can try awsarch and test pipelines without an AWS account. It is not AWS: it checks no\n' +
        'signatures and imitates only what awsarch calls. Any command takes --sandbox to use it.',
    );

  sandbox
    .command('start')
    .description('serve the sandbox in the foreground until Ctrl-C; other awsarch --sandbox processes using the same state reuse it')
    .addOption(valueOption('--port <port>', 'TCP port on 127.0.0.1 (0 picks a free one)').argParser((value) => (value === '0' ? 0 : parsePositiveInt('--port')(value))).default(PORT_DEFAULT))
    .addOption(valueOption('--state <dir>', 'state directory (default: AWSARCH_SANDBOX_DIR or .awsarch/sandbox)'))
    .addHelpText(
      'after',
      `
Environment:
  AWSARCH_SANDBOX_CREATE_ACCOUNT_MS  how long CreateAccount stays IN_PROGRESS (default 1500)
  AWSARCH_SANDBOX_FAULTS             injected faults, e.g. throttle=0.3,latency=40ms,CreateAccount=ConcurrentModificationException

Example:
  $ awsarch sandbox start --port 4566 &
  $ AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws --endpoint-url http://127.0.0.1:4566 organizations describe-organization`,
    )
    .action(async (opts: { port: number; state?: string }, command: Command) =>
      runAction(command, {
        aws: false,
        run: async (ctx) => {
          const { serveSandbox } = await import('../sandbox/cli/serve.js');
          return serveSandbox(ctx, { port: opts.port, stateDir: opts.state });
        },
      }),
    );

  sandbox
    .command('seed')
    .description('write a reference topology into the sandbox state (idempotent; the region is --region)')
    .argument('<name>', 'the seed to apply (see below)')
    .addOption(valueOption('--state <dir>', 'state directory (default: AWSARCH_SANDBOX_DIR or .awsarch/sandbox)'))
    .addHelpText('after', `
Seeds:
  network   the shared transit gateway (Name=awsarch-shared-tgw, in "Shared Services") and the
            log-archive bucket with its CloudTrail/Config policy (in "Log Archive") that
            \`awsarch baseline\` builds on; run it after vending the accounts

Example:
  $ awsarch sandbox seed network`)
    .action(async (name: string, opts: { state?: string }, command: Command) =>
      runAction(command, {
        aws: false,
        run: async (ctx) => {
          const { seedSandbox } = await import('../sandbox/cli/seed.js');
          return seedSandbox(ctx, { name, stateDir: opts.state });
        },
      }),
    );

  sandbox
    .command('reset')
    .description('delete all sandbox state (organization, accounts, everything); asks first, --yes in pipelines')
    .addOption(valueOption('--state <dir>', 'state directory (default: AWSARCH_SANDBOX_DIR or .awsarch/sandbox)'))
    .addHelpText('after', '\nExamples:\n  $ awsarch sandbox reset\n  $ awsarch sandbox reset --yes --state /tmp/sandbox')
    .action(async (opts: { state?: string }, command: Command) =>
      runAction(command, {
        aws: false,
        run: async (ctx) => {
          const { resetSandboxState } = await import('../sandbox/cli/reset.js');
          return resetSandboxState(ctx, { stateDir: opts.state });
        },
      }),
    );
}
