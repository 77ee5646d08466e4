import { InvalidArgumentError, Option, type Command } from 'commander';
import { ERR } from '../core/error-codes.js';
import { usageError } from '../core/errors.js';
import { parseWatch, watchPeriod } from './hybrid.js';
import { collect, flagOption, parseDuration, parsePositiveInt, readFlag, valueOption } from './options.js';
import type { RunAction } from './run-action.js';

const DEFAULT_FILE = 'landing-zone.yaml';
const DEFAULT_TOP = 10;
const SEVERITY_CHOICES = ['critical', 'high', 'medium'] as const;

interface ComplianceOptions {
  account: string[];
  ou?: string;
  all?: boolean;
  file?: string;
  maxLogAge: number;
  failOn?: (typeof SEVERITY_CHOICES)[number];
  detailedExitcode?: boolean;
  top: number;
  watch?: number | boolean;
}

/** --max-log-age 1h, 90m: at least a minute, in minutes. */
function parseLogAge(value: string): number {
  const ms = parseDuration(value);
  if (ms < 60_000) throw new InvalidArgumentError('--max-log-age must be at least 1m');
  return Math.ceil(ms / 60_000);
}

/** `awsarch compliance`. */
export function registerComplianceCommand(program: Command, runAction: RunAction): void {
  program
    .command('compliance')
    .description(
      'are the accounts compliant, and where not: one matrix of accounts x {AWS Config rules, Security Hub and\n' +
        'GuardDuty findings by severity, logging, SCPs in effect}, read from the organization aggregator and the\n' +
        'delegated administrators (not account by account), with the worst items and links to the console.',
    )
    .addOption(
      valueOption(
        '--account <id|name>',
        'a member account by 12-digit id, e-mail or name (any case, when unique) (repeatable)',
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(valueOption('--ou <path>', 'every member account under this OU path or id, child OUs included'))
    .addOption(flagOption('--all', 'every active member account of the organization'))
    .addOption(
      valueOption(
        '-f, --file <file>',
        `the landing-zone file whose SCPs must be in effect and whose log-archive bucket must receive the logs (default ${DEFAULT_FILE} when it exists)`,
      ),
    )
    .addOption(
      valueOption('--max-log-age <duration>', "the trail's newest delivery must be at most this old (e.g. 30m, 2h)")
        .argParser(parseLogAge)
        .default(60, '1h'),
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'the severity --detailed-exitcode fails on: that or more severe (default critical)',
      )
        .choices(SEVERITY_CHOICES)
        .env('AWSARCH_FAIL_ON'),
    )
    .addOption(
      flagOption(
        '--detailed-exitcode',
        'exit 4 when Security Hub or GuardDuty findings at or above --fail-on exist in the selected accounts, else 0',
      ),
    )
    .addOption(
      valueOption('--top <n>', 'how many of the worst items to list')
        .argParser(parsePositiveInt('--top'))
        .default(DEFAULT_TOP),
    )
    .addOption(
      valueOption('--watch [seconds]', 'read again every SECONDS (default 10) until Ctrl-C').argParser(parseWatch),
    )
    .addHelpText(
      'after',
      `
Cells: Config rules "NC / total" (non-compliant of all rules), findings "C H M" (critical, high, medium;
active, not resolved; GuardDuty's are counted in its own column, not again under Security Hub), logging (the
trail logs, delivered within --max-log-age to the log-archive bucket, log file validation on), SCPs (the
set in effect matches the landing-zone file). MISSING: the service is not set up for the account yet (not
baselined). An administrator or aggregator that cannot be read is reported once, with the fix.

Examples:
  $ awsarch compliance --all
  $ awsarch compliance --ou Workloads --fail-on high --detailed-exitcode
  $ awsarch compliance --all -f templates/landing-zone.yaml --max-log-age 30m
  $ awsarch compliance --all --watch 60
  $ awsarch --output json compliance --all | jq '.assessment.worst[] | {severity, title, link}'`,
    )
    .action(async (opts: ComplianceOptions, command: Command) =>
      runAction(command, {
        endsOnInterrupt: watchPeriod(opts.watch) !== undefined,
        run: async (ctx, screen) => {
          const detailedExitCode = readFlag(opts.detailedExitcode, ctx.env, '--detailed-exitcode');
          if (opts.failOn !== undefined && !detailedExitCode)
            throw usageError(
              ERR.FAIL_ON_WITHOUT_DETAILED_EXITCODE,
              '--fail-on takes effect with --detailed-exitcode',
              'add --detailed-exitcode to exit 4 when findings at or above that severity exist',
            );
          const { complianceAction, complianceOutcome } = await import('../compliance/compliance.js');
          const { complianceView, complianceWatchView } = await import('../ui/views/compliance.js');
          const { complianceFrameDocument, complianceResultDocument } = await import('../documents/compliance.js');
          const result = await complianceAction(
            ctx,
            {
              selector: { accounts: opts.account, ou: opts.ou, all: readFlag(opts.all, ctx.env, '--all') },
              file: { path: opts.file ?? DEFAULT_FILE, explicit: opts.file !== undefined },
              detailBudget: opts.top,
              maxLogAgeMinutes: opts.maxLogAge,
              failOn: opts.failOn ?? 'critical',
              top: opts.top,
              watchMs: watchPeriod(opts.watch),
            },
            (report) => screen.live({ data: complianceFrameDocument(report), human: complianceView(report) }),
          );
          return {
            data: complianceResultDocument(result),
            human: 'watch' in result ? complianceWatchView(result) : complianceView(result),
            outcome: complianceOutcome(result, detailedExitCode),
          };
        },
      }),
    );
}
