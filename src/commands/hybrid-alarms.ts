import type { Command } from 'commander';
import { collect, flagOption, readFlag, valueOption } from './options.js';
import type { RunAction } from './run-action.js';

interface ApplyOptions {
  account?: string;
  notify: string[];
  dryRun?: boolean;
}

interface StatusOptions {
  account?: string;
  detailedExitcode?: boolean;
}

const ACCOUNT_HELP =
  "the account that owns Direct Connect, the VPN and the Resolver endpoints (id, e-mail or name; default: the caller's)";

/** `awsarch hybrid alarms apply|status`. */
export function registerHybridAlarmCommands(hybrid: Command, runAction: RunAction): void {
  const alarms = hybrid
    .command('alarms')
    .description(
      'CloudWatch alarms on the hybrid estate (Direct Connect, VPN tunnels, Resolver endpoints, Storage Gateway),\n' +
        'notifying one SNS topic, and a CloudWatch dashboard',
    );

  alarms
    .command('apply')
    .description(
      'create or update, in the network account, one alarm per Direct Connect connection (AWS/DX ConnectionState),\n' +
        'virtual interface (AWS/DX VirtualInterfaceBgpStatus), VPN tunnel (AWS/VPN TunnelState), Resolver endpoint\n' +
        '(AWS/Route53Resolver EndpointHealthyENICount < 2) and Storage Gateway (AWS/StorageGateway FileSharesUnavailable),\n' +
        'all notifying the SNS topic awsarch-hybrid-alarms, and the dashboard awsarch-hybrid. Alarms use the exact\n' +
        'dimensions of the metric streams CloudWatch lists (the documented ones until a metric has data). Alarms of\n' +
        'components that are gone are deleted. Shows the plan and asks (--yes without a terminal); a second run\n' +
        'writes nothing.',
    )
    .addOption(valueOption('--account <account>', ACCOUNT_HELP))
    .addOption(
      valueOption(
        '--notify <email>',
        'subscribe this e-mail address to the alarm topic (repeatable; AWS asks the recipient to confirm)',
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(flagOption('--dry-run', 'show what would be created, updated and deleted; change nothing'))
    .addHelpText(
      'after',
      `
Examples:
  $ awsarch hybrid alarms apply --account "Shared Services" --notify network-oncall@example.com
  $ awsarch hybrid alarms apply --dry-run
  $ awsarch --output json hybrid alarms apply --yes | jq '{writes, alarms: [.alarms[] | {name, action}]}'`,
    )
    .action(async (opts: ApplyOptions, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { applyHybridAlarms } = await import('../hybrid/alarms/alarms-apply.js');
          const { hybridAlarmsApplyDocument } = await import('../documents/hybrid.js');
          const { alarmsApplyView } = await import('../ui/views/hybrid-alarms.js');
          const data = await applyHybridAlarms(ctx, {
            account: opts.account,
            notify: opts.notify,
            dryRun: readFlag(opts.dryRun, ctx.env, '--dry-run'),
          });
          return { data: hybridAlarmsApplyDocument(data), human: alarmsApplyView(data) };
        },
      }),
    );

  alarms
    .command('status')
    .description(
      'each hybrid alarm with its state (OK, ALARM, INSUFFICIENT_DATA), since when and why; alarms that are\n' +
        'missing or differ from what `apply` makes; who receives the notifications; whether the dashboard exists',
    )
    .addOption(valueOption('--account <account>', ACCOUNT_HELP))
    .addOption(
      flagOption(
        '--detailed-exitcode',
        'exit 4 when an alarm is in ALARM, 3 when `hybrid alarms apply` has changes to make, else 0',
      ),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ awsarch hybrid alarms status --account "Shared Services"
  $ awsarch --output json hybrid alarms status | jq '.alarms[] | select(.state == "ALARM") | .name'`,
    )
    .action(async (opts: StatusOptions, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { hybridAlarmsStatus, alarmsStatusOutcome } = await import('../hybrid/alarms/alarms-status.js');
          const { hybridAlarmsStatusDocument } = await import('../documents/hybrid.js');
          const { alarmsStatusView } = await import('../ui/views/hybrid-alarms.js');
          const data = await hybridAlarmsStatus(ctx, { account: opts.account });
          return {
            data: hybridAlarmsStatusDocument(data),
            human: alarmsStatusView(data),
            outcome: alarmsStatusOutcome(data, readFlag(opts.detailedExitcode, ctx.env, '--detailed-exitcode')),
          };
        },
      }),
    );
}
