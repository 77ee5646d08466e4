import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { sandboxStateDir } from '../aws/session.js';
import { confirmDestructive, type CommandContext } from '../core/context.js';
import type { ErrorCode } from '../core/codes.js';
import { ERR } from '../core/error-codes.js';
import { AwsarchError } from '../core/errors.js';
import { MSG } from '../core/message-codes.js';
import { toDocument } from '../documents/document.js';
import type { CommandResult } from '../ui/io-host.js';
import {
  sandboxDumpView,
  sandboxFaultView,
  sandboxResetView,
  sandboxSeedView,
  sandboxServeView,
} from '../ui/views/sandbox.js';
import { parsePositiveInt, valueOption } from './options.js';
import { FUNCTION_FAULT_HELP, HYBRID_FAULT_HELP } from './sandbox-fault-help.js';
import type { RunAction } from './run-action.js';
import type { SandboxUsageProblem } from '@awsarch/aws-sandbox';

const PORT_DEFAULT = 4566;

/** `awsarch sandbox start|seed|fault|dump|reset`. */
export function registerSandboxCommands(program: Command, runAction: RunAction): void {
  const sandbox = program
    .command('sandbox')
    .summary('a local stand-in for AWS: start, seed, fault, dump, reset')
    .description(
      'a local stand-in for AWS on 127.0.0.1 that speaks the AWS wire protocols for the operations awsarch\n' +
        'uses, so you can try awsarch and test pipelines without an AWS account. It is not AWS: it checks no\n' +
        'signatures and imitates only what awsarch calls. Any command takes --sandbox to use it.',
    );

  sandbox
    .command('start')
    .description(
      'serve the sandbox in the foreground until Ctrl-C; other awsarch --sandbox processes using the same state reuse it',
    )
    .addOption(
      valueOption('--port <port>', 'TCP port on 127.0.0.1 (0 picks a free one)')
        .argParser((value) => (value === '0' ? 0 : parsePositiveInt('--port')(value)))
        .default(PORT_DEFAULT),
    )
    .addOption(valueOption('--state <dir>', 'state directory (default: AWSARCH_SANDBOX_DIR or .awsarch/sandbox)'))
    .addHelpText(
      'after',
      `
Environment:
  AWSARCH_SANDBOX_CREATE_ACCOUNT_MS  how long CreateAccount stays IN_PROGRESS (default 1500)
  AWSARCH_SANDBOX_FAILOVER_MINUTE_MS how long a minute of a BGP failover test lasts (default 60000)
  AWSARCH_SANDBOX_CFN_RESOURCE_MS    time CloudFormation takes per resource of a stack operation (default 20)
  AWSARCH_SANDBOX_RETRY_MINUTE_MS    how long a minute of retry waiting and event age lasts (Lambda, streams; default 1000)
  AWSARCH_SANDBOX_LAMBDA_CONCURRENCY execution environments per function (default 2)
  AWSARCH_SANDBOX_LAMBDA_IDLE_MS     how long an idle execution environment lives (default 30000)
  AWSARCH_SANDBOX_FAULTS             injected faults, e.g. throttle=0.3,latency=40ms,CreateAccount=ConcurrentModificationException;
                                     ProvisionResource=NotStabilized makes CloudFormation resources fail,
                                     LambdaHandler=InjectedError@0.05 fails 5% of invocations

While it runs, it also runs the background work of the state directory: the workloads' asynchronous
invocations and retries, stream and queue pollers, schedules (one process does, whichever holds the lease).

Example:
  $ awsarch sandbox start --port 4566 &
  $ AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws --endpoint-url http://127.0.0.1:4566 organizations describe-organization`,
    )
    .action(async (opts: { port: number; state?: string }, command: Command) =>
      runAction(command, {
        aws: false,
        endsOnInterrupt: true,
        run: (ctx) => serveSandbox(ctx, { port: opts.port, stateDir: opts.state }),
      }),
    );

  sandbox
    .command('seed')
    .description('write a reference topology into the sandbox state (idempotent; the region is --region)')
    .argument('<name>', 'the seed to apply (see below)')
    .addOption(valueOption('--state <dir>', 'state directory (default: AWSARCH_SANDBOX_DIR or .awsarch/sandbox)'))
    .addOption(
      valueOption(
        '--account <id|name>',
        'orders, ride-sharing: the account the workload is deployed in (default: the management account)',
      ),
    )
    .addOption(
      valueOption('--count <n>', 'orders, ride-sharing: how many orders (default 300) or rides (default 30)').argParser(
        parsePositiveInt('--count'),
      ),
    )
    .addHelpText(
      'after',
      `
Seeds:
  hybrid   Direct Connect (two 10 Gbps connections at EqDC2 and CSVA1, transit VIFs with BGP up, a
           Direct Connect gateway) and a BGP VPN backup with two tunnels on the shared transit gateway
           (awsarch-shared-tgw), announcing 10.0.0.0/9 and 172.16.0.0/12; Route 53 Resolver inbound
           and outbound endpoints in two AZs with a forwarding rule for corp.example.com; an S3 File
           Gateway on-premises with an NFS share; an AD Connector for corp.example.com in the hub VPC.
           Built in the "Shared Services" account when the organization has one, else in the
           management account.
  network  the shared transit gateway (awsarch-shared-tgw, in "Shared Services") and the log-archive
           bucket with its CloudTrail/Config policy (in "Log Archive") that \`awsarch baseline\` builds
           on; run it after vending the accounts.
  orders   traffic for a deployed orders workload: a generated history of --count orders written to its
           event store (one item per commit); the table's stream feeds the projector (a Lambda the
           sandbox runs), which builds the read models.
  ride-sharing
           traffic for a deployed ride-sharing workload: --count rides driven through its six services
           as the apps would (drivers online, RequestRide, AcceptRide, StartRide, CompleteRide by Lambda
           Invoke); the services publish every event and consume each other's through their rules, and
           the bus archives them for \`awsarch replay ride-sharing\`.
  compliance
           a week of running the landing zone in every account whose baseline enabled Security Hub:
           AWS Config results for the controls of its standards (most compliant, some not) with the
           matching Security Hub findings, GuardDuty findings, a stopped trail and one without log file
           validation (curated for the demo accounts, reproducibly random for others). Run it after
           \`awsarch apply\` (or \`baseline apply\`); then \`awsarch compliance --all\`.

Examples:
  $ awsarch sandbox seed hybrid
  $ awsarch sandbox seed network
  $ awsarch sandbox seed compliance
  $ awsarch --region eu-west-1 sandbox seed hybrid --state /tmp/sandbox
  $ awsarch sandbox seed orders --account Dev --count 1000`,
    )
    .action(async (name: string, opts: { state?: string; account?: string; count?: number }, command: Command) =>
      runAction(command, {
        aws: false,
        run: (ctx) => seedSandbox(ctx, { name, stateDir: opts.state, account: opts.account, count: opts.count }),
      }),
    );

  sandbox
    .command('fault')
    .description(
      'change the physical state of the seeded hybrid topology (a link, a BGP session or a tunnel going down, and\n' +
        "back), or make a deployed workload's functions fail some of their invocations",
    )
    .argument('<name>', 'the fault (see below)')
    .argument(
      '[target]',
      'what it applies to: a connection, virtual interface or VPN (id or name), a tunnel number, an AZ, or part of a function name',
    )
    .addOption(valueOption('--state <dir>', 'state directory (default: AWSARCH_SANDBOX_DIR or .awsarch/sandbox)'))
    .addOption(
      valueOption(
        '--error-rate <ratio>',
        'function-errors: the share of invocations that fail, 0..1 (default 1)',
      ).argParser(parseRatio),
    )
    .addHelpText(
      'after',
      () => `
Faults (applied in the network account and --region; a running sandbox sees them on its next request):
${Object.entries(HYBRID_FAULT_HELP)
  .map(([name, text]) => `  ${name.padEnd(17)}${text}`)
  .join('\n')}

Function faults (in --region, any account; the sandbox's retries, dead-letter queues and on-failure
destinations then do what AWS does with failing invocations):
${Object.entries(FUNCTION_FAULT_HELP)
  .map(([name, text]) => `  ${name.padEnd(17)}${text}`)
  .join('\n')}

Examples:
  $ awsarch sandbox fault dx-down
  $ awsarch sandbox fault bgp-down corp-transit-eqdc2
  $ awsarch sandbox fault vpn-tunnel-down 2
  $ awsarch sandbox fault restore
  $ awsarch sandbox fault function-errors Projector --error-rate 0.2
  $ awsarch sandbox fault function-restore`,
    )
    .action(
      async (
        name: string,
        target: string | undefined,
        opts: { state?: string; errorRate?: number },
        command: Command,
      ) =>
        runAction(command, {
          aws: false,
          run: (ctx) => injectSandboxFault(ctx, { name, target, stateDir: opts.state, rate: opts.errorRate }),
        }),
    );

  sandbox
    .command('dump')
    .description(
      'print the sandbox state as JSON, whole or one service, for looking into it (it is kept as per-service\n' +
        'snapshots plus a journal of changes under STATE/state/; the journal lines are JSON too)',
    )
    .addOption(valueOption('--service <name>', 'only this service, e.g. organizations, ec2, iam'))
    .addOption(valueOption('--state <dir>', 'state directory (default: AWSARCH_SANDBOX_DIR or .awsarch/sandbox)'))
    .addHelpText(
      'after',
      "\nExamples:\n  $ awsarch sandbox dump --service organizations | jq '.services.organizations.accounts | length'\n  $ awsarch sandbox dump --output json > sandbox-state.json",
    )
    .action(async (opts: { service?: string; state?: string }, command: Command) =>
      runAction(command, {
        aws: false,
        run: (ctx) => dumpSandboxState(ctx, { service: opts.service, stateDir: opts.state }),
      }),
    );

  sandbox
    .command('reset')
    .description('delete all sandbox state (organization, accounts, everything); asks first, --yes in pipelines')
    .addOption(valueOption('--state <dir>', 'state directory (default: AWSARCH_SANDBOX_DIR or .awsarch/sandbox)'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ awsarch sandbox reset\n  $ awsarch sandbox reset --yes --state /tmp/sandbox',
    )
    .action(async (opts: { state?: string }, command: Command) =>
      runAction(command, {
        aws: false,
        run: (ctx) => resetSandboxState(ctx, { stateDir: opts.state }),
      }),
    );
}

/**
 * The sandbox package is loaded only when a sandbox command runs, so `--help` and every other command
 * load none of it. Its usage errors become awsarch's bad-input errors (exit code 2) with a hint.
 */
async function sandboxPackage() {
  return import('@awsarch/aws-sandbox');
}

/** --error-rate: a share between 0 and 1. */
function parseRatio(value: string): number {
  const ratio = /^\d*\.?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(ratio >= 0 && ratio <= 1))
    throw new InvalidArgumentError(`--error-rate must be a number between 0 and 1; got "${value}"`);
  return ratio;
}

