import { stat } from 'node:fs/promises';
import type { CommandContext } from '../core/context.js';
import { workloadAssemblySource } from './assembly-source.js';
import { stackMessages, summarizeStack, type AssemblyMessage, type StackSummary } from './assembly-summary.js';
import type { WorkloadDefinition } from './catalog.js';
import { toolkitErrorToAwsarch } from './toolkit-errors.js';
import { ToolkitIoBridge } from './toolkit-io.js';
import { MSG } from '../core/message-codes.js';

export interface SynthRequest {
  readonly workload: WorkloadDefinition;
  readonly context: Record<string, string>;
  readonly outdir: string;
  readonly validate: boolean;
}

export interface SynthResult {
  readonly workload: WorkloadDefinition['name'];
  readonly outdir: string;
  readonly context: Record<string, string>;
  readonly durationMs: number;
  readonly stacks: StackSummary[];
  /** Construct annotations (warnings, errors) and, with --validate, template validation findings. */
  readonly messages: AssemblyMessage[];
  readonly validated: boolean;
}

/** Synthesizes a bundled workload into a cloud assembly, offline: no credentials, no network. */
export async function synthWorkload(ctx: CommandContext, request: SynthRequest): Promise<SynthResult> {
  const started = Date.now();
  const task = ctx.io.task(`synth ${request.workload.name}`);
  const bridge = new ToolkitIoBridge(ctx.io, { parent: task });
  try {
    const { Toolkit, BaseCredentials } = await import('@aws-cdk/toolkit-lib');
    const toolkit = new Toolkit({
      ioHost: bridge,
      sdkConfig: { baseCredentials: BaseCredentials.none() },
      color: false,
      emojis: false,
    });
    task.update('building the app and bundling its Lambda code');
    const source = await workloadAssemblySource(toolkit, ctx.io, { ...request, keepOutdir: true });
    const assembly = await toolkit.synth(source, { validateStacks: true });
    try {
      const stacks: StackSummary[] = [];
      const messages: AssemblyMessage[] = [];
      for (const stack of assembly.cloudAssembly.stacksRecursively) {
        const templateBytes = (await stat(stack.templateFullPath)).size;
        const fileAssets = stack.dependencies.reduce(
          (count, dependency) =>
            count + Object.keys((dependency as { contents?: { files?: object } }).contents?.files ?? {}).length,
          0,
        );
        stacks.push(summarizeStack(stack, templateBytes, fileAssets));
        messages.push(...stackMessages(stack));
      }
      messages.push(...validationFindings(bridge.record.validations));
      for (const message of messages.filter((entry) => entry.level !== 'info'))
        ctx.io.warn(MSG.SYNTH_WARNING, `${message.stack}: ${message.path}: ${message.message}`, message);
      task.succeed(
        `${stacks.length} stack(s), ${stacks.reduce((sum, stack) => sum + stack.resourceCount, 0)} resources`,
      );
      return {
        workload: request.workload.name,
        outdir: request.outdir,
        context: request.context,
        durationMs: Date.now() - started,
        stacks,
        messages,
        validated: request.validate,
      };
    } finally {
      await assembly.dispose();
    }
  } catch (error) {
    task.fail('failed');
    throw toolkitErrorToAwsarch(error, `synthesizing ${request.workload.name}`, bridge.record);
  }
}

/** The violations of aws-cdk-lib's template validation (reported by the toolkit as CDK_TOOLKIT_E9600). Pure. */
export function validationFindings(results: readonly unknown[]): AssemblyMessage[] {
  const findings: AssemblyMessage[] = [];
  for (const result of results) {
    for (const report of (result as { pluginReports?: unknown[] } | undefined)?.pluginReports ?? []) {
      const { pluginName, violations } = report as {
        pluginName?: string;
        violations?: Array<{
          ruleName?: string;
          description?: string;
          severity?: string;
          violatingConstructs?: Array<{ constructPath?: string }>;
        }>;
      };
      for (const violation of violations ?? []) {
        const path =
          violation.violatingConstructs
            ?.map((construct) => construct.constructPath)
            .filter(Boolean)
            .join(', ') ?? '';
        findings.push({
          level: violation.severity === 'error' || violation.severity === 'fatal' ? 'error' : 'warning',
          stack: path.split('/')[0] ?? '',
          path,
          message: `${pluginName ?? 'validation'} ${violation.ruleName ?? ''}: ${violation.description ?? ''}`.trim(),
        });
      }
    }
  }
  return findings;
}
