import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_ACCESS_ROLE } from './aws/assume-role.js';
import { DEFAULT_MAX_CONCURRENCY } from './aws/scheduler/call-policy.js';
import type { AwsSession } from './aws/session.js';
import { registerAccountCommands } from './commands/account.js';
import { registerBaselineCommands } from './commands/baseline.js';
import { registerComplianceCommand } from './commands/compliance.js';
import { registerCompletionCommand } from './commands/completion.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { describeCommandTree } from './commands/command-tree.js';
import type { CommandSpec } from './completion/command-spec.js';
import { resolveGlobalOptions, type RawGlobalOptions } from './commands/global-options.js';
import { registerHybridCommands } from './commands/hybrid.js';
import { registerLoadCommands } from './commands/load.js';
import { registerLandingZoneCommands } from './commands/landing-zone.js';
import { registerOrgCommands } from './commands/org.js';
import { registerReplayCommands } from './commands/replay.js';
import { flagOption, parsePositiveInt, valueOption } from './commands/options.js';
import type { ActionSpec } from './commands/run-action.js';
import { registerSandboxCommands } from './commands/sandbox.js';
import { registerScpCommands } from './commands/scp.js';
import { registerWorkloadCommands } from './commands/workloads.js';
import { systemClock } from './core/clock.js';
import { AwsarchError, isAwsarchError } from './core/errors.js';
import { ExitCode, exitCodeOf } from './core/exit-code.js';
import { OUTPUT_MODES } from './core/output-mode.js';
import { createIoHost, jsonRequested } from './ui/create-host.js';
import { InterruptibleHost } from './ui/interruptible-host.js';
import type { OutputHost } from './ui/io-host.js';
import { JsonHost } from './ui/json-host.js';
import { PlainHost } from './ui/plain-host.js';
import { processTerminal, type Terminal } from './ui/terminal.js';
import { ERR } from './core/error-codes.js';
import { MSG } from './core/message-codes.js';

/** awsarch's version from its package.json: one level up from dist/cli.js and src/cli.ts, two from dist/bin/cli.js. */
function packageVersion(): string {
  const load = createRequire(import.meta.url);
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = load(path) as { name?: string; version?: string };
      if (pkg.name === 'awsarch' && pkg.version) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return 'unknown';
}

const version = packageVersion();

export interface MainOptions {
  terminal?: Terminal;
  /** Aborted on Ctrl-C by bin/awsarch. */
  signal?: AbortSignal;
}

