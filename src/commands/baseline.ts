import type { Command } from 'commander';
import { collect, flagOption, leaseWaitOption, readFlag, valueOption } from './options.js';
import type { RunAction } from './run-action.js';

interface BaselineOptions {
  account: string[];
  ou?: string;
  all?: boolean;
  baseline: string;
  only: string[];
  detailedExitcode?: boolean;
  dryRun?: boolean;
  leaseWait?: number;
}

/** Splits "cloudtrail,roles" and collects repeated --only flags. */
function collectSteps(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((step) => step.trim())
      .filter(Boolean),
  ];
}

function addSelectors(command: Command): Command {
  return command
    .addOption(
      valueOption(
        '--account <id|name>',
        'a member account by 12-digit id, e-mail or name (any case, when unique) (repeatable)',
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(valueOption('--ou <path>', 'every member account under this OU path or id, child OUs included'))
    .addOption(
      flagOption(
        '--all',
        'every active member account of the organization (the management account is never baselined)',
      ),
    )
    .addOption(
      valueOption(
        '--baseline <name|file>',
        'a bundled baseline (templates/baselines/NAME.yaml) or a baseline file',
      ).default('default'),
    )
    .addOption(
      valueOption('--only <steps>', 'only these steps, comma-separated: cloudtrail, config, guardduty, network, roles')
        .argParser(collectSteps)
        .default([]),
    );
}

/** `awsarch baseline apply|status`. */
export function registerBaselineCommands(program: Command, runAction: RunAction): void {
  const baseline = program
    .command('baseline')
    .description(
      'account baselines: CloudTrail, AWS Config, GuardDuty, a VPC on the shared transit gateway and cross-account roles, checked and repaired per account',
    );

  const run = (mode: 'status' | 'apply') => async (opts: BaselineOptions, command: Command) =>
    runAction(command, {
      run: async (ctx) => {
        const { baselineCommand } = await import('../baselines/baseline-command.js');
        const { baselineOutcome } = await import('../baselines/report.js');
        const { baselineDocument } = await import('../documents/baselines.js');
        const { baselineView } = await import('../ui/views/baselines.js');
        const dryRun = mode === 'apply' && readFlag(opts.dryRun, ctx.env, '--dry-run');
        const report = await baselineCommand(ctx, {
          baseline: opts.baseline,
          selector: { accounts: opts.account, ou: opts.ou, all: readFlag(opts.all, ctx.env, '--all') },
          only: opts.only,
          mode: mode === 'status' ? 'status' : dryRun ? 'dry-run' : 'apply',
          leaseWaitMs: opts.leaseWait,
        });
        const detailed = readFlag(opts.detailedExitcode, ctx.env, '--detailed-exitcode');
        return {
          data: baselineDocument(report),
          human: baselineView(report),
          outcome: baselineOutcome(report, detailed),
        };
      },
    });

  addSelectors(
    baseline
      .command('apply')
      .summary('create or repair what differs from the baseline, per account and step')
      .description(
        'read every selected account, plan per step what differs from the baseline, and make those changes. ' +
          'One account failing does not stop the others; the summary and exit code say which failed and why, ' +
          'and a re-run completes what is missing. Applying twice changes nothing the second time.',
      ),
  )
    .addOption(flagOption('--dry-run', 'show the plan per account and step, change nothing'))
    .addOption(flagOption('--detailed-exitcode', 'with --dry-run: exit 3 when anything would change'))
    .addOption(leaseWaitOption())
    .addHelpText(
      'after',
      `
Organization-level prerequisites are checked first (the "organization" row): the log-archive bucket and
its policy, the shared transit gateway, the trusted accounts. The delegated GuardDuty administrator is
designated in every region when there is none.

Examples:
  $ awsarch baseline apply --all
  $ awsarch baseline apply --account Dev --only network,roles
  $ awsarch baseline apply --ou Workloads --dry-run --detailed-exitcode
  $ awsarch --output json baseline apply --all --baseline ./my-baseline.yaml`,
    )
    .action(run('apply'));

  addSelectors(
    baseline
      .command('status')
      .summary('accounts x steps: OK, DRIFT, MISSING or ERROR (read-only)')
      .description(
        'a table of accounts x steps: OK, DRIFT (with what differs), MISSING or ERROR. Read-only; all reads run in parallel within the per-service bounds.',
      ),
  )
    .addOption(flagOption('--detailed-exitcode', 'exit 3 when any step drifted or is missing (1 still means an error)'))
    .addHelpText(
      'after',
      `
Examples:
  $ awsarch baseline status --all
  $ awsarch baseline status --ou Workloads/Prod --detailed-exitcode || echo "drift found"
  $ awsarch --output json baseline status --all | jq '.accounts[] | select(.cells[].state != "ok") | .name'`,
    )
    .action(run('status'));
}
