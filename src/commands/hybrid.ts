import { InvalidArgumentError, type Command } from 'commander';
import { registerHybridAlarmCommands } from './hybrid-alarms.js';
import { collect, envFlag, flagOption, parseDuration, parsePositiveInt, readFlag, valueOption } from './options.js';
import type { RunAction } from './run-action.js';

const DEFAULT_WATCH_SECONDS = 10;
const MAX_TEST_MINUTES = 4320;

interface StatusOptions {
  /** true for --watch alone, else the period in ms. */
  watch?: number | boolean;
  prefix: string[];
  detailedExitcode?: boolean;
  account?: string;
  /** False with --no-account-dns. */
  accountDns: boolean;
}

interface FailoverOptions {
  vif: string[];
  duration: number;
  wait?: boolean;
  interval: number;
  timeout: number;
  account?: string;
}

/** The value of --watch SECONDS (or 30s, 1m): a period of at least a second, in ms. */
export function parseWatch(value: string): number {
  const ms = parseDuration(value);
  if (ms < 1000) throw new InvalidArgumentError('--watch must be at least 1 second');
  return ms;
}

/** --watch alone refreshes every 10 s. */
export function watchPeriod(value: number | boolean | undefined): number | undefined {
  if (value === undefined || value === false) return undefined;
  return value === true ? DEFAULT_WATCH_SECONDS * 1000 : value;
}

