import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Toolkit } from '@aws-cdk/toolkit-lib';
import { endTaskAfterError, isCancellation } from '../core/task-end.js';
import { confirmDestructive, type CommandContext } from '../core/context.js';
import { workloadAssemblySource } from './assembly-source.js';
import type { WorkloadDefinition } from './catalog.js';
import { summarizeTemplateDiff, type ResourceChange } from './template-diff.js';
import { deployTarget, withToolkitEndpoint, type DeployTarget } from './deploy-target.js';
import { toolkitErrorToAwsarch } from './toolkit-errors.js';
import { ToolkitIoBridge } from './toolkit-io.js';

export interface DeployRequest {
  readonly workload: WorkloadDefinition;
  readonly context: Record<string, string>;
  /** A member account (id, e-mail or name) reached through the access role; default: the caller's account. */
  readonly account?: string;
  readonly dryRun: boolean;
  /** Bootstrap the environment (the CDKToolkit stack) first; a no-op when it is up to date. */
  readonly bootstrap: boolean;
}

export interface DeployedStackResult {
  readonly name: string;
  readonly status: 'deployed' | 'unchanged' | 'planned';
  readonly stackArn?: string;
  readonly outputs?: Record<string, string>;
  /** With --dry-run: what the deployment would change. */
  readonly changes?: ResourceChange[];
}

export interface DeployResult {
  readonly workload: WorkloadDefinition['name'];
  readonly account: string;
  readonly region: string;
  readonly environment: string;
  readonly dryRun: boolean;
  readonly bootstrap?: 'bootstrapped' | 'already-bootstrapped';
  readonly stacks: DeployedStackResult[];
  readonly durationMs: number;
  /** Set against the sandbox: what its CloudFormation did (recorded, not executed). */
  readonly sandbox?: string;
}

/** How often the toolkit polls stack events (seconds); the sandbox answers at once, AWS takes its time. */
const SANDBOX_POLL_SECONDS = 0.1;

/**
 * Deploys a bundled workload with the CDK toolkit into the caller's account or a member account (through
 * its access role): --dry-run shows the diff against what is deployed, otherwise the stacks are deployed
 * with change sets while their events stream through the IO host.
 */
export async function deployWorkload(ctx: CommandContext, request: DeployRequest): Promise<DeployResult> {
  const started = Date.now();
  const target = await deployTarget(ctx, request.account);
  const environment = `aws://${target.accountId}/${target.region}`;
  const task = ctx.io.task(`${request.dryRun ? 'diff' : 'deploy'} ${request.workload.name} → ${environment}`);
  const bridge = new ToolkitIoBridge(ctx.io, {
    parent: task,
    confirm: (question) => confirmDestructive(ctx, `${request.workload.name} (IAM changes): ${question}`),
  });
  const outdir = await mkdtemp(join(tmpdir(), 'awsarch-deploy-'));
  try {
    return await withToolkitEndpoint(ctx.aws.target.endpoint, async () => {
      const { Toolkit, BaseCredentials } = await import('@aws-cdk/toolkit-lib');
      const toolkit = new Toolkit({
        ioHost: bridge,
        sdkConfig: { baseCredentials: BaseCredentials.custom({ provider: target.credentials, region: target.region }) },
        color: false,
        emojis: false,
      });
      const source = await workloadAssemblySource(toolkit, ctx.io, {
        workload: request.workload,
        context: request.context,
        outdir,
        validate: false,
        keepOutdir: false,
      });
      const bootstrap = request.bootstrap
        ? await bootstrapEnvironment(toolkit, environment, request.dryRun)
        : undefined;
      const stacks = request.dryRun ? await planStacks(toolkit, source) : await deployStacks(toolkit, source, target);
      task.succeed(
        request.dryRun
          ? `${stacks.reduce((sum, stack) => sum + (stack.changes?.length ?? 0), 0)} change(s) planned, nothing deployed`
          : `${stacks.length} stack(s) deployed`,
      );
      return {
        workload: request.workload.name,
        account: target.accountId,
        region: target.region,
        environment,
        dryRun: request.dryRun,
        ...(bootstrap ? { bootstrap } : {}),
        stacks,
        durationMs: Date.now() - started,
        ...(ctx.options.sandbox && !request.dryRun
          ? {
              sandbox:
                'sandbox: CloudFormation recorded the stacks and reported their resources complete; made real were IAM roles, S3 buckets, SSM parameters, DynamoDB tables (with their streams), SQS queues, EventBridge buses, rules and archives, Lambda functions (their code runs), event source mappings and HTTP APIs',
            }
          : {}),
      };
    });
  } catch (error) {
    const failure = toolkitErrorToAwsarch(
      error,
      `${request.dryRun ? 'diffing' : 'deploying'} ${request.workload.name} in ${environment}`,
      bridge.record,
    );
    // A declined confirmation (or Ctrl-C) is not a failure: its rows say cancelled.
    const cancelled = isCancellation(failure, ctx.signal);
    bridge.failOpenTasks(cancelled ? 'cancelled' : 'failed', cancelled);
    endTaskAfterError(task, failure, ctx.signal, cancelled ? 'cancelled' : 'failed');
    throw failure;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }

  async function planStacks(toolkit: Toolkit, source: Parameters<Toolkit['diff']>[0]): Promise<DeployedStackResult[]> {
    const { DiffMethod } = await import('@aws-cdk/toolkit-lib');
    const diffs = await toolkit.diff(source, { method: DiffMethod.TemplateOnly() });
    return Object.entries(diffs).map(([name, diff]) => ({
      name,
      status: 'planned',
      changes: summarizeTemplateDiff(diff),
    }));
  }

  async function deployStacks(
    toolkit: Toolkit,
    source: Parameters<Toolkit['deploy']>[0],
    deployTo: DeployTarget,
  ): Promise<DeployedStackResult[]> {
    const { StackParameters } = await import('@aws-cdk/toolkit-lib');
    const result = await toolkit.deploy(source, {
      deploymentMethod: { method: 'change-set' },
      // The settings (--context) are the parameters' defaults: every deploy applies them instead of keeping old values.
      parameters: StackParameters.exactly({}),
      ...(deployTo.sandbox ? { stackEventPollingInterval: SANDBOX_POLL_SECONDS } : {}),
    });
    return result.stacks.map((stack) => ({
      name: stack.stackName,
      status: bridge.record.noOp.get(stack.stackArn) ? 'unchanged' : 'deployed',
      stackArn: stack.stackArn,
      outputs: stack.outputs,
    }));
  }
}

async function bootstrapEnvironment(
  toolkit: Toolkit,
  environment: string,
  dryRun: boolean,
): Promise<'bootstrapped' | 'already-bootstrapped'> {
  const { BootstrapEnvironments } = await import('@aws-cdk/toolkit-lib');
  const result = await toolkit.bootstrap(BootstrapEnvironments.fromList([environment]), { execute: !dryRun });
  return result.environments.every((entry) => entry.status === 'no-op') ? 'already-bootstrapped' : 'bootstrapped';
}
