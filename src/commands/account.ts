import { Option, type Command } from 'commander';
import { usageError } from '../core/errors.js';
import { collect, flagOption, parseDuration, parsePositiveInt, readFlag, valueOption } from './options.js';
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
}

/** `awsarch account create|list|show`. */
export function registerAccountCommands(program: Command, runAction: RunAction): void {
  const account = program.command('account').description('member accounts: vend them, list them, show one');

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
    .addOption(
      new Option('--no-wait', 'return once the creation is requested, without waiting for it (env: AWSARCH_NO_WAIT=1)'),
    )
    .addOption(
      valueOption('--timeout <duration>', 'give up waiting after this long (e.g. 90s, 20m); a re-run resumes')
        .argParser(parseDuration)
        .default(20 * 60_000, '20m'),
    )
    .addOption(flagOption('--dry-run', 'validate and show the plan, change nothing'))
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
            const { loadLandingZone } = await import('../accounts/landing-zone.js');
            inputs = (await loadLandingZone(opts.from)).accounts.map((entry) => ({ ...entry, tags: entry.tags ?? {} }));
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
            wait: opts.wait !== false && !readFlag(undefined, ctx.env, '--no-wait'),
            dryRun: readFlag(opts.dryRun, ctx.env, '--dry-run'),
            timing: { ...DEFAULT_VEND_TIMING, timeoutMs: opts.timeout },
          });
          return { data: vendDocument(results, single), human: vendView(results), outcome: vendOutcome(results) };
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
    .argument('<account>', '12-digit account id, e-mail, or exact account name')
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
