import { InvalidArgumentError, type Command } from 'commander';
import { collect, flagOption, parseDuration, parsePositiveInt, readFlag, valueOption } from './options.js';
import type { RunAction } from './run-action.js';

const REPLAY_STATES = ['STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED'];

interface WatchOptions {
  account?: string;
  wait?: boolean;
  interval: number;
  timeout: number;
}

interface RideSharingOptions extends WatchOptions {
  from: string;
  to: string;
  rule: string[];
  archive?: string;
  name?: string;
  dryRun?: boolean;
}

interface OrdersOptions {
  account?: string;
  projection: string[];
  all?: boolean;
  fromVersion?: number;
  toTable?: string;
  dryRun?: boolean;
  segments: number;
  concurrency: number;
  restart?: boolean;
  checkpoint?: string;
  pageSize?: number;
  tag: string[];
}

/** A --tag value, checked as commander parses it (exit 2 on a malformed one). */
function tagOption(value: string, previous: string[] = []): string[] {
  if (value.indexOf('=') <= 0) throw new InvalidArgumentError(`--tag must be KEY=VALUE; got "${value}"`);
  return collect(value, previous);
}

/** --tag key=value values into a record (the last of a key wins). */
function tagsOf(tags: readonly string[]): Record<string, string> {
  return Object.fromEntries(tags.map((tag) => [tag.slice(0, tag.indexOf('=')), tag.slice(tag.indexOf('=') + 1)]));
}

function parseSegments(value: string): number {
  const segments = parsePositiveInt('--segments')(value);
  if (segments > 1000)
    throw new InvalidArgumentError(
      '--segments must be at most 1000 (DynamoDB allows up to 1,000,000; more than the table has partitions only adds calls)',
    );
  return segments;
}

function parseConcurrency(value: string): number {
  const concurrency = parsePositiveInt('--concurrency')(value);
  if (concurrency > 64) throw new InvalidArgumentError('--concurrency must be at most 64');
  return concurrency;
}

/** The options shared by the commands that follow a replay. */
function watchOptions(command: Command, waitHelp: string): Command {
  return command
    .addOption(
      valueOption(
        '--account <id|name>',
        "the member account the workload runs in (12-digit id, e-mail or exact name; default: the caller's)",
      ),
    )
    .addOption(flagOption('--wait', waitHelp))
    .addOption(
      valueOption('--interval <duration>', 'how often to read the replay while waiting')
        .argParser(parseDuration)
        .default(2000, '2s'),
    )
    .addOption(
      valueOption('--timeout <duration>', 'stop waiting after this long (the replay goes on)')
        .argParser(parseDuration)
        .default(6 * 3_600_000, '6h'),
    );
}

const CTRL_C_HELP = `
While waiting, Ctrl-C asks whether to cancel the replay (CancelReplay) or leave it running. Without a
terminal it is left running (the consumers are idempotent, so finishing is safe) unless --yes is given,
which cancels it. Exit codes with --wait: 0 COMPLETED, 1 FAILED or CANCELLED (or interrupted).`;

