import type { IIoHost, IoMessage, IoRequest } from '@aws-cdk/toolkit-lib';
import type { IoHost, TaskHandle } from '../core/io-host.js';
import { MSG } from '../core/message-codes.js';

/** Toolkit messages about the stacks' outcome, collected for the result. */
export interface ToolkitRecord {
  /** Per stack: the stack diff as the toolkit formats it (CDK_TOOLKIT_I4002). */
  readonly diffs: Map<string, string>;
  /** Per stack: resource events that failed, with CloudFormation's reason. */
  readonly failures: Map<string, string[]>;
  /** Policy-validation results (CDK_TOOLKIT_E9600), when validation ran. */
  readonly validations: unknown[];
  /** Per stack ARN: whether the deployment changed nothing (CDK_TOOLKIT_I5900). */
  readonly noOp: Map<string, boolean>;
}

export interface ToolkitIoOptions {
  /** The task the toolkit's work shows under (stacks, assets). */
  readonly parent?: TaskHandle;
  /** Asked for security-sensitive deployments (CDK_TOOLKIT_I5060); without it the toolkit's default applies. */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** ACCOUNT/REGION being deployed to, named in awsarch's own bootstrap warning. */
  readonly environment?: string;
}

/** The toolkit's warning when a bootstrap falls back to AdministratorAccess; it names a CDK CLI flag awsarch lacks. */
const DEFAULT_EXECUTION_POLICY = /^Using default execution policy of '([^']+)'/;
/** The diff's preamble to the CDK's IAM table (which is --verbose detail): awsarch lists the permissions itself. */
const SECURITY_TABLE_PREAMBLE = /^This deployment will make potentially sensitive changes/;

/** The members of the toolkit's message payloads this bridge reads (each code carries a few of them). */
interface ToolkitMessageData {
  deployment?: unknown;
  stackName?: unknown;
  resourcesTotal?: number;
  stack?: { stackName?: string };
  stackArn?: unknown;
  noOp?: unknown;
  event?: unknown;
  progress?: unknown;
}

/** Messages shown as awsarch info lines (the rest of the toolkit's info is debug: --verbose). */
const SHOWN_INFO = new Set(['CDK_TOOLKIT_I5100', 'CDK_TOOLKIT_I9100', 'CDK_TOOLKIT_I9900']);

/**
 * Renders the CDK toolkit's IoHost messages through awsarch's IoHost (TUI, plain or JSON): stack
 * monitoring becomes a task per stack with resources done/total, asset publishing a task with
 * progress, warnings stay warnings, everything else is debug output for --verbose.
 */
export class ToolkitIoBridge implements IIoHost {
  readonly record: ToolkitRecord = { diffs: new Map(), failures: new Map(), validations: [], noOp: new Map() };
  private readonly stackTasks = new Map<string, { task: TaskHandle; stackName: string }>();
  private assets: { task: TaskHandle; done: number; total: number } | undefined;

  constructor(
    private readonly io: IoHost,
    private readonly options: ToolkitIoOptions = {},
  ) {}

  async notify(message: IoMessage<unknown>): Promise<void> {
    const code = message.code ?? 'CDK_TOOLKIT_MESSAGE';
    const text = clean(message.message);
    const data = message.data as ToolkitMessageData | undefined;
    switch (code) {
      case 'CDK_TOOLKIT_I5501':
        return this.startStack(
          String(data?.deployment),
          String(data?.stackName),
          data?.resourcesTotal as number | undefined,
        );
      case 'CDK_TOOLKIT_I5502':
        return this.stackActivity(data ?? {});
      case 'CDK_TOOLKIT_I5503':
        return this.endStack(String(data?.deployment));
      case 'CDK_TOOLKIT_I5220':
        return this.assetStarted();
      case 'CDK_TOOLKIT_I5221':
        return this.assetDone();
      case 'CDK_TOOLKIT_I4002':
        if (data?.stack?.stackName) this.record.diffs.set(String(data.stack.stackName), text);
        return this.io.debug(MSG.TOOLKIT.of(code), text);
      case 'CDK_TOOLKIT_I5900':
        if (typeof data?.stackArn === 'string') this.record.noOp.set(data.stackArn, data.noOp === true);
        return this.io.debug(MSG.TOOLKIT.of(code), text);
      case 'CDK_TOOLKIT_E9600':
        this.record.validations.push(data);
        return this.io.debug(MSG.TOOLKIT.of(code), text || 'template validation finished', data);
      default:
        break;
    }
    if (message.level === 'warn') return this.warn(code, text);
    if (message.level === 'info' && SHOWN_INFO.has(code)) return this.io.info(MSG.TOOLKIT.of(code), text);
    // Errors surface as the exception the toolkit throws; the message itself is detail for --verbose.
    if (text) this.io.debug(MSG.TOOLKIT.of(code), text);
  }

