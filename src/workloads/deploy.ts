import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ICloudAssemblySource, Toolkit } from '@aws-cdk/toolkit-lib';
import { confirmChanges } from '../core/confirm.js';
import { endTaskAfterError, isCancellation } from '../core/task-end.js';
import { confirmDestructive, type CommandContext } from '../core/context.js';
import { MSG } from '../core/message-codes.js';
import { workloadAssemblySource } from './assembly-source.js';
import type { WorkloadDefinition } from './catalog.js';
import { summarizeTemplateDiff, type ResourceChange } from './template-diff.js';
import { deployTarget, withToolkitEndpoint, type DeployTarget } from './deploy-target.js';
import { toolkitErrorToAwsarch } from './toolkit-errors.js';
import { ERR } from '../core/error-codes.js';
import { ToolkitIoBridge } from './toolkit-io.js';
import { bootstrapEnvironment } from './bootstrap.js';
import { checkBootstrap } from './bootstrap-check.js';
import type { BootstrapPlan } from './bootstrap-plan.js';
import { readDeployedTemplate } from './deployed-templates.js';
import { broadensPermissions, permissionChanges, type PermissionChange } from './permission-changes.js';
import type { CfnTemplate } from './template-intrinsics.js';

export interface DeployRequest {
  readonly workload: WorkloadDefinition;
  readonly context: Record<string, string>;
  /** A member account (id, e-mail or name) reached through the access role; default: the caller's account. */
  readonly account?: string;
  readonly dryRun: boolean;
  /** Bootstrap the environment (the CDKToolkit stack) first; a no-op when it is up to date. */
  readonly bootstrap: boolean;
  /** Managed policy ARNs for the CloudFormation execution role of a bootstrap (default: AdministratorAccess). */
  readonly executionPolicies: readonly string[];
  /** The permission changes as the lines a confirmation shows (the command's view: it knows the width). */
  readonly describePermissionChanges: (changes: readonly PermissionChange[]) => string[];
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
  /** With --bootstrap (not a dry run): what the bootstrap did. */
  readonly bootstrap?: 'bootstrapped' | 'already-bootstrapped';
  /** With --dry-run: what --bootstrap would do to the bootstrap stack, and whether a deploy needs it (reads only). */
  readonly bootstrapPlan?: BootstrapPlan;
  readonly stacks: DeployedStackResult[];
  /** The IAM statements, managed policies and security-group rules the deployment adds or removes. */
  readonly permissionChanges: PermissionChange[];
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
  // The question was asked before anything was written; the toolkit's own question then gets that answer.
  let confirmedUpFront = false;
  const bridge = new ToolkitIoBridge(ctx.io, {
    parent: task,
    environment: `${target.accountId}/${target.region}`,
    confirm: (question) =>
      confirmedUpFront
        ? Promise.resolve(true)
        : confirmDestructive(ctx, `${request.workload.name} (IAM changes): ${question}`),
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
      // Synthesized once: the permission summary, the bootstrap and the deployment all use this assembly.
      const assembly = await toolkit.synth(source);
      try {
        // Reads only (GetTemplate): nothing is bootstrapped, uploaded or deployed before the question.
        const changes = permissionChanges(
          await Promise.all(
            assembly.cloudAssembly.stacks.map(async (stack) => ({
              stack: stack.stackName,
              synthesized: stack.template as CfnTemplate,
              deployed: await readDeployedTemplate(target.clients, stack.stackName),
            })),
          ),
        );
        if (!request.dryRun) {
          confirmedUpFront = await confirmPermissionChanges(changes, environment);
        }
        // A dry run only reads the bootstrap stack: the toolkit's bootstrap would create a change set even unexecuted.
        const bootstrapPlan = request.dryRun
          ? await checkBootstrap(target.clients, {
              requested: request.bootstrap,
              executionPolicies: request.executionPolicies,
              requiredVersion: requiredBootstrapVersion(assembly.cloudAssembly.stacks),
            })
          : undefined;
        const bootstrap =
          request.bootstrap && !request.dryRun
            ? await bootstrapEnvironment(toolkit, environment, { executionPolicies: request.executionPolicies })
            : undefined;
        const stacks = request.dryRun
          ? await planStacks(toolkit, assembly)
          : await deployStacks(toolkit, assembly, target);
        task.succeed(
          request.dryRun
            ? `${stacks.reduce((sum, stack) => sum + (stack.changes?.length ?? 0), 0)} change(s) planned, nothing deployed`
            : deployedSummary(stacks),
        );
        return {
          workload: request.workload.name,
          account: target.accountId,
          region: target.region,
          environment,
          dryRun: request.dryRun,
          ...(bootstrap ? { bootstrap } : {}),
          ...(bootstrapPlan ? { bootstrapPlan } : {}),
          stacks,
          permissionChanges: changes,
          durationMs: Date.now() - started,
          ...(ctx.options.sandbox && !request.dryRun
            ? {
                sandbox:
                  'sandbox: CloudFormation recorded the stacks and reported their resources complete; made real were IAM roles, S3 buckets, SSM parameters, DynamoDB tables (with their streams), SQS queues, EventBridge buses, rules and archives, Lambda functions (their code runs), event source mappings and HTTP APIs',
              }
            : {}),
        };
      } finally {
        await assembly.dispose();
      }
    });
  } catch (error) {
    const notConfirmed = ERR.CANCELLED.is(error) || ERR.CONFIRMATION_REQUIRED.is(error);
    const failure = notConfirmed
      ? error
      : toolkitErrorToAwsarch(
          error,
          `${request.dryRun ? 'diffing' : 'deploying'} ${request.workload.name} in ${environment}`,
          bridge.record,
        );
    // A declined confirmation (or Ctrl-C) is not a failure: its rows say cancelled.
    const cancelled = isCancellation(failure, ctx.signal);
    bridge.failOpenTasks(cancelled ? 'cancelled' : 'failed', cancelled);
    endTaskAfterError(task, failure, ctx.signal, cancelled ? 'cancelled' : notConfirmed ? 'not confirmed' : 'failed');
    throw failure;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }

  /**
   * Broadening changes are confirmed (with the list); narrowing ones are only shown. True when the question
   * was asked and answered yes (or --yes), so the toolkit's own question needs no second answer.
   */
  async function confirmPermissionChanges(changes: PermissionChange[], environment: string): Promise<boolean> {
    if (changes.length === 0) return false;
    const lines = request.describePermissionChanges(changes);
    // Shown without a question when nothing is broadened, and with --yes (which answers it): a log keeps the list.
    if (!broadensPermissions(changes) || ctx.options.yes) {
      ctx.io.info(
        MSG.DEPLOY_PERMISSION_CHANGES,
        `permission changes:\n${lines.map((line) => `  ${line}`).join('\n')}`,
        {
          changes: lines,
        },
      );
      if (!broadensPermissions(changes)) return false;
    }
    await confirmChanges(ctx, {
      question: `Deploy ${request.workload.name} to ${environment.replace('aws://', '')} with these permission changes?`,
      changes: lines,
    });
    return true;
  }

  async function planStacks(toolkit: Toolkit, source: ICloudAssemblySource): Promise<DeployedStackResult[]> {
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
    source: ICloudAssemblySource,
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

/** The highest bootstrap version the stacks require (the synthesizer's requiresBootstrapStackVersion), if any. */
function requiredBootstrapVersion(
  stacks: ReadonlyArray<{ requiresBootstrapStackVersion?: number }>,
): number | undefined {
  const versions = stacks.flatMap((stack) =>
    stack.requiresBootstrapStackVersion !== undefined ? [stack.requiresBootstrapStackVersion] : [],
  );
  return versions.length ? Math.max(...versions) : undefined;
}

/** Pure: the deploy's closing line, e.g. `1 stack deployed`, `1 stack unchanged`, `2 stacks: 1 deployed, 1 unchanged`. */
export function deployedSummary(stacks: readonly Pick<DeployedStackResult, 'status'>[]): string {
  const count = (n: number) => `${n} stack${n === 1 ? '' : 's'}`;
  const deployed = stacks.filter((stack) => stack.status === 'deployed').length;
  const unchanged = stacks.filter((stack) => stack.status === 'unchanged').length;
  if (unchanged === 0) return `${count(deployed)} deployed`;
  if (deployed === 0) return `${count(unchanged)} unchanged`;
  return `${count(stacks.length)}: ${deployed} deployed, ${unchanged} unchanged`;
}
