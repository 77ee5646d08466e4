import type { Command } from 'commander';
import { collect, flagOption, leaseWaitOption, readFlag, valueOption } from './options.js';
import type { RunAction } from './run-action.js';
import { ERR } from '../core/error-codes.js';

interface PlanOptions {
  from?: string;
  target: string[];
  policy: string[];
  param: string[];
  exclusive?: boolean;
  adopt?: boolean;
  allowLockout?: boolean;
}

const PARAM_HELP =
  'set a template parameter, e.g. allowedRegions=eu-west-1,eu-central-1; Policy.key=value for one policy (repeatable)';

/** `awsarch scp list|render|validate|diff|apply|test`. */
export function registerScpCommands(program: Command, runAction: RunAction): void {
  const scp = program
    .command('scp')
    .description(
      'service control policies: six bundled guardrails, validated offline, diffed, applied idempotently, and tested before they go live',
    );

  scp
    .command('list')
    .description(
      'the bundled SCP templates (size against the 5,120-character quota, parameters), and the SCPs in the organization with where each is attached',
    )
    .addOption(flagOption('--bundled', 'only the bundled templates; needs no AWS access'))
    .addHelpText(
      'after',
      "\nExamples:\n  $ awsarch scp list\n  $ awsarch scp list --bundled\n  $ awsarch --output json scp list | jq '.organization.deployed[] | {name, attachedTo}'",
    )
    .action(async (opts: { bundled?: boolean }, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { listBundled, listDeployed } = await import('../scps/list.js');
          const { listView } = await import('../ui/views/scps.js');
          const bundled = await listBundled();
          const bundledOnly = readFlag(opts.bundled, ctx.env, '--bundled');
          const { toDocument } = await import('../documents/document.js');
          const list = { bundled, ...(bundledOnly ? {} : { organization: await listDeployed(ctx) }) };
          return { data: toDocument('scp-list', list), human: listView(list) };
        },
      }),
    );

  scp
    .command('render')
    .description(
      'the final JSON of a bundled SCP (or a template file) with its parameters filled in: exactly what `scp apply` uploads, and its size',
    )
    .argument('<name>', 'a bundled SCP (see `scp list --bundled`) or a template file')
    .addOption(valueOption('--param <key=value>', PARAM_HELP).argParser(collect).default([]))
    .addOption(flagOption('--minified', 'print the document exactly as uploaded: one line, white space removed'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ awsarch scp render RequireRegions --param allowedRegions=eu-west-1,eu-central-1\n  $ awsarch scp render RequireTags --param requiredTagKeys=owner,env --minified > require-tags.json',
    )
    .action(async (name: string, opts: { param: string[]; minified?: boolean }, command: Command) =>
      runAction(command, {
        aws: false,
        run: async (ctx) => {
          const { renderInput } = await import('../scps/validate-inputs.js');
          const { renderedScpDocument } = await import('../scps/render.js');
          const { renderView } = await import('../ui/views/scps.js');
          const { toDocument } = await import('../documents/document.js');
          const rendered = renderedScpDocument(await renderInput(name, opts.param));
          const minified = readFlag(opts.minified, ctx.env, '--minified');
          return { data: toDocument('scp-render', rendered), human: renderView(rendered, { minified }) };
        },
      }),
    );

  scp
    .command('validate')
    .description(
      'check SCPs offline: JSON syntax (line and column), IAM grammar (Version, Effect, Action/NotAction,\n' +
        'Resource/NotResource, Condition operators and values), elements SCPs do not allow (Principal), the size\n' +
        'quota (5,120 characters after white space is removed), that every action, action wildcard and condition\n' +
        "key exists in AWS's service authorization reference, and risky patterns (a Deny sparing no break-glass\n" +
        'role, a Deny of every action). Exits 1 when a policy has errors (with --strict, also warnings).',
    )
    .argument('[policies...]', 'bundled SCP names or files (templates or plain policies); default: every bundled SCP')
    .addOption(valueOption('--param <key=value>', PARAM_HELP).argParser(collect).default([]))
    .addOption(flagOption('--strict', 'treat warnings as errors'))
    .addHelpText(
      'after',
      "\nExamples:\n  $ awsarch scp validate\n  $ awsarch scp validate ./my-guardrail.json RequireRegions --param allowedRegions=eu-west-1\n  $ awsarch --output json scp validate ./my-guardrail.json | jq '.policies[].issues[]'",
    )
    .action(async (policies: string[], opts: { param: string[]; strict?: boolean }, command: Command) =>
      runAction(command, {
        aws: false,
        run: async (ctx) => {
          const { validateInputs, validationDocument } = await import('../scps/validate-inputs.js');
          const { validateView } = await import('../ui/views/scps.js');
          const reports = await validateInputs(policies, opts.param);
          const { toDocument } = await import('../documents/document.js');
          const validation = validationDocument(reports, readFlag(opts.strict, ctx.env, '--strict'));
          return {
            data: toDocument('scp-validate', validation),
            human: validateView(validation),
            outcome: validation.valid ? 'ok' : 'failed',
          };
        },
      }),
    );

  const planOptions = (command: Command) =>
    command
      .addOption(
        valueOption(
          '--target <target>',
          'root, an OU path (Workloads/Prod), an OU id, an account id or name (repeatable); with --from, only this target',
        )
          .argParser(collect)
          .default([]),
      )
      .addOption(
        valueOption('--policy <name>', 'a bundled SCP, a template or policy file, or FullAWSAccess (repeatable)')
          .argParser(collect)
          .default([]),
      )
      .addOption(valueOption('--param <key=value>', PARAM_HELP).argParser(collect).default([]))
      .addOption(
        valueOption(
          '--from <file>',
          'a layout file with parameters and the targets of each SCP, or a landing-zone file (its scps section, see templates/landing-zone.yaml)',
        ),
      )
      .addOption(
        flagOption(
          '--exclusive',
          'also detach SCPs not named here from the targets (never FullAWSAccess: that is refused)',
        ),
      )
      .addOption(
        flagOption(
          '--adopt',
          'take over same-named SCPs that awsarch did not create (update them and tag them awsarch:managed)',
        ),
      )
      .addOption(
        flagOption(
          '--allow-lockout',
          'apply even if an OU or account would be left able to do nothing (a quarantine OU); never on the root',
        ),
      );

  planOptions(
    scp
      .command('diff')
      .description(
        'what `scp apply` would change: SCP contents as a JSON diff, attachments added and removed, and any guardrail that would refuse',
      ),
  )
    .addOption(
      flagOption('--detailed-exitcode', 'exit 3 when there are changes (0 when none, 2 when apply would refuse)'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ awsarch scp diff --from templates/landing-zone.yaml\n  $ awsarch scp diff --from templates/landing-zone.yaml --target Workloads --detailed-exitcode\n  $ awsarch scp diff --target Workloads/Prod --policy RequireRegions --param allowedRegions=eu-west-1',
    )
    .action(async (opts: PlanOptions & { detailedExitcode?: boolean }, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { diffOutcome, diffScps } = await import('../scps/plan-actions.js');
          const { scpDiffDocument } = await import('../documents/scps.js');
          const { diffView } = await import('../ui/views/scp-plan.js');
          const result = await diffScps(ctx, planRequest(opts, ctx.env));
          const detailed = readFlag(opts.detailedExitcode, ctx.env, '--detailed-exitcode');
          return { data: scpDiffDocument(result), human: diffView(result), outcome: diffOutcome(result, detailed) };
        },
      }),
    );

  planOptions(
    scp
      .command('apply')
      .description(
        'make the organization match: enable SCPs if needed, create or update each SCP (tagged awsarch:managed;\n' +
          'SCPs awsarch did not create are left alone unless --adopt), and attach them.\n' +
          'Idempotent: a second run makes no write call. Refuses, changing nothing, when a target would exceed\n' +
          'five SCPs, lose FullAWSAccess or its last Allow, or is the management account (SCPs never apply to it),\n' +
          'and when member accounts would be left able to do nothing at all: a Deny of every action without a\n' +
          'condition, or no action allowed at every level from the root down (the refusal names the policy, the\n' +
          'target and the accounts; --allow-lockout accepts it for an OU or account, never for the root).',
      ),
  )
    .addOption(flagOption('--dry-run', 'show the plan, change nothing'))
    .addOption(leaseWaitOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ awsarch scp apply --from templates/landing-zone.yaml --yes\n  $ awsarch scp apply --target Workloads --target Sandbox --policy RequireRegions --param allowedRegions=eu-west-1 --dry-run\n  $ awsarch --output json scp apply --target root --policy DenyRootAccountUsage --yes | jq .apiCalls',
    )
    .action(async (opts: PlanOptions & { dryRun?: boolean; leaseWait?: number }, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { applyOutcome, applyScps } = await import('../scps/plan-actions.js');
          const { applyView } = await import('../ui/views/scp-plan.js');
          const { scpApplyDocument } = await import('../documents/scps.js');
          const result = await applyScps(
            ctx,
            { ...planRequest(opts, ctx.env), leaseWaitMs: opts.leaseWait },
            { dryRun: readFlag(opts.dryRun, ctx.env, '--dry-run') },
          );
          return { data: scpApplyDocument(result), human: applyView(result), outcome: applyOutcome(result) };
        },
      }),
    );

  scp
    .command('test')
    .description(
      'evaluate the SCPs that apply to an account (its own and those of every OU up to the root) for one\n' +
        'request, with @cloud-copilot/iam-simulate: Allowed, or Denied with the policy, statement Sid and why.\n' +
        'With --file, run a table of expected outcomes and exit 1 on any mismatch (offline when the file names\n' +
        'its policies, as templates/scps/cases.yaml does).',
    )
    .addOption(valueOption('--account <account>', 'account id, e-mail or name'))
    .addOption(valueOption('--action <action>', 'the IAM action, e.g. ec2:RunInstances'))
    .addOption(valueOption('--resource <arn>', 'the resource ARN (default *); its Region becomes aws:RequestedRegion'))
    .addOption(
      valueOption(
        '--principal <principal>',
        'root, a role name or a role ARN (default WorkloadAdmin, an ordinary role)',
      ),
    )
    .addOption(
      valueOption(
        '--context <key=value>',
        'a request context key, e.g. aws:RequestedRegion=eu-west-3 (a,b for lists; repeatable)',
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(
      valueOption('--tag <key=value>', 'a tag sent with the request: aws:RequestTag/key and aws:TagKeys (repeatable)')
        .argParser(collect)
        .default([]),
    )
    .addOption(
      valueOption('--file <cases>', 'a YAML table of cases with expected outcomes (see templates/scps/cases.yaml)'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ awsarch scp test --file templates/scps/cases.yaml\n  $ awsarch scp test --account Dev --action ec2:RunInstances --resource arn:aws:ec2:ap-southeast-2:111122223333:instance/*\n  $ awsarch scp test --account Prod --action s3:PutObject --context s3:x-amz-server-side-encryption=aws:kms\n  $ awsarch scp test --account Dev --action guardduty:DeleteDetector --principal BreakGlass',
    )
    .action(
      async (
        opts: {
          account?: string;
          action?: string;
          resource?: string;
          principal?: string;
          context: string[];
          tag: string[];
          file?: string;
        },
        command: Command,
      ) => {
        let needsAws = true;
        if (opts.file) {
          const { casesFileNeedsAws } = await import('../scps/test-cases.js');
          needsAws = await casesFileNeedsAws(opts.file).catch(() => false);
        }
        return runAction(command, {
          aws: needsAws,
          run: async (ctx) => {
            const { usageError } = await import('../core/errors.js');
            const { toDocument } = await import('../documents/document.js');
            if (opts.file) {
              if (opts.account || opts.action)
                throw usageError(ERR.CONFLICTING_OPTIONS, '--file cannot be combined with --account or --action');
              const { casesOutcome, runCasesFile } = await import('../scps/test-cases.js');
              const { casesView } = await import('../ui/views/scps.js');
              const report = await runCasesFile(needsAws ? ctx : undefined, opts.file);
              return {
                data: toDocument('scp-test-cases', report),
                human: casesView(report),
                outcome: casesOutcome(report),
              };
            }
            if (!opts.account || !opts.action)
              throw usageError(ERR.MISSING_OPTION, 'scp test needs --account and --action', 'or --file CASES.yaml');
            const { parseContextOptions } = await import('../scps/test-request.js');
            const { testAgainstOrganization } = await import('../scps/scp-test.js');
            const { testView } = await import('../ui/views/scps.js');
            const { parseTags } = await import('../accounts/vend-request.js');
            const region =
              opts.resource && /^arn:[^:]+:[^:]+:[a-z]{2}-/.test(opts.resource) ? undefined : ctx.options.region;
            const result = await testAgainstOrganization(ctx, opts.account, {
              action: opts.action,
              resource: opts.resource,
              principal: opts.principal,
              region,
              context: parseContextOptions(opts.context),
              tags: parseTags(opts.tag),
            });
            return { data: toDocument('scp-test', result), human: testView(result) };
          },
        });
      },
    );
}

function planRequest(opts: PlanOptions, env: Record<string, string | undefined>) {
  return {
    from: opts.from,
    targets: opts.target,
    policies: opts.policy,
    params: opts.param,
    exclusive: readFlag(opts.exclusive, env, '--exclusive'),
    adopt: readFlag(opts.adopt, env, '--adopt'),
    allowLockout: readFlag(opts.allowLockout, env, '--allow-lockout'),
  };
}
