import { InvalidArgumentError, type Command } from 'commander';
import { collect, flagOption, parsePositiveInt, readFlag, valueOption } from './options.js';
import type { RunAction } from './run-action.js';

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

/** `awsarch replay orders`: rebuild the orders read models from the event store. */
export function registerOrdersReplayCommand(replay: Command, runAction: RunAction): void {
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
        reportsInterruption: true,
        run: async (ctx) => {
          const { replayOrders } = await import('../workloads/replay/orders/orders-replay.js');
          const { ordersReplayOutcome } = await import('../workloads/replay/orders/rebuild-result.js');
          const { ordersReplayView } = await import('../ui/views/orders-replay.js');
          const data = await replayOrders(ctx, {
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
          const { toDocument } = await import('../documents/document.js');
          return {
            data: toDocument('replay-orders', data),
            human: ordersReplayView(data),
            outcome: ordersReplayOutcome(data),
          };
        },
      }),
    );
}