/** `awsarch hybrid status|failover-test`. */
export function registerHybridCommands(program: Command, runAction: RunAction): void {
  const hybrid = program
    .command('hybrid')
    .description(
      'hybrid connectivity: is on-premises traffic on Direct Connect, on the VPN backup, or nowhere, and why; Storage\n' +
        'Gateway, AD Connector and DNS in every account; a network lint; BGP failover tests; CloudWatch alarms',
    );

  hybrid
    .command('status')
    .description(
      'the path to each on-premises prefix (Direct Connect, VPN or none) through the transit gateway; the health\n' +
        'of every connection, virtual interface, tunnel, Resolver endpoint, Storage Gateway and file share, and AD\n' +
        'Connector (are its on-premises DNS servers on a hybrid path?); DNS in every account of the organization\n' +
        '(is each baselined VPC associated with the forwarding rules shared through AWS RAM?); and a network lint\n' +
        '(VPC ranges inside on-premises prefixes, static routes shadowing Direct Connect, one DX location, VPN tunnels\n' +
        'announcing differently, several VPNs without ECMP, Resolver endpoints in one AZ). Findings in plain English,\n' +
        'each with what to change. Reads everything in parallel in at most three rounds of API calls.',
    )
    .addOption(
      valueOption(
        '--watch [seconds]',
        `redraw every SECONDS (default ${DEFAULT_WATCH_SECONDS}) until Ctrl-C, marking what changed`,
      ).argParser(parseWatch),
    )
    .addOption(
      valueOption(
        '--prefix <cidr>',
        'check this on-premises prefix (repeatable; default: every prefix Direct Connect and the VPN propagate)',
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(
      flagOption(
        '--detailed-exitcode',
        'exit 0 when the primary path is healthy, 4 when degraded (backup path or redundancy lost), 5 when a prefix has no path',
      ),
    )
    .addOption(
      valueOption(
        '--account <account>',
        "the account that owns the transit gateway and Direct Connect (id, e-mail or name; default: the caller's)",
      ),
    )
    .addOption(
      flagOption(
        '--no-account-dns',
        "skip DNS in the organization's other accounts (one AssumeRole and three reads per account; --watch re-reads it every 5 minutes)",
      ),
    )
    .addHelpText(
      'after',
      `
Exit codes with --detailed-exitcode: 0 healthy; 4 degraded (traffic on the backup, redundancy lost, a Storage
Gateway offline, an AD Connector impaired, a VPC that would not resolve on-premises names, a lint warning);
5 a prefix has no path.

Route selection follows AWS's documented order: longest prefix; for the same prefix a static route before
propagated ones, then Direct Connect gateway before VPN; within one type the shorter AS_PATH, then the lower MED.

Examples:
  $ awsarch hybrid status --account "Shared Services"
  $ awsarch hybrid status --prefix 10.0.0.0/8 --prefix 172.16.0.0/12 --detailed-exitcode
  $ awsarch hybrid status --watch 5
  $ awsarch --output json hybrid status | jq '.assessment.prefixes[] | {prefix, path}'`,
    )
    .action(async (opts: StatusOptions, command: Command) =>
      runAction(command, {
        endsOnInterrupt: watchPeriod(opts.watch) !== undefined,
        run: async (ctx, screen) => {
          const { hybridStatus, hybridStatusOutcome } = await import('../hybrid/status.js');
          const { hybridStatusView, statusBlocks } = await import('../ui/views/hybrid-status.js');
          const { hybridStatusLiveDocument, hybridStatusResultDocument } = await import('../documents/hybrid.js');
          const detailed = readFlag(opts.detailedExitcode, ctx.env, '--detailed-exitcode');
          const request = {
            account: opts.account,
            prefixes: opts.prefix,
            watchMs: watchPeriod(opts.watch),
            detailedExitCode: detailed,
            accountDns: opts.accountDns && !envFlag(ctx.env, '--no-account-dns'),
          };
          const data = await hybridStatus(ctx, request, (frame) =>
            screen.live({ data: hybridStatusLiveDocument(frame), human: statusBlocks(frame) }),
          );
          return {
            data: hybridStatusResultDocument(data),
            human: hybridStatusView(data),
            outcome: hybridStatusOutcome(data, detailed),
          };
        },
      }),
    );

  registerHybridAlarmCommands(hybrid, runAction);

  hybrid
    .command('failover-test')
    .description(
      "run AWS's BGP failover test (StartBgpFailoverTest) on virtual interfaces: watch the path move to the VPN,\n" +
        'end the test (StopBgpFailoverTest, or let it expire with --wait), watch it come back, and report both\n' +
        'times and the test history. Refuses, changing nothing, when the VPN backup is not healthy. Asks first\n' +
        '(--yes without a terminal); Ctrl-C stops the test before exiting.',
    )
    .addOption(
      valueOption(
        '--vif <id|name>',
        'the virtual interface to test (repeatable: test every interface of a gateway to move traffic to the VPN)',
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(
      valueOption(
        '--duration <minutes>',
        `how long AWS keeps BGP down at most (1-${MAX_TEST_MINUTES}; a short default limits the outage if awsarch dies)`,
      )
        .argParser((value) => {
          const minutes = parsePositiveInt('--duration')(value);
          if (minutes > MAX_TEST_MINUTES)
            throw new InvalidArgumentError(`--duration must be at most ${MAX_TEST_MINUTES} minutes`);
          return minutes;
        })
        .default(5),
    )
    .addOption(
      flagOption('--wait', 'let the test run its whole duration instead of stopping it once the fail-over is seen'),
    )
    .addOption(
      valueOption('--interval <duration>', 'how often to read the path while the test runs')
        .argParser(parseDuration)
        .default(5000, '5s'),
    )
    .addOption(
      valueOption('--timeout <duration>', 'give up a phase (fail-over, end, fail-back) after this long')
        .argParser(parseDuration)
        .default(10 * 60_000, '10m'),
    )
    .addOption(
      valueOption(
        '--account <account>',
        "the account that owns the virtual interfaces (id, e-mail or name; default: the caller's)",
      ),
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 traffic moved as expected and came back, 4 it did not (or the test was refused because the
backup is unhealthy; nothing changed then), 5 traffic was dropped during the test (it is stopped at once).

Examples:
  $ awsarch hybrid failover-test --vif dxvif-fgq61m6w
  $ awsarch hybrid failover-test --vif corp-transit-eqdc2 --vif corp-transit-csva1 --duration 10 --yes
  $ awsarch --output json hybrid failover-test --vif dxvif-fgq61m6w --wait --yes | jq -s 'last | {outcome, failoverMs, failbackMs}'

With --output json, stdout has one line per change of the path seen during the test ({phase, path,
status, prefixes}), then the result on the last line.`,
    )
    .action(async (opts: FailoverOptions, command: Command) =>
      runAction(command, {
        reportsInterruption: true,
        run: async (ctx, screen) => {
          const { runFailoverTest } = await import('../hybrid/failover-test.js');
          const { failoverTestOutcome } = await import('../hybrid/failover-result.js');
          const { failoverFrameDocument } = await import('../documents/hybrid.js');
          const { toDocument } = await import('../documents/document.js');
          const { failoverFrameView, failoverView } = await import('../ui/views/hybrid-failover.js');
          const request = {
            account: opts.account,
            vifs: opts.vif,
            durationMinutes: opts.duration,
            wait: readFlag(opts.wait, ctx.env, '--wait'),
            intervalMs: opts.interval,
            timeoutMs: opts.timeout,
          };
          const run = await runFailoverTest(ctx, request, (frame) =>
            screen.live({
              data: failoverFrameDocument(frame.phase, frame.observed.assessment, frame.at, frame.alarming),
              human: failoverFrameView(frame),
            }),
          );
          return {
            data: toDocument('hybrid-failover-test', run.data),
            human: failoverView(run),
            outcome: failoverTestOutcome(run.data),
          };
        },
      }),
    );
}
