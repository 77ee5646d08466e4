import type { WorkloadList } from '../../workloads/catalog.js';
import type { DeployResult } from '../../workloads/deploy.js';
import type { SynthResult } from '../../workloads/synth.js';
import type { HumanBlock } from '../io-host.js';
import { permissionChangeLines, permissionSummaryLine } from './permission-changes.js';
import { bootstrapPlanLine } from './bootstrap-plan.js';
import { wrapWords } from '../fit-width.js';

export function workloadListView({ workloads }: WorkloadList): HumanBlock[] {
  const human: HumanBlock[] = [
    {
      kind: 'table',
      columns: ['WORKLOAD', 'STACKS', 'DESCRIPTION'],
      rows: workloads.map((workload) => [
        workload.name,
        workload.stacks.map((stack) => stack.id).join(', '),
        workload.title,
      ]),
    },
  ];
  for (const workload of workloads) {
    human.push({
      kind: 'table',
      title: `${workload.name} settings (--context key=value)`,
      columns: ['KEY', 'DEFAULT', 'MEANING'],
      rows: workload.context.map((setting) => [setting.key, setting.default || '(none)', setting.description]),
    });
  }
  return human;
}

export function synthView(result: SynthResult): HumanBlock[] {
  const human: HumanBlock[] = [
    {
      kind: 'table',
      title: `${result.workload}: cloud assembly in ${result.outdir} (${(result.durationMs / 1000).toFixed(1)}s)`,
      columns: ['STACK', 'RESOURCES', 'PARAMETERS', 'OUTPUTS', 'ASSETS', 'TEMPLATE'],
      rows: result.stacks.map((stack) => [
        stack.name,
        String(stack.resourceCount),
        String(stack.parameters.length),
        String(stack.outputs.length),
        String(stack.assets),
        `${(stack.templateBytes / 1024).toFixed(0)} KiB`,
      ]),
    },
  ];
  for (const stack of result.stacks) {
    human.push({
      kind: 'table',
      title: `${stack.name} resources`,
      columns: ['TYPE', 'COUNT'],
      rows: stack.resourceTypes.map((entry) => [entry.type, String(entry.count)]),
    });
  }
  const problems = result.messages.filter((message) => message.level !== 'info');
  human.push({
    kind: 'text',
    lines: problems.length
      ? problems.map((message) => `${message.level}: ${message.path}: ${message.message}`)
      : [
          `no warnings${result.validated ? ' (templates validated)' : ' (add --validate to also check the templates against the CloudFormation specification)'}`,
        ],
  });
  return human;
}

/** The deployment's result; the permission changes wrapped to `width` columns. */
export function deployView(result: DeployResult, width = 120): HumanBlock[] {
  const human: HumanBlock[] = [];
  const permissions = result.permissionChanges;
  // A deployment listed its changes before it started (the question, or the list with --yes); a dry run lists them here.
  human.push({
    kind: 'text',
    lines: !permissions.length
      ? ['no permission changes']
      : result.dryRun
        ? [
            `${permissionSummaryLine(permissions)} (dry run):`,
            ...permissionChangeLines(permissions, width).map((line) => `  ${line}`),
          ]
        : [permissionSummaryLine(permissions)],
  });
  if (result.dryRun) {
    for (const stack of result.stacks) {
      const changes = stack.changes ?? [];
      human.push({
        kind: 'table',
        title: `${stack.name}: ${changes.length ? `${changes.length} resource change(s)` : 'no changes'} (dry run: nothing deployed)`,
        columns: ['CHANGE', 'LOGICAL ID', 'TYPE'],
        rows: changes.map((change) => [change.change, change.logicalId, change.type]),
      });
    }
  } else {
    human.push({
      kind: 'table',
      title: `${result.workload} in ${result.environment}`,
      columns: ['STACK', 'RESULT', 'OUTPUTS'],
      rows: result.stacks.map((stack) => [stack.name, stack.status, String(Object.keys(stack.outputs ?? {}).length)]),
    });
    for (const stack of result.stacks) {
      const outputs = Object.entries(stack.outputs ?? {});
      if (outputs.length) human.push({ kind: 'keyValue', title: `${stack.name} outputs`, entries: outputs });
    }
  }
  const bootstrap =
    result.bootstrapPlan && bootstrapPlanLine(result.bootstrapPlan, `${result.account}/${result.region}`);
  if (bootstrap)
    human.push({
      kind: 'text',
      lines: wrapWords(bootstrap, width - 2).map((line, index) => (index ? `  ${line}` : line)),
    });
  if (result.sandbox) human.push({ kind: 'text', lines: [result.sandbox] });
  return human;
}