/** The sandbox package's usage problems, as awsarch's registered error codes (all bad input, exit 2). */
const USAGE_ERRORS: Record<SandboxUsageProblem, { error: ErrorCode; hint?: string }> = {
  'unknown-seed': { error: ERR.UNKNOWN_SEED, hint: 'run `awsarch sandbox seed --help` to see the seeds' },
  'seed-precondition': { error: ERR.SEED_PRECONDITION },
  'unknown-fault': {
    error: ERR.UNKNOWN_FAULT,
    hint: 'run `awsarch sandbox fault --help` to see the faults; `awsarch sandbox seed hybrid` creates the topology, `awsarch deploy` the functions',
  },
  'bad-fault-rate': { error: ERR.BAD_FAULT_RATE, hint: 'give --error-rate as a share between 0 and 1, e.g. 0.05' },
  'port-in-use': { error: ERR.PORT_IN_USE, hint: 'pick another with --port, or --port 0 for any free port' },
  'unknown-service': { error: ERR.UNKNOWN_SERVICE, hint: 'leave out --service for the whole state' },
};

async function asAwsarchError(error: unknown): Promise<unknown> {
  const { SandboxUsageError } = await sandboxPackage();
  if (!(error instanceof SandboxUsageError)) return error;
  const { error: code, hint } = USAGE_ERRORS[error.problem];
  return new AwsarchError(code, error.message, { outcome: 'bad-input', hint });
}

