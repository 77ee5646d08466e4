import type { Command } from 'commander';
import { collect, flagOption, readFlag, valueOption } from './options.js';
import type { RunAction } from './run-action.js';

/** `awsarch org init|show`. */
export function registerOrgCommands(program: Command, runAction: RunAction): void {
  const org = program.command('org').description('the organization: create it, build its OU tree, show it');

  org
    .command('init')
    .description('create the organization (all features) if there is none, then every missing OU; safe to re-run')
    .addOption(
      valueOption('--ou <path>', 'an OU path to ensure, parents included, e.g. Workloads/Prod (repeatable)')
        .argParser(collect)
        .default([]),
    )
    .addOption(
      valueOption(
        '--from <file>',
        'ensure the organizationalUnits listed in a landing-zone file (see templates/landing-zone.yaml)',
      ),
    )
    .addOption(flagOption('--dry-run', 'show what would be created, change nothing'))
    .addHelpText(
      'after',
      '\nExample:\n  $ awsarch org init --ou Security --ou Infrastructure/Shared --ou Workloads/Prod',
    )
    .action(async (opts: { ou: string[]; from?: string; dryRun?: boolean }, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { parseOuPath } = await import('../accounts/ou-path.js');
          const { initOrganization } = await import('../accounts/org-init.js');
          const { orgInitView } = await import('../ui/views/accounts.js');
          const paths = [...opts.ou];
          const ouPaths = paths.map(parseOuPath);
          if (opts.from) {
            const { loadLandingZone } = await import('../landing-zone/file/load.js');
            ouPaths.push(...(await loadLandingZone(opts.from, { fallbackRegion: ctx.options.region })).ous);
          }
          const result = await initOrganization(ctx, { ouPaths, dryRun: readFlag(opts.dryRun, ctx.env, '--dry-run') });
          const { orgInitDocument } = await import('../documents/accounts.js');
          return { data: orgInitDocument(result), human: orgInitView(result) };
        },
      }),
    );

  org
    .command('show')
    .description('the OU tree with its accounts (a tree on the terminal, nested JSON with --output json)')
    .addHelpText(
      'after',
      "\nExamples:\n  $ awsarch org show\n  $ awsarch --output json org show | jq '.root.children[].name'",
    )
    .action(async (_opts: unknown, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { readOrganization } = await import('../accounts/org-reader.js');
          const { buildOrgTree } = await import('../accounts/org-tree.js');
          const { orgShowView } = await import('../ui/views/accounts.js');
          const tree = buildOrgTree(await readOrganization(ctx.aws));
          const { toDocument } = await import('../documents/document.js');
          return { data: toDocument('org-show', tree), human: orgShowView(tree) };
        },
      }),
    );
}