  /**
   * The toolkit asks before every deployment with changes (CDK_TOOLKIT_I5060); like the CDK CLI's default
   * (--require-approval broadening), only changes that broaden permissions are put to the user, after
   * showing them; everything else gets the toolkit's default answer.
   */
  async requestResponse<T>(request: IoRequest<unknown, T>): Promise<T> {
    const permissions = (request.data as { permissionChangeType?: string } | undefined)?.permissionChangeType;
    if (request.code === 'CDK_TOOLKIT_I5060' && this.options.confirm && permissions === 'broadening') {
      const text = clean(request.message);
      const question = text.split('\n').filter(Boolean).at(-1) ?? text;
      // The CDK's own IAM table (hundreds of columns, raw intrinsics) is for --verbose; awsarch's summary was shown.
      this.io.debug(MSG.TOOLKIT.of(request.code), text.slice(0, text.length - question.length).trim());
      return (await this.options.confirm(question)) as T;
    }
    this.io.debug(MSG.TOOLKIT.of(request.code), `${clean(request.message)} (answered with the default)`);
    return request.defaultResponse;
  }

  /** Toolkit warnings, with the ones that speak of the CDK CLI's flags said in awsarch's terms. */
  private warn(code: string, text: string): void {
    if (SECURITY_TABLE_PREAMBLE.test(text)) return this.io.debug(MSG.TOOLKIT.of(code), text);
    const fallback = DEFAULT_EXECUTION_POLICY.exec(text);
    if (fallback) {
      const environment = this.options.environment ?? 'the environment';
      this.io.debug(MSG.TOOLKIT.of(code), text);
      return this.io.warn(
        MSG.BOOTSTRAP_ADMIN_EXECUTION_POLICY,
        `bootstrapping ${environment} with AdministratorAccess as the CloudFormation execution policy; pass --execution-policy ARN to restrict it`,
        { environment, policy: fallback[1] ?? '' },
      );
    }
    this.io.warn(MSG.TOOLKIT.of(code), text.replaceAll('--cloudformation-execution-policies', '--execution-policy'));
  }

  /** Ends the stacks still shown as running (after the toolkit threw): failed, or cancelled after a "no"/Ctrl-C. */
  failOpenTasks(reason: string, cancelled = false): void {
    const end = (task: TaskHandle) => (cancelled ? task.cancel(reason) : task.fail(reason));
    for (const { task } of this.stackTasks.values()) end(task);
    this.stackTasks.clear();
    if (this.assets) end(this.assets.task);
    this.assets = undefined;
  }

  private newTask(title: string): TaskHandle {
    return this.options.parent ? this.options.parent.task(title) : this.io.task(title);
  }

  private startStack(deployment: string, stackName: string, total: number | undefined): void {
    const task = this.newTask(`stack ${stackName}`);
    if (total) task.progress(0, total, 'starting');
    this.stackTasks.set(deployment, { task, stackName });
  }

  private stackActivity(data: ToolkitMessageData): void {
    const entry = this.stackTasks.get(String(data.deployment));
    const event = (data.event ?? {}) as {
      LogicalResourceId?: string;
      ResourceType?: string;
      ResourceStatus?: string;
      ResourceStatusReason?: string;
      StackName?: string;
    };
    const progress = (data.progress ?? {}) as { completed?: number; total?: number };
    const detail = `${event.LogicalResourceId ?? '?'} ${event.ResourceStatus ?? ''}`.trim();
    if (entry && progress.total) entry.task.progress(progress.completed ?? 0, progress.total, detail);
    else entry?.task.update(detail);
    const stackName = entry?.stackName ?? event.StackName ?? '?';
    this.io.debug(
      MSG.TOOLKIT_STACK_EVENT,
      `${stackName} ${event.ResourceType ?? ''} ${detail}${event.ResourceStatusReason ? `: ${event.ResourceStatusReason}` : ''}`,
      {
        stack: stackName,
        logicalId: event.LogicalResourceId,
        type: event.ResourceType,
        status: event.ResourceStatus,
        reason: event.ResourceStatusReason,
        progress,
      },
    );
    if (event.ResourceStatus?.endsWith('_FAILED') && event.ResourceStatusReason) {
      const line = `${event.LogicalResourceId} (${event.ResourceType}) ${event.ResourceStatus}: ${event.ResourceStatusReason}`;
      this.record.failures.set(stackName, [...(this.record.failures.get(stackName) ?? []), line]);
      this.io.warn(MSG.STACK_RESOURCE_FAILED, `${stackName}: ${line}`, {
        stack: stackName,
        logicalId: event.LogicalResourceId,
        status: event.ResourceStatus,
        reason: event.ResourceStatusReason,
      });
    }
  }

  private endStack(deployment: string): void {
    const entry = this.stackTasks.get(deployment);
    if (!entry) return;
    this.stackTasks.delete(deployment);
    const failed = this.record.failures.has(entry.stackName);
    if (failed) entry.task.fail('failed (see the resource errors)');
    else entry.task.succeed('done');
  }

  private assetStarted(): void {
    this.assets ??= { task: this.newTask('publish assets'), done: 0, total: 0 };
    this.assets.total += 1;
    this.assets.task.progress(this.assets.done, this.assets.total);
  }

  private assetDone(): void {
    if (!this.assets) return;
    this.assets.done += 1;
    this.assets.task.progress(this.assets.done, this.assets.total);
    if (this.assets.done >= this.assets.total) {
      this.assets.task.succeed(`${this.assets.total} published`);
      this.assets = undefined;
    }
  }
}

/** Toolkit text without colour codes, emoji decoration or surrounding blank lines. */
export function clean(text: string): string {
  return text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/^[\s\u2728\u2705\u274c\u26a0\ufe0f\ud83d\udd14]+/u, '')
    .trim();
}