/** Serves the sandbox in the foreground until Ctrl-C, recording its endpoint so --sandbox processes reuse it. */
async function serveSandbox(ctx: CommandContext, options: { port: number; stateDir?: string }): Promise<CommandResult> {
  const { serveForeground } = await sandboxPackage();
  const sandbox = await serveForeground({
    stateDir: options.stateDir ?? sandboxStateDir(ctx.env),
    port: options.port,
  }).catch(async (error: unknown) => {
    throw await asAwsarchError(error);
  });
  const task = ctx.io.task(`Sandbox serving ${sandbox.endpoint}`);
  ctx.io.info(MSG.SANDBOX_STARTED, `sandbox at ${sandbox.endpoint}, state in ${sandbox.stateDir}; Ctrl-C stops it`, {
    endpoint: sandbox.endpoint,
    stateDir: sandbox.stateDir,
  });
  ctx.io.info(
    MSG.SANDBOX_USAGE,
    `other shells: AWSARCH_SANDBOX_DIR=${sandbox.stateDir} awsarch --sandbox ... (reuses this server), or --endpoint-url ${sandbox.endpoint}`,
  );
  const ticker = setInterval(() => task.update(`${sandbox.requests()} requests`), 1000);
  await new Promise<void>((done) => {
    if (ctx.signal.aborted) return done();
    ctx.signal.addEventListener('abort', () => done(), { once: true });
  });
  clearInterval(ticker);
  const summary = await sandbox.stop();
  task.succeed(`stopped after ${summary.requests} requests`);
  return { data: toDocument('sandbox-start', summary), human: sandboxServeView(summary) };
}

