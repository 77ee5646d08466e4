import type { Command } from 'commander';
import { collect, flagOption, readFlag, valueOption } from './options.js';
import type { RunAction } from './run-action.js';
import type { CommandContext } from '../core/context.js';
import type { CommandResult } from '../ui/io-host.js';
import type { WorkloadDefinition } from '../workloads/catalog.js';

/** `awsarch synth`, `awsarch deploy` and `awsarch workloads list`: the bundled CDK workloads. */
export function registerWorkloadCommands(program: Command, runAction: RunAction): void {
  program
    .command('synth')
    .description(
      'synthesize a bundled workload (ride-sharing, orders) into a CDK cloud assembly and show its stacks,\n' +
        'resources and warnings. Offline: needs no AWS credentials and no network (Lambda code is bundled\n' +
        'locally with esbuild).',
    )
    .argument('<workload>', 'ride-sharing or orders (see awsarch workloads list)')
    .addOption(
      valueOption(
        '--context <key=value>',
        "set one of the workload's settings (repeatable; see awsarch workloads list)",
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(valueOption('--out <dir>', 'write the cloud assembly here (default: .awsarch/cdk.out/<workload>)'))
    .addOption(
      flagOption('--validate', 'also validate the templates against the CloudFormation specification (adds seconds)'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ awsarch synth orders
  $ awsarch synth ride-sharing --context partnerAccountId=210987654321 \\
      --context partnerBusArn=arn:aws:events:us-east-1:210987654321:event-bus/partner --out cdk.out
  $ awsarch --output json synth orders --validate | jq '.stacks[] | {name, resourceCount}'`,
    )
    .action(async (name: string, opts: { context: string[]; out?: string; validate?: boolean }, command: Command) =>
      runAction(command, {
        aws: false,
        run: async (ctx) => {
          const { resolve } = await import('node:path');
          const { resolveWorkload } = await import('../workloads/catalog.js');
          const { parseWorkloadContext } = await import('../workloads/context-args.js');
          const { synthWorkload } = await import('../workloads/synth.js');
          const { synthView } = await import('../ui/views/workloads.js');
          const workload = resolveWorkload(name);
          const context = parseWorkloadContext(workload, opts.context);
          const outdir = resolve(opts.out ?? resolve('.awsarch', 'cdk.out', workload.name));
          const result = await synthWorkload(ctx, {
            workload,
            context,
            outdir,
            validate: readFlag(opts.validate, ctx.env, '--validate'),
          });
          const { toDocument } = await import('../documents/document.js');
          return { data: toDocument('synth', result), human: synthView(result) };
        },
      }),
    );

  program
    .command('deploy')
    .description(
      'deploy a bundled workload with the CDK toolkit (change sets, stack events shown live), into the\n' +
        "caller's account or, with --account, into a member account through the access role. --dry-run shows\n" +
        'what would change. The environment must be bootstrapped for the CDK (--bootstrap does it).\n' +
        'With --sandbox the sandbox stands in for CloudFormation, S3, SSM and STS: it records the stacks\n' +
        '(templates, change sets, events, outputs) and reports every resource complete; it makes real only\n' +
        "IAM roles, S3 buckets, SSM parameters and the workloads' data paths (DynamoDB tables, SQS queues,\n" +
        'EventBridge buses, rules and archives), and runs no code.',
    )
    .argument('<workload>', 'ride-sharing or orders (see awsarch workloads list)')
    .addOption(
      valueOption(
        '--account <id|name>',
        'member account to deploy into (12-digit id, e-mail or name (any case, when unique)), via --access-role',
      ),
    )
    .addOption(
      valueOption(
        '--context <key=value>',
        "set one of the workload's settings (repeatable; see awsarch workloads list)",
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(
      flagOption(
        '--dry-run',
        'show the changes against what is deployed and what --bootstrap would do; reads only, writes nothing',
      ),
    )
    .addOption(
      flagOption('--bootstrap', 'bootstrap the environment (CDKToolkit stack) first if it is missing or outdated'),
    )
    .addOption(
      valueOption(
        '--execution-policy <arn>',
        'with --bootstrap: a managed policy ARN for the role CloudFormation deploys with (repeatable;\n' +
          'default: the bootstrap stack keeps its policies, a new one gets AdministratorAccess)',
      )
        .argParser(collect)
        .default([]),
    )
    .addHelpText(
      'after',
      `
Before anything is bootstrapped, uploaded or deployed, deploy lists the permissions the stacks add (+) and
remove (-): IAM statements (effect, actions, resource, principal, condition), managed policies and security-group
rules, each resource by its construct path. Added permissions are confirmed on a terminal; in a pipeline pass
--yes (without it the list is printed and nothing is changed). The CDK's own IAM table is shown with --verbose.
The settings (--context) are the defaults of the stacks' parameters and apply on every deploy.
Exit codes: 0 deployed (or planned with --dry-run), 1 the deployment failed (the stack's failed resources
and CloudFormation's reasons are shown), 2 bad input or not confirmed.

Examples:
  $ awsarch deploy orders --account Prod --dry-run
  $ awsarch --yes deploy ride-sharing --account 123456789012 --bootstrap
  $ awsarch --sandbox --yes deploy orders --bootstrap
  $ awsarch --yes deploy orders --account Prod --bootstrap \\
      --execution-policy arn:aws:iam::123456789012:policy/cdk-orders-deploy`,
    )
    .action(
      async (
        name: string,
        opts: {
          account?: string;
          context: string[];
          dryRun?: boolean;
          bootstrap?: boolean;
          executionPolicy: string[];
        },
        command: Command,
      ) =>
        runAction(command, {
          run: async (ctx) => {
            const { resolveWorkload } = await import('../workloads/catalog.js');
            const { parseWorkloadContext } = await import('../workloads/context-args.js');
            const { deployWorkload } = await import('../workloads/deploy.js');
            const { deployView } = await import('../ui/views/workloads.js');
            const { parseExecutionPolicies } = await import('../workloads/execution-policies.js');
            const { permissionChangeLines, permissionSummaryLine } = await import('../ui/views/permission-changes.js');
            const { outputWidth } = await import('../ui/fit-width.js');
            const workload = resolveWorkload(name);
            const context = parseWorkloadContext(workload, opts.context);
            const bootstrap = readFlag(opts.bootstrap, ctx.env, '--bootstrap');
            const executionPolicies = parseExecutionPolicies(opts.executionPolicy, bootstrap);
            const width = outputWidth(process.stdout, ctx.env);
            const result = await deployWorkload(ctx, {
              workload,
              context,
              account: opts.account,
              dryRun: readFlag(opts.dryRun, ctx.env, '--dry-run'),
              bootstrap,
              executionPolicies,
              describePermissionChanges: (changes) => [
                ...permissionChangeLines(changes, width),
                permissionSummaryLine(changes),
              ],
            });
            const { toDocument } = await import('../documents/document.js');
            // The sandbox's note is for people; a pipeline only needs to know that the sandbox recorded the stacks.
            const data = toDocument('deploy', { ...result, sandbox: result.sandbox !== undefined });
            return { data, human: deployView(result, width) };
          },
        }),
    );

  const workloads = program
    .command('workloads')
    .description('the bundled CDK workloads awsarch can synthesize and deploy, and where they answer');
  addDeployedWorkloadCommand(workloads, runAction, {
    name: 'status',
    description:
      "how a deployed workload's event paths stand: its event source mappings (state, last result) and the\n" +
      'failed events waiting in its dead-letter queues and on-failure destinations',
    workloadArgument: 'ride-sharing or orders',
    helpText: `
Failed events in a queue are repaired by \`awsarch replay orders\` (the read models, from the event store) or
by redriving them (\`awsarch load ride-sharing --redrive\` redrives its own run's).

Examples:
  $ awsarch workloads status orders --account Prod
  $ awsarch --sandbox --output json workloads status ride-sharing | jq .deadLettered`,
    run: async (ctx, request) => {
      const { workloadStatus } = await import('../workloads/workload-status.js');
      const { workloadStatusView } = await import('../ui/views/workload-status.js');
      const { toDocument } = await import('../documents/document.js');
      const status = await workloadStatus(ctx, request);
      return { data: toDocument('workloads-status', status), human: workloadStatusView(status) };
    },
  });
  addDeployedWorkloadCommand(workloads, runAction, {
    name: 'url',
    description:
      "the URL of a deployed workload's HTTP API (orders), with its routes. Against AWS it is API Gateway's\n" +
      'endpoint; with --sandbox it is where the sandbox serves the API on 127.0.0.1, for as long as the\n' +
      'sandbox runs (start one with `awsarch sandbox start` so the URL keeps answering).',
    workloadArgument: 'orders (ride-sharing has no HTTP API)',
    helpText: `
Examples:
  $ awsarch workloads url orders --account Prod
  $ awsarch sandbox start &                    # then, in another shell:
  $ curl -X POST "$(awsarch --sandbox --output json workloads url orders | jq -r .url)/orders" \\
      -d '{"customerId":"c-1","currency":"EUR"}'`,
    run: async (ctx, request) => {
      const { resolveWorkloadUrl } = await import('../workloads/workload-url.js');
      const { workloadUrlView } = await import('../ui/views/workload-url.js');
      const { toDocument } = await import('../documents/document.js');
      const url = await resolveWorkloadUrl(ctx, request);
      return { data: toDocument('workloads-url', url), human: workloadUrlView(url) };
    },
  });
  workloads
    .command('list')
    .description('the bundled workloads, their stacks and their settings (--context keys)')
    .addHelpText(
      'after',
      "\nExamples:\n  $ awsarch workloads list\n  $ awsarch --output json workloads list | jq -r '.workloads[].name'",
    )
    .action(async (_opts: unknown, command: Command) =>
      runAction(command, {
        aws: false,
        run: async () => {
          const { WORKLOADS, workloadList } = await import('../workloads/catalog.js');
          const { workloadListView } = await import('../ui/views/workloads.js');
          const { toDocument } = await import('../documents/document.js');
          const list = workloadList(WORKLOADS);
          return { data: toDocument('workloads-list', list), human: workloadListView(list) };
        },
      }),
    );
}

/** What a command about one deployed workload receives: the workload and the account it runs in. */
interface DeployedWorkloadRequest {
  workload: WorkloadDefinition;
  account?: string;
}

/**
 * A `workloads <name> <workload> [--account]` command that reads one deployed workload (status, url): the
 * same argument and --account option, the workload resolved before the action runs.
 */
function addDeployedWorkloadCommand(
  parent: Command,
  runAction: RunAction,
  spec: {
    name: string;
    description: string;
    workloadArgument: string;
    helpText: string;
    run: (ctx: CommandContext, request: DeployedWorkloadRequest) => Promise<CommandResult>;
  },
): void {
  parent
    .command(spec.name)
    .description(spec.description)
    .argument('<workload>', spec.workloadArgument)
    .addOption(
      valueOption(
        '--account <id|name>',
        "the member account the workload runs in (12-digit id, e-mail or name (any case, when unique); default: the caller's)",
      ),
    )
    .addHelpText('after', spec.helpText)
    .action(async (name: string, opts: { account?: string }, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { resolveWorkload } = await import('../workloads/catalog.js');
          return spec.run(ctx, { workload: resolveWorkload(name), account: opts.account });
        },
      }),
    );
}