/** `awsarch replay ride-sharing|orders|status|list|cancel`. */
export function registerReplayCommands(program: Command, runAction: RunAction): void {
  const replay = program
    .command('replay')
    .description(
      "replay a workload's history: EventBridge archive replays for ride-sharing (with live progress, status,\n" +
        'list and cancel), and rebuilds of the orders read models from the event store.',
    );

  watchOptions(
    replay
      .command('ride-sharing')
      .description(
        "replay a window of the ride-sharing bus's archive into the bus (StartReplay), optionally only to some\n" +
          "rules. The window is checked first against the archive's retention and what it holds; a window in\n" +
          "the future or a bus other than the archive's source is refused. With --wait, shows the share of the\n" +
          "window replayed (from the replay's last replayed event time), the rate and the time left.",
      )
      .addOption(
        valueOption(
          '--from <time>',
          'start of the window: ISO-8601 (2026-11-24T08:00:00Z), now, or a time ago (90m, 6h, 7d)',
        ).makeOptionMandatory(),
      )
      .addOption(valueOption('--to <time>', 'end of the window (same forms; not in the future)').makeOptionMandatory())
      .addOption(
        valueOption(
          '--rule <name>',
          'replay only to this rule of the bus: its name, ARN or a unique part of its name (repeatable)',
        )
          .argParser(collect)
          .default([]),
      )
      .addOption(valueOption('--archive <name>', "replay from this archive of the bus (default: the workload's)"))
      .addOption(valueOption('--name <replay>', "the replay's name (default: ride-sharing-<time>)")),
    'follow the replay until it ends, with progress',
  )
    .addOption(flagOption('--dry-run', 'check the window and the rules, start nothing'))
    .addHelpText(
      'after',
      `${CTRL_C_HELP}

Examples:
  $ awsarch replay ride-sharing --from 6h --to 10m --wait
  $ awsarch replay ride-sharing --account Prod --from 2026-11-24T08:00:00Z --to 2026-11-24T09:00:00Z --rule Payment --wait
  $ awsarch --output json replay ride-sharing --from 1d --to now --dry-run | jq .warnings`,
    )
    .action(async (opts: RideSharingOptions, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { replayRideSharing } = await import('../workloads/replay/ride-sharing-replay.js');
          return replayRideSharing(ctx, {
            account: opts.account,
            from: opts.from,
            to: opts.to,
            rules: opts.rule,
            archive: opts.archive,
            name: opts.name,
            wait: readFlag(opts.wait, ctx.env, '--wait'),
            dryRun: readFlag(opts.dryRun, ctx.env, '--dry-run'),
            intervalMs: opts.interval,
            timeoutMs: opts.timeout,
          });
        },
      }),
    );

  watchOptions(
    replay
      .command('status')
      .description("a replay's state and the share of its window replayed; --wait follows it to its end")
      .argument('<name>', 'the replay'),
    'follow the replay until it ends, with progress',
  )
    .addHelpText(
      'after',
      `${CTRL_C_HELP}\n\nExamples:\n  $ awsarch replay status ride-sharing-20261124T081500Z\n  $ awsarch replay status ride-sharing-20261124T081500Z --account Prod --wait`,
    )
    .action(async (name: string, opts: WatchOptions, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { replayStatus } = await import('../workloads/replay/replay-admin.js');
          return replayStatus(ctx, name, {
            account: opts.account,
            wait: readFlag(opts.wait, ctx.env, '--wait'),
            intervalMs: opts.interval,
            timeoutMs: opts.timeout,
          });
        },
      }),
    );

  replay
    .command('list')
    .description('the replays of an account (newest first) with their state and the share of their window replayed')
    .addOption(valueOption('--account <id|name>', "the member account (default: the caller's)"))
    .addOption(
      valueOption('--state <state>', `only replays in this state (${REPLAY_STATES.join(', ')})`).choices(REPLAY_STATES),
    )
    .addOption(valueOption('--prefix <text>', 'only replays whose name starts with this'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ awsarch replay list\n  $ awsarch replay list --account Prod --state RUNNING\n  $ awsarch --output json replay list | jq -r \'.replays[] | select(.state == "FAILED") | .name\'',
    )
    .action(async (opts: { account?: string; state?: string; prefix?: string }, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { listReplays } = await import('../workloads/replay/replay-admin.js');
          return listReplays(ctx, opts);
        },
      }),
    );

  watchOptions(
    replay
      .command('cancel')
      .description('cancel a replay that is starting or running (CancelReplay); --wait until it is CANCELLED')
      .argument('<name>', 'the replay'),
    'wait until the replay is CANCELLED',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ awsarch replay cancel ride-sharing-20261124T081500Z\n  $ awsarch replay cancel ride-sharing-20261124T081500Z --account Prod --wait',
    )
    .action(async (name: string, opts: WatchOptions, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { cancelReplay } = await import('../workloads/replay/replay-admin.js');
          return cancelReplay(ctx, name, {
            account: opts.account,
            wait: readFlag(opts.wait, ctx.env, '--wait'),
            intervalMs: opts.interval,
            timeoutMs: opts.timeout,
          });
        },
      }),
    );

  replay
    .command('orders')
    .description(
      'rebuild orders read models from the event store: reads every commit with a parallel scan, folds it with\n' +
        'the projector the Lambda runs, and writes the rows in batches with bounded concurrency, retrying\n' +
        'unprocessed items. In place (idempotent by version: only rows behind are written, each conditional on\n' +
        'its version) or, with --to-table, into a new table that the stack is switched to once it is complete\n' +
        'and verified. Progress shows events/s; an interrupted rebuild resumes from its checkpoint.',
    )
    .addOption(
      valueOption(
        '--projection <name>',
        'the read model to rebuild: order-summary, orders-by-customer or daily-totals (repeatable)',
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(flagOption('--all', 'rebuild every read model'))
    .addOption(
      valueOption(
        '--from-version <n>',
        "in place: read only commits that reach version N or later, folded onto each order's live summary (what a projector missed)",
      ).argParser(parsePositiveInt('--from-version')),
    )
    .addOption(
      valueOption(
        '--to-table <name>',
        'rebuild into this new table and switch to it when complete (with several projections, put {projection} in the name)',
      ),
    )
    .addOption(
      valueOption(
        '--tag <key=value>',
        "a tag of the new tables, on top of the live table's tags they copy (repeatable)",
      )
        .argParser(tagOption)
        .default([]),
    )
    .addOption(flagOption('--dry-run', 'show the plan (and a checkpoint it would resume), write nothing'))
    .addOption(
      valueOption('--segments <n>', 'parallel scan segments of the event store').argParser(parseSegments).default(4),
    )
    .addOption(valueOption('--concurrency <n>', 'writes in flight at most').argParser(parseConcurrency).default(8))
    .addOption(
      valueOption(
        '--page-size <n>',
        "commits per scan page (default: DynamoDB's 1 MB pages); smaller pages checkpoint more often",
      ).argParser(parsePositiveInt('--page-size')),
    )
    .addOption(flagOption('--restart', 'ignore a checkpoint of this rebuild and start over'))
    .addOption(
      valueOption(
        '--checkpoint <file>',
        'where the checkpoint is kept (default: .awsarch/replay/orders-<rebuild>.json)',
      ),
    )
    .addOption(valueOption('--account <id|name>', "the member account the workload runs in (default: the caller's)"))
    .addHelpText(
      'after',
      `
Ctrl-C stops at the last checkpoint; run the same command again to resume. Exit codes: 0 rebuilt, 1 some
orders could not be projected (listed; a new table is then not switched to) or the run failed, 2 bad input.

Examples:
  $ awsarch replay orders --all --dry-run
  $ awsarch replay orders --projection daily-totals --to-table orders-daily-totals-v2 --tag cost-center=cc-1234
  $ awsarch replay orders --all --to-table 'orders-{projection}-v2' --segments 8 --concurrency 16
  $ awsarch replay orders --projection order-summary --from-version 40 --account Prod`,
    )
    .action(async (opts: OrdersOptions, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { replayOrders } = await import('../workloads/replay/orders/orders-replay.js');
          return replayOrders(ctx, {
            account: opts.account,
            projections: opts.projection,
            all: readFlag(opts.all, ctx.env, '--all'),
            fromVersion: opts.fromVersion,
            toTable: opts.toTable,
            dryRun: readFlag(opts.dryRun, ctx.env, '--dry-run'),
            segments: opts.segments,
            concurrency: opts.concurrency,
            resume: !readFlag(opts.restart, ctx.env, '--restart'),
            checkpoint: opts.checkpoint,
            pageSize: opts.pageSize,
            tags: tagsOf(opts.tag),
          });
        },
      }),
    );
}
