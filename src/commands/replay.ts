import type { Command } from 'commander';
import { collect, flagOption, parseDuration, readFlag, valueOption } from './options.js';
import { registerOrdersReplayCommand } from './replay-orders.js';
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

/** The options shared by the commands that follow a replay. */
function watchOptions(command: Command, waitHelp: string): Command {
  return command
    .addOption(
      valueOption(
        '--account <id|name>',
        "the member account the workload runs in (12-digit id, e-mail or name (any case, when unique); default: the caller's)",
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
        reportsInterruption: true,
        run: async (ctx) => {
          const { replayRideSharing } = await import('../workloads/replay/ride-sharing-replay.js');
          const { replayOutcome } = await import('../workloads/replay/replay-record.js');
          const { rideSharingReplayView } = await import('../ui/views/replay.js');
          const data = await replayRideSharing(ctx, {
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
          const { toDocument } = await import('../documents/document.js');
          return {
            data: toDocument('replay-ride-sharing', data),
            human: rideSharingReplayView(data),
            outcome: replayOutcome(data.replay.state, data.waited),
          };
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
        reportsInterruption: true,
        run: async (ctx) => {
          const { replayStatus, replayStatusOutcome } = await import('../workloads/replay/replay-admin.js');
          const { replayView } = await import('../ui/views/replay.js');
          const wait = readFlag(opts.wait, ctx.env, '--wait');
          const data = await replayStatus(ctx, name, {
            account: opts.account,
            wait,
            intervalMs: opts.interval,
            timeoutMs: opts.timeout,
          });
          const { toDocument } = await import('../documents/document.js');
          return {
            data: toDocument('replay-status', data),
            human: replayView(data),
            outcome: replayStatusOutcome(data, wait),
          };
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
          const { replayListView } = await import('../ui/views/replay.js');
          const { toDocument } = await import('../documents/document.js');
          const list = await listReplays(ctx, opts);
          return { data: toDocument('replay-list', list), human: replayListView(list) };
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
          const { cancelReplay, cancelReplayOutcome } = await import('../workloads/replay/replay-admin.js');
          const { replayView } = await import('../ui/views/replay.js');
          const run = await cancelReplay(ctx, name, {
            account: opts.account,
            wait: readFlag(opts.wait, ctx.env, '--wait'),
            intervalMs: opts.interval,
            timeoutMs: opts.timeout,
          });
          const { toDocument } = await import('../documents/document.js');
          return {
            data: toDocument('replay-cancel', run.data),
            human: replayView(run.data),
            outcome: cancelReplayOutcome(run),
          };
        },
      }),
    );

  registerOrdersReplayCommand(replay, runAction);
}