/** Applies a named seed: the sandbox's own topologies, or a deployed workload's traffic through its APIs. */
async function seedSandbox(
  ctx: CommandContext,
  options: { name: string; stateDir?: string; account?: string; count?: number },
): Promise<CommandResult> {
  const stateDir = resolve(options.stateDir ?? sandboxStateDir(ctx.env));
  const region = ctx.options.region;
  const task = ctx.io.task(`Seed ${options.name} in ${region}`);
  try {
    const traffic = await import('../workloads/traffic/sandbox-traffic.js');
    const outcome = traffic.isWorkloadTrafficSeed(options.name)
      ? {
          seed: options.name,
          region,
          stateDir,
          ...(await traffic.seedSandboxWorkloadTraffic(ctx, { ...options, seed: options.name, stateDir })),
        }
      : await (await sandboxPackage()).seedState({ stateDir, name: options.name, region, now: ctx.clock.now() });
    task.succeed(`${outcome.created.length} created, ${outcome.existing.length} already there`);
    const { seed, region: seedRegion, stateDir: seedStateDir, created, existing } = outcome;
    return {
      data: toDocument('sandbox-seed', { seed, region: seedRegion, stateDir: seedStateDir, created, existing }),
      human: sandboxSeedView(outcome),
    };
  } catch (error) {
    task.fail();
    throw await asAwsarchError(error);
  }
}

/** Applies a named fault to the sandbox state (`awsarch sandbox fault NAME [TARGET]`) and lists what changed. */
async function injectSandboxFault(
  ctx: CommandContext,
  options: { name: string; target?: string; stateDir?: string; rate?: number },
): Promise<CommandResult> {
  const { injectFault } = await sandboxPackage();
  const outcome = await injectFault({
    stateDir: options.stateDir ?? sandboxStateDir(ctx.env),
    name: options.name,
    target: options.target,
    rate: options.rate,
    region: ctx.options.region,
    now: ctx.clock.now(),
  }).catch(async (error: unknown) => {
    throw await asAwsarchError(error);
  });
  ctx.io.info(
    MSG.SANDBOX_FAULT,
    `${outcome.fault}${outcome.target ? ` ${outcome.target}` : ''}: ${outcome.changed.length} change(s) in account ${outcome.accountId}`,
    { accountId: outcome.accountId, changed: outcome.changed },
  );
  const { fault, target, region, stateDir, accountId, changed } = outcome;
  return {
    data: toDocument('sandbox-fault', { fault, target, region, stateDir, accountId, changed }),
    human: sandboxFaultView(outcome),
  };
}

/** Reads the sandbox state for a person to look at. */
async function dumpSandboxState(ctx: CommandContext, options: { service?: string; stateDir?: string }) {
  const { dumpState } = await sandboxPackage();
  const dump = await dumpState({
    stateDir: options.stateDir ?? sandboxStateDir(ctx.env),
    service: options.service,
  }).catch(async (error: unknown) => {
    throw await asAwsarchError(error);
  });
  return { data: toDocument('sandbox-dump', dump), human: sandboxDumpView(dump) };
}

/** Deletes the sandbox state after confirmation. */
async function resetSandboxState(ctx: CommandContext, options: { stateDir?: string }): Promise<CommandResult> {
  const stateDir = resolve(options.stateDir ?? sandboxStateDir(ctx.env));
  if (!(await confirmDestructive(ctx, `Delete all sandbox state in ${stateDir}?`))) {
    throw new AwsarchError(ERR.CANCELLED, 'reset cancelled; nothing was deleted');
  }
  const { resetState } = await sandboxPackage();
  const outcome = await resetState({ stateDir });
  return { data: toDocument('sandbox-reset', outcome), human: sandboxResetView(outcome) };
}
