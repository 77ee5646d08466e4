import { Option, type Command } from 'commander';
import { usageError } from '../core/errors.js';
import {
  collect,
  flagOption,
  leaseWaitOption,
  parseDuration,
  parsePositiveInt,
  readFlag,
  valueOption,
} from './options.js';
import type { RunAction } from './run-action.js';
import { ERR } from '../core/error-codes.js';

interface CreateOptions {
  name?: string;
  email?: string;
  ou?: string;
  tag: string[];
  from?: string;
  concurrency: number;
  wait?: boolean;
  timeout: number;
  dryRun?: boolean;
  baseline?: string;
  leaseWait?: number;
}

/** `awsarch account create|list|show`. */
export function registerAccountCommands(program: Command, runAction: RunAction): void {
  const account = program
    .command('account')
    .description('member accounts: vend them, list them, show one, move them between OUs, close them');

  account
    .command('create')
    .description(
      'vend an account: create it in AWS Organizations, wait for it, move it into its OU, tag it, and\n' +
        'verify access through its role. Resumes instead of creating twice: re-run the same command after\n' +
        'an interruption and it picks up the existing account or the in-flight request.',
    )
    .addOption(valueOption('--name <name>', 'account name (1-50 characters)'))
    .addOption(valueOption('--email <email>', 'root e-mail address of the new account (unique across AWS)'))
    .addOption(valueOption('--ou <path>', 'OU path (e.g. Workloads/Prod), OU id, or root'))
    .addOption(valueOption('--tag <key=value>', 'tag the account (repeatable)').argParser(collect).default([]))
    .addOption(
      valueOption(
        '--from <file>',
        'vend every account listed in a landing-zone file instead (see templates/landing-zone.yaml)',
      ),
    )
    .addOption(
      valueOption('--concurrency <n>', 'accounts vended at once with --from')
        .argParser(parsePositiveInt('--concurrency'))
        .default(3),
    )
    .addOption(new Option('--no-wait', 'return once the creation is requested, without waiting for it'))
    .addOption(
      valueOption('--timeout <duration>', 'give up waiting after this long (e.g. 90s, 20m); a re-run resumes')
        .argParser(parseDuration)
        .default(20 * 60_000, '20m'),
    )
    .addOption(flagOption('--dry-run', 'validate and show the plan, change nothing'))
    .addOption(leaseWaitOption())
    .addOption(
      valueOption(
        '--baseline <name|file>',
        'apply this baseline (see `awsarch baseline`) to the account as the last vending step',
      ),
    )
    .addHelpText(
      'after',
      `
The role named by --access-role (default OrganizationAccountAccessRole) is created in the new account
and then assumed to prove access.

Examples:
  $ awsarch account create --name Dev --email aws+dev@example.com --ou Workloads/NonProd --tag env=dev
  $ awsarch account create --from templates/landing-zone.yaml --concurrency 3
  $ awsarch account create --name Sandbox --email aws+sandbox@example.com --ou Workloads/NonProd --baseline default
  $ awsarch --output json account create --name Dev --email aws+dev@example.com --ou Workloads/NonProd --dry-run`,
    )
    .action(async (opts: CreateOptions, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { parseTags, validateVendRequest } = await import('../accounts/vend-request.js');
          const { vendAccounts, vendOutcome } = await import('../accounts/vend-accounts.js');
          const { vendDocument } = await import('../documents/accounts.js');
          const { DEFAULT_VEND_TIMING } = await import('../accounts/vend-model.js');
          const { vendView } = await import('../ui/views/accounts.js');
          const single = !opts.from;
          let inputs: Array<{ name: string; email: string; ou: string; tags: Record<string, string> }>;
          if (opts.from) {
            if (opts.name || opts.email || opts.ou || opts.tag.length)
              throw usageError(
                ERR.CONFLICTING_OPTIONS,
                '--from cannot be combined with --name, --email, --ou or --tag',
              );
            const { loadLandingZone } = await import('../landing-zone/file/load.js');
            const spec = await loadLandingZone(opts.from, { fallbackRegion: ctx.options.region });
            inputs = spec.accounts.map((entry) => ({
              name: entry.name,
              email: entry.email,
              ou: entry.ou.length === 0 ? 'root' : entry.ou.join('/'),
              tags: entry.tags,
            }));
            if (inputs.length === 0) throw usageError(ERR.NO_ACCOUNTS, `${opts.from} lists no accounts`);
          } else {
            const missing = (['name', 'email', 'ou'] as const).filter((key) => !opts[key]).map((key) => `--${key}`);
            if (missing.length)
              throw usageError(
                ERR.MISSING_OPTION,
                `account create needs ${missing.join(', ')}`,
                'or pass --from FILE to vend the accounts of a landing-zone file',
              );
            inputs = [{ name: opts.name ?? '', email: opts.email ?? '', ou: opts.ou ?? '', tags: parseTags(opts.tag) }];
          }
          const requests = inputs.map((input) => validateVendRequest({ ...input, accessRole: ctx.options.accessRole }));
          const baseline = opts.baseline
            ? await (await import('../baselines/vend-baseline.js')).vendBaselineStep(ctx, opts.baseline)
            : undefined;
          const results = await vendAccounts(ctx, {
            baseline,
            requests,
            concurrency: opts.concurrency,
            wait: opts.wait !== false,
            dryRun: readFlag(opts.dryRun, ctx.env, '--dry-run'),
            timing: { ...DEFAULT_VEND_TIMING, timeoutMs: opts.timeout },
            leaseWaitMs: opts.leaseWait,
          });
          return { data: vendDocument(results, single), human: vendView(results), outcome: vendOutcome(results) };
        },
      }),
    );

  account
    .command('move')
    .description(
      'move an account into another OU. The SCPs it would stop inheriting are named; a move out from under\n' +
        'guardrails needs confirmation (--yes without a terminal).',
    )
    .argument('<account>', '12-digit account id, e-mail, or account name (any case, when unique)')
    .addOption(valueOption('--ou <path>', 'destination: an OU path (Workloads/Prod), an OU id, or root'))
    .addOption(flagOption('--dry-run', 'show the move and the SCPs it changes, move nothing'))
    .addHelpText(
      'after',
      '\nA landing-zone file that lists the account decides its OU: change the file and `awsarch apply` instead,\nor the next plan shows the move as drift.\n\nExamples:\n  $ awsarch account move Dev --ou Workloads/Prod --dry-run\n  $ awsarch --yes account move 123456789012 --ou Suspended',
    )
    .action(async (key: string, opts: { ou?: string; dryRun?: boolean }, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          if (!opts.ou)
            throw usageError(
              ERR.MISSING_OPTION,
              'account move needs --ou PATH',
              'e.g. --ou Workloads/Prod, or --ou root',
            );
          const { moveAccount } = await import('../accounts/move-account.js');
          const { moveView } = await import('../ui/views/account-lifecycle.js');
          return moveView(
            await moveAccount(ctx, { account: key, ou: opts.ou, dryRun: readFlag(opts.dryRun, ctx.env, '--dry-run') }),
          );
        },
      }),
    );

  account
    .command('close')
    .description(
      'close a member account (CloseAccount): it is PENDING_CLOSURE, then SUSPENDED for 90 days, then deleted by\n' +
        'AWS. Refused for the management account, for an account a landing-zone file still lists (-f), and beyond\n' +
        "AWS's closing quota (the higher of 250 and 20% of the member accounts per 30 days; 3 at a time).\n" +
        'Always asks first (--yes without a terminal).',
    )
    .argument('<account>', '12-digit account id, e-mail, or account name (any case, when unique)')
    .addOption(flagOption('--wait', 'wait until AWS reports the account SUSPENDED'))
    .addOption(
      valueOption('--timeout <duration>', 'how long --wait waits (e.g. 10m)')
        .argParser(parseDuration)
        .default(15 * 60_000, '15m'),
    )
    .addOption(valueOption('-f, --file <file>', 'refuse accounts this landing-zone file still lists'))
    .addOption(flagOption('--dry-run', 'check the guardrails and the quota, close nothing'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ awsarch account close Sandbox --dry-run\n  $ awsarch --yes account close 123456789012 --wait -f landing-zone.yaml',
    )
    .action(
      async (
        key: string,
        opts: { wait?: boolean; timeout: number; file?: string; dryRun?: boolean },
        command: Command,
      ) =>
        runAction(command, {
          run: async (ctx) => {
            const { closeAccount } = await import('../accounts/close-account.js');
            const { closeView } = await import('../ui/views/account-lifecycle.js');
            let listedEmails: { file: string; emails: string[] } | undefined;
            if (opts.file) {
              const { loadLandingZone } = await import('../landing-zone/file/load.js');
              const spec = await loadLandingZone(opts.file, { fallbackRegion: ctx.options.region });
              listedEmails = { file: opts.file, emails: spec.accounts.map((entry) => entry.email) };
            }
            return closeView(
              await closeAccount(ctx, {
                account: key,
                wait: readFlag(opts.wait, ctx.env, '--wait'),
                timeoutMs: opts.timeout,
                dryRun: readFlag(opts.dryRun, ctx.env, '--dry-run'),
                ...(listedEmails ? { listedEmails } : {}),
              }),
            );
          },
        }),
    );

  account
    .command('list')
    .description('accounts in the organization with their OU (all, or those under one OU and its children)')
    .addOption(valueOption('--ou <path>', 'only accounts under this OU path or id'))
    .addHelpText(
      'after',
      "\nExamples:\n  $ awsarch account list\n  $ awsarch account list --ou Workloads\n  $ awsarch --output json account list | jq -r '.accounts[].id'",
    )
    .action(async (opts: { ou?: string }, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { listAccounts } = await import('../accounts/account-queries.js');
          const { accountListView } = await import('../ui/views/accounts.js');
          const { toDocument } = await import('../documents/document.js');
          const accounts = { accounts: await listAccounts(ctx, opts.ou) };
          return { data: toDocument('account-list', accounts), human: accountListView(accounts) };
        },
      }),
    );

  account
    .command('show')
    .description('one account: id, name, e-mail, status, OU, tags')
    .argument('<account>', '12-digit account id, e-mail, or account name (any case, when unique)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ awsarch account show 123456789012\n  $ awsarch account show aws+prod@example.com\n  $ awsarch account show "Log Archive"',
    )
    .action(async (key: string, _opts: unknown, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { showAccount } = await import('../accounts/account-queries.js');
          const { accountShowView } = await import('../ui/views/accounts.js');
          const { toDocument } = await import('../documents/document.js');
          const account = await showAccount(ctx, key);
          return { data: toDocument('account-show', account), human: accountShowView(account) };
        },
      }),
    );
}
