import { MSG } from '../core/message-codes.js';
import { ERR } from '../core/error-codes.js';
import type { Command } from 'commander';
import { flagOption, leaseWaitOption, parsePositiveInt, readFlag, valueOption } from './options.js';
import type { RunAction } from './run-action.js';

const DEFAULT_FILE = 'landing-zone.yaml';

interface PlanOptions {
  file: string;
  adopt?: boolean | string[];
  details?: boolean;
  out?: string;
  detailedExitcode?: boolean;
  prune?: boolean;
  close?: boolean;
  adoptScps?: boolean;
}

interface ApplyOptions {
  file?: string;
  prune?: boolean;
  close?: boolean;
  adoptScps?: boolean;
  concurrency: number;
  journalDir?: string;
  leaseWait?: number;
}

const fileOption = () =>
  valueOption(
    '-f, --file <file>',
    `the landing-zone file (version: 1; see templates/landing-zone.yaml and schemas/landing-zone.schema.json)`,
  );
const pruneOptions = (command: Command) =>
  command
    .addOption(
      flagOption(
        '--prune',
        'act on what awsarch manages but the file no longer lists: move accounts into prune.suspendedOu, delete empty OUs, detach and delete SCPs',
      ),
    )
    .addOption(
      flagOption('--close', "with --prune, close those accounts instead of moving them (within AWS's closing quota)"),
    )
    .addOption(
      flagOption('--adopt-scps', 'take over same-named SCPs that awsarch did not create (update and tag them)'),
    );

/** `awsarch plan` and `awsarch apply`: the landing zone as code. */
export function registerLandingZoneCommands(program: Command, runAction: RunAction): void {
  pruneOptions(
    program
      .command('plan')
      .description(
        'what `awsarch apply` would change to make the organization match the landing-zone file, read from AWS\n' +
          '(no state file): one line per OU, account and SCP that changes, the network prerequisites, then the\n' +
          'totals. Drift (an account moved, an SCP edited or detached, a baseline step broken outside awsarch)\n' +
          'shows as changes that apply reverts; what awsarch manages but the file no longer lists is reported.\n' +
          'Every guardrail of `scp apply` and the Organizations quotas are checked: a plan they refuse exits 2.',
      )
      .addOption(fileOption().default(DEFAULT_FILE))
      .addOption(flagOption('--details', 'add the full diffs: SCP JSON, tag values, baseline differences and changes'))
      .addOption(valueOption('--out <file>', 'save the plan (with the file it was made from) for `awsarch apply FILE`'))
      .addOption(flagOption('--detailed-exitcode', 'exit 3 when there are changes (0 when none, 2 when refused)'))
      .option(
        '--adopt [items...]',
        'drift the other way: write what AWS has into the file instead of reverting it, for these items (change keys such as account:Dev:move, names, or all); without items, asks item by item',
      ),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ awsarch plan -f templates/landing-zone.yaml
  $ awsarch plan -f landing-zone.yaml --details --out plan.json --detailed-exitcode
  $ awsarch --output json plan -f landing-zone.yaml | jq '.totals'
  $ awsarch plan -f landing-zone.yaml --prune --close
  $ awsarch plan -f landing-zone.yaml --adopt account:Dev:move --adopt unmanaged:account:Legacy`,
    )
    .action(async (opts: PlanOptions, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { planAction } = await import('../landing-zone/plan-action.js');
          const { planView } = await import('../ui/views/landing-zone-apply.js');
          const result = await planAction(ctx, {
            file: opts.file,
            prune: readFlag(opts.prune, ctx.env, '--prune'),
            close: readFlag(opts.close, ctx.env, '--close'),
            adoptScps: readFlag(opts.adoptScps, ctx.env, '--adopt-scps'),
            out: opts.out,
            ...(opts.adopt === undefined || opts.adopt === false
              ? {}
              : { adopt: opts.adopt === true ? [] : opts.adopt }),
            choose: ctx.io.interactive
              ? async (items) => {
                  const chosen = [];
                  for (const item of items)
                    if (await ctx.io.confirm(`Adopt into the file: ${item.description}?`)) chosen.push(item);
                  return chosen;
                }
              : undefined,
          });
          return planView(result, {
            details: readFlag(opts.details, ctx.env, '--details'),
            detailedExitCode: readFlag(opts.detailedExitcode, ctx.env, '--detailed-exitcode'),
          });
        },
      }),
    );

  pruneOptions(
    program
      .command('apply')
      .description(
        'make the organization match the landing-zone file: shows the plan, asks, then applies it in order (the\n' +
          'organization, OUs, accounts, network prerequisites, SCPs, baselines, then --prune removals) with bounded\n' +
          'concurrency and live progress per account. Given a saved plan (`awsarch plan --out`) it applies exactly\n' +
          'that plan, and refuses (exit 2, nothing changed) when the organization changed since. Every step is\n' +
          'journaled: after a crash or kill -9, run the same command again and it finishes the job.',
      )
      .argument('[plan]', 'a plan saved by `awsarch plan --out` (instead of -f FILE)')
      .addOption(fileOption()),
  )
    .addOption(
      valueOption('--concurrency <n>', 'changes applied at once (account creations at most 5, closures 3)')
        .argParser(parsePositiveInt('--concurrency'))
        .default(4),
    )
    .addOption(valueOption('--journal-dir <dir>', 'where run journals are kept (default .awsarch/runs)'))
    .addOption(leaseWaitOption())
    .addHelpText(
      'after',
      `
Without a terminal, apply needs --yes (and --prune needs it too: removals are never silent).

Examples:
  $ awsarch apply -f templates/landing-zone.yaml
  $ awsarch plan -f landing-zone.yaml --out plan.json && awsarch --yes apply plan.json
  $ awsarch --yes apply -f landing-zone.yaml --prune`,
    )
    .action(async (planFile: string | undefined, opts: ApplyOptions, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { applyAction } = await import('../landing-zone/apply-action.js');
          const { defaultJournalDir } = await import('../landing-zone/apply/journal.js');
          const { applyView } = await import('../ui/views/landing-zone-apply.js');
          const { compactPlanLines } = await import('../ui/views/landing-zone-plan.js');
          const { confirmDestructive } = await import('../core/context.js');
          const { usageError } = await import('../core/errors.js');
          const prune = readFlag(opts.prune, ctx.env, '--prune');
          const close = readFlag(opts.close, ctx.env, '--close');
          if (planFile && (prune || close || opts.file))
            throw usageError(
              ERR.CONFLICTING_OPTIONS,
              'a saved plan is applied exactly as planned: --prune, --close and -f belong to `awsarch plan`',
            );
          if (close && !prune) throw usageError(ERR.CONFLICTING_OPTIONS, '--close only goes with --prune');
          const result = await applyAction(
            ctx,
            {
              planFile,
              file: planFile ? undefined : (opts.file ?? DEFAULT_FILE),
              prune,
              close,
              adoptScps: readFlag(opts.adoptScps, ctx.env, '--adopt-scps'),
              concurrency: opts.concurrency,
              journalDir: opts.journalDir ?? defaultJournalDir(),
              leaseWaitMs: opts.leaseWait,
            },
            {
              confirm: async (plan, question, kind) => {
                if (kind === 'apply')
                  ctx.io.info(MSG.LANDING_ZONE_PLAN, compactPlanLines(plan, { details: false }).join('\n'), {
                    planId: plan.planId,
                    totals: plan.totals,
                  });
                return confirmDestructive(ctx, question);
              },
            },
          );
          return applyView(result);
        },
      }),
    );
}