function buildProgram(runAction: (command: Command, spec: ActionSpec) => Promise<void>): Command {
  const program = new Command('awsarch')
    .description(
      'Run an AWS multi-account landing zone: vend accounts into OUs, guard them with service control ' +
        'policies, baseline them (CloudTrail, Config, GuardDuty, network, roles) and watch for drift, check ' +
        'hybrid connectivity (Direct Connect and VPN), and deploy and replay the bundled workloads. With ' +
        '--sandbox, all of it runs against a local stand-in for AWS, without an AWS account.',
    )
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .addOption(
      valueOption(
        '--profile <name>',
        'AWS shared-config profile to use (default: the SDK credential chain, AWS_PROFILE)',
      ),
    )
    .addOption(
      valueOption(
        '--region <region>',
        "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, then us-east-1)",
      ),
    )
    .addOption(valueOption('--endpoint-url <url>', 'send every AWS call to this endpoint (also AWS_ENDPOINT_URL)'))
    .addOption(
      flagOption(
        '--sandbox',
        'use the local sandbox instead of AWS: started (or reused) on 127.0.0.1, state in .awsarch/sandbox/ or AWSARCH_SANDBOX_DIR',
      ),
    )
    .addOption(
      valueOption(
        '-o, --output <mode>',
        'output: auto (TUI on a terminal, plain lines in CI or pipes), tui, plain, or json',
      ).choices(OUTPUT_MODES),
    )
    .addOption(
      flagOption('-y, --yes', 'answer yes to confirmations (required for destructive steps without a terminal)'),
    )
    .addOption(flagOption('-v, --verbose', 'show debug messages, each AWS call with its request id, and call counts'))
    .addOption(valueOption('--access-role <name>', `role assumed in member accounts (default: ${DEFAULT_ACCESS_ROLE})`))
    .addOption(
      valueOption(
        '--request-timeout <duration>',
        'give each AWS request this long to connect and answer, e.g. 30s or 1500ms; retried as the SDK retries (default: 30s)',
      ),
    )
    .addOption(
      valueOption(
        '--max-concurrency <n>',
        `AWS calls in flight at once over all services, accounts and Regions (default: ${DEFAULT_MAX_CONCURRENCY}); each service in each account and Region also has its own limit, lowered while AWS throttles`,
      ).argParser(parsePositiveInt('--max-concurrency')),
    )
    .addOption(
      new Option(
        '--no-color',
        'no colour in the terminal UI (also NO_COLOR=1 or TERM=dumb; FORCE_COLOR=1 forces colour); plain and JSON output never colour',
      ),
    )
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 an operation failed, 2 bad input (nothing changed), 3 changes pending or drift
(--detailed-exitcode), 4 degraded, 5 down.

Examples:
  $ awsarch --sandbox plan -f templates/landing-zone.yaml
  $ awsarch --sandbox --yes apply -f templates/landing-zone.yaml
  $ awsarch --sandbox org init --ou Security --ou Workloads/Prod
  $ awsarch --sandbox account create --name Dev --email aws+dev@example.com --ou Workloads/Prod --baseline default
  $ awsarch --sandbox scp apply --from templates/landing-zone.yaml --yes
  $ awsarch --sandbox baseline status --all --detailed-exitcode
  $ awsarch --sandbox hybrid status
  $ awsarch --sandbox deploy orders --account Dev --bootstrap
  $ awsarch --profile mgmt --output json account list`,
    );
  registerLandingZoneCommands(program, runAction);
  registerOrgCommands(program, runAction);
  registerAccountCommands(program, runAction);
  registerBaselineCommands(program, runAction);
  registerComplianceCommand(program, runAction);
  registerScpCommands(program, runAction);
  registerHybridCommands(program, runAction);
  registerSandboxCommands(program, runAction);
  registerWorkloadCommands(program, runAction);
  registerReplayCommands(program, runAction);
  registerLoadCommands(program, runAction);
  registerDoctorCommand(program, runAction);
  registerCompletionCommand(program, runAction);
  return program;
}

/** Parses argv, runs the command and returns the exit code; never calls process.exit. */
export async function main(
  argv: string[],
  { terminal = processTerminal(), signal = new AbortController().signal }: MainOptions = {},
): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const userAgent = `awsarch/${version}`;

  const runAction = async (command: Command, spec: ActionSpec): Promise<void> => {
    let io: OutputHost | undefined;
    let session: AwsSession | undefined;
    // After Ctrl-C most commands say one line (or one error document): interrupted, and a re-run resumes.
    // A --watch ends on Ctrl-C by design, and some commands report what Ctrl-C left (a replay left running).
    const saysOnlyInterrupted = !spec.endsOnInterrupt && !spec.reportsInterruption;
    try {
      const options = resolveGlobalOptions(
        {
          ...command.optsWithGlobals<RawGlobalOptions>(),
          regionSource: command.getOptionValueSourceWithGlobals('region'),
        },
        terminal.env,
      );
      const raw = command.optsWithGlobals<RawGlobalOptions>();
      const host = await createIoHost(options.output, terminal, options.verbose, raw.color === false);
      io = saysOnlyInterrupted ? new InterruptibleHost(host, signal) : host;
      if (spec.aws !== false) {
        const { openAwsSession } = await import('./aws/session.js');
        session = await openAwsSession(options, io, terminal.env, userAgent, signal);
      }
      const { AwsClients } = await import('./aws/clients.js');
      const aws =
        session?.clients ??
        new AwsClients({
          region: options.region,
          accessRole: options.accessRole,
          userAgent,
          requestTimeoutMs: options.requestTimeoutMs,
          signal,
        });
      const sandbox =
        session?.endpoint && options.sandbox
          ? { endpoint: session.endpoint, shared: session.sandboxShared === true }
          : undefined;
      const result = await spec.run(
        { io, aws, clock: systemClock, options, signal, env: terminal.env, sandbox, invocation: argv },
        io,
      );
      if (signal.aborted && saysOnlyInterrupted) io.error(interruptedError());
      else io.result(result);
      // Ctrl-C ends a command with 130, unless ending on Ctrl-C is what the command is for (--watch).
      exitCode = exitCodeOf(signal.aborted && !spec.endsOnInterrupt ? 'interrupted' : (result.outcome ?? 'ok'));
    } catch (error) {
      const failure = signal.aborted && saysOnlyInterrupted ? interruptedError() : asAwsarchError(error, signal);
      // Before the host exists (bad global options), --output json still gets its error document.
      const wantsJson = command.optsWithGlobals<RawGlobalOptions>().output === 'json';
      (
        io ?? (wantsJson ? new JsonHost(terminal, { verbose: false }) : new PlainHost(terminal, { verbose: false }))
      ).error(failure);
      if (!isAwsarchError(error) && io && !signal.aborted)
        io.debug(MSG.STACK, (error as Error)?.stack ?? String(error));
      exitCode = signal.aborted ? exitCodeOf('interrupted') : failure.exitCode;
    } finally {
      // Also after a failure: "nothing was changed" can be checked against the writes made.
      if (session && io) {
        const calls = session.clients.callCounts();
        io.debug(
          MSG.AWS_CALL_COUNTS,
          `${calls.total} AWS calls (${calls.reads} reads, ${calls.writes} writes; ${calls.attempts} attempts, ${calls.throttled} throttled, at most ${calls.peakInFlight} in flight)`,
          calls,
        );
      }
      await io?.close();
      await session?.close();
    }
  };

  const program = buildProgram(runAction);
  program.exitOverride();
  program.configureOutput({
    writeOut: (text) => terminal.stdout.write(text),
    writeErr: (text) => terminal.stderr.write(text),
  });
  tidyHelp(program);
  for (const command of allCommands(program)) {
    tidyHelp(command);
    command.exitOverride();
    command.configureOutput({
      writeOut: (text) => terminal.stdout.write(text),
      writeErr: (text) => terminal.stderr.write(text),
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const informational = ['commander.helpDisplayed', 'commander.version'];
      if (informational.includes(error.code)) return ExitCode.Ok;
      // commander has written its message on stderr; a pipeline asking for JSON gets the error document too.
      if (jsonRequested(argv, terminal.env)) new JsonHost(terminal, { verbose: false }).error(usageErrorOf(error));
      return ExitCode.BadInput;
    }
    throw error;
  }
  return exitCode;
}

/**
 * Help that reads well at any width: descriptions flow as paragraphs (commander wraps them), and a
 * command list shows each command's summary - its description up to the first clause.
 */
function tidyHelp(command: Command): void {
  const description = command.description().replace(/([^\n])\n(?!\n)/g, '$1 ');
  command.description(description);
  if (!command.summary() && command.parent) command.summary(summaryOf(description));
}

export function summaryOf(description: string): string {
  const firstLine = description.split('\n')[0] ?? '';
  if (firstLine.length <= 72) return firstLine;
  const cut = [': ', ' (', '. ', '; ']
    .map((separator) => firstLine.indexOf(separator))
    .filter((index) => index >= 10)
    .sort((a, b) => a - b)[0];
  const summary = cut === undefined ? firstLine : firstLine.slice(0, cut);
  return summary.length > 80 ? `${summary.slice(0, 77)}...` : summary;
}

/** The program's command tree as completion scripts see it (for tests and tools; runs nothing). */
export function programCommandTree(): CommandSpec {
  const program = buildProgram(async () => {});
  for (const command of [program, ...allCommands(program)]) tidyHelp(command);
  return describeCommandTree(program);
}

/** Every command that runs an action ("scp apply", "synth"): the document catalog must name each of them. */
export function commandPaths(): string[] {
  const pathOf = (command: Command): string =>
    command.parent?.parent ? `${pathOf(command.parent)} ${command.name()}` : command.name();
  return allCommands(buildProgram(async () => {}))
    .filter((command) => command.commands.length === 0)
    .map(pathOf);
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((child) => [child, ...allCommands(child)]);
}

/** A commander parse error (unknown option, missing argument, ...) as awsarch's bad-usage error. */
function usageErrorOf(error: CommanderError): AwsarchError {
  const message =
    error.code === 'commander.help'
      ? 'a subcommand is required'
      : error.message.replace(/^error: /, '').replace(/\n[\s\S]*$/, '');
  return new AwsarchError(ERR.BAD_USAGE, message, {
    hint: 'run the command with --help for its usage',
    details: { reason: error.code.replace(/^commander\./, '') },
  });
}

/** What an interrupted command says, and all it says after Ctrl-C (unless it reports the interruption itself). */
function interruptedError(): AwsarchError {
  return new AwsarchError(ERR.INTERRUPTED, 'interrupted; nothing is lost - re-run the same command to resume');
}

function asAwsarchError(error: unknown, signal: AbortSignal): AwsarchError {
  if (isAwsarchError(error)) return error;
  if (signal.aborted) return interruptedError();
  const message = error instanceof Error ? error.message : String(error);
  return new AwsarchError(ERR.INTERNAL, `unexpected error: ${message}`, {
    cause: error,
    hint: 'run again with --verbose for details, and report it if it persists',
  });
}
