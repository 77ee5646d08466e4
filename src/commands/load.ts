import { InvalidArgumentError, type Command } from 'commander';
import { flagOption, parseDuration, readFlag, valueOption } from './options.js';
import type { RunAction } from './run-action.js';

/** --rate: events (or commands) per second, at least 0.1. */
function parseRate(value: string): number {
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate < 0.1 || rate > 100_000)
    throw new InvalidArgumentError(`--rate must be a number between 0.1 and 100000 per second; got "${value}"`);
  return rate;
}

function parseShare(value: string): number {
  const share = /^\d*\.?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(share >= 0 && share <= 1))
    throw new InvalidArgumentError(`--duplicates must be between 0 and 1; got "${value}"`);
  return share;
}

function positiveDuration(name: string, max: number) {
  return (value: string): number => {
    const ms = parseDuration(value);
    if (ms < 1 || ms > max)
      throw new InvalidArgumentError(`${name} must be between 1ms and ${max / 60_000} minutes; got "${value}"`);
    return ms;
  };
}

interface LoadOptions {
  account?: string;
  rate?: number;
  duration: number;
  settle: number;
  duplicates: number;
  redrive?: boolean;
}

/** `awsarch load ride-sharing|orders`: a load generator against a deployed workload, on AWS or the sandbox. */
export function registerLoadCommands(program: Command, runAction: RunAction): void {
  program
    .command('load')
    .description(
      'put load on a deployed workload and measure it end to end: throughput, latency percentiles, and what\n' +
        'reached its consumers (delivered, lost, duplicated), with live progress. Works against AWS and --sandbox.',
    )
    .argument('<workload>', 'ride-sharing or orders')
    .addOption(
      valueOption(
        '--account <id|name>',
        "the member account the workload runs in (12-digit id, e-mail or name (any case, when unique); default: the caller's)",
      ),
    )
    .addOption(
      valueOption('--rate <n>', 'events (ride-sharing) or commands (orders) per second; default 50 and 20').argParser(
        parseRate,
      ),
    )
    .addOption(
      valueOption('--duration <duration>', 'how long to send (e.g. 30s, 2m)')
        .argParser(positiveDuration('--duration', 3_600_000))
        .default(30_000, '30s'),
    )
    .addOption(
      valueOption(
        '--settle <duration>',
        'after sending, how long to wait for the last effects before counting them lost',
      )
        .argParser(positiveDuration('--settle', 3_600_000))
        .default(60_000, '60s'),
    )
    .addOption(
      valueOption('--duplicates <share>', 'ride-sharing: publish this share of the events twice (0..1)')
        .argParser(parseShare)
        .default(0),
    )
    .addOption(
      flagOption(
        '--redrive',
        "ride-sharing: redrive this run's dead-lettered events, then count what is still missing",
      ),
    )
    .addHelpText(
      'after',
      `
ride-sharing publishes RideRequested events to the workload's bus (as the Ride service does) and reads
back, from the services' idempotency table, when each consuming service (Driver, Payment, Notification,
Analytics) applied each event: latency is publish to effect. orders sends commands through the HTTP API
(create an order with an item, add an item, confirm) and reads each order back (GET /orders/{id}) until
the read model shows the command: projection lag is command accepted to read model.

On AWS, Lambda retries failed asynchronous events after 1 and 2 minutes: give --settle 4m to count them.
Exit codes: 0 nothing lost, 1 effects missing or applied twice (or commands failed), 2 bad input.

Examples:
  $ awsarch --sandbox load ride-sharing --rate 40 --duration 20s
  $ awsarch --sandbox load orders --rate 20 --duration 30s
  $ awsarch load ride-sharing --account Prod --rate 500 --duration 2m --settle 4m --redrive
  $ awsarch --output json --sandbox load orders | jq .latencyMs`,
    )
    .action(async (name: string, opts: LoadOptions, command: Command) =>
      runAction(command, {
        reportsInterruption: true,
        run: async (ctx) => {
          const { resolveWorkload } = await import('../workloads/catalog.js');
          const workload = resolveWorkload(name);
          const { loadView } = await import('../ui/views/load.js');
          const { toDocument } = await import('../documents/document.js');
          if (workload.name === 'orders') {
            const { loadOrders, ordersLoadOutcome } = await import('../workloads/load/orders-load.js');
            const result = await loadOrders(ctx, {
              account: opts.account,
              rate: opts.rate ?? 20,
              durationMs: opts.duration,
              settleMs: opts.settle,
            });
            return {
              data: toDocument('load-orders', result),
              human: loadView(result),
              outcome: ordersLoadOutcome(result),
            };
          }
          const { loadRideSharing, rideSharingLoadOutcome } = await import('../workloads/load/ride-sharing-load.js');
          const result = await loadRideSharing(ctx, {
            account: opts.account,
            rate: opts.rate ?? 50,
            durationMs: opts.duration,
            settleMs: opts.settle,
            duplicates: opts.duplicates,
            redrive: readFlag(opts.redrive, ctx.env, '--redrive'),
          });
          return {
            data: toDocument('load-ride-sharing', result),
            human: loadView(result),
            outcome: rideSharingLoadOutcome(result),
          };
        },
      }),
    );
}
