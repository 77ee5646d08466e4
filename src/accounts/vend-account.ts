import {
  CreateAccountCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import pRetry from 'p-retry';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import type { CommandContext } from '../core/context.js';
import { AwsarchError, isAwsarchError } from '../core/errors.js';
import type { TaskHandle } from '../core/io-host.js';
import { endTaskAfterError, isCancellation } from '../core/task-end.js';
import type { OrgSnapshot } from './org-model.js';
import { withRefresh } from './vend-progress-report.js';
import { formatOuPath, resolveParent, type ParentRef } from './ou-path.js';
import { decideVendStart, tagsToApply, type VendStart } from './vend-decisions.js';
import type { VendOptions, VendResult, VendStepName, VendStepOutcome } from './vend-model.js';
import type { VendRequest } from './vend-request.js';
import { findTwin, resolveInFlight, type FoundAccount } from './vend-twins.js';
import { waitForAccountCreation } from './wait-for-account.js';
import { ERR } from '../core/error-codes.js';

/**
 * Vends one account: locate (resume an existing account or in-flight request), create, wait, move
 * into its OU, tag, and prove access through its role. Safe to kill and re-run at any point.
 * Input errors throw before anything is written; a failed step is reported in the result, not thrown.
 */
export async function vendAccount(
  ctx: CommandContext,
  request: VendRequest,
  snapshot: OrgSnapshot,
  options: VendOptions,
): Promise<VendResult> {
  const target = resolveParent(snapshot, request.ou);
  decideVendStart(request, snapshot.accounts, options.inFlight);
  const result: VendResult = {
    name: request.name,
    email: request.email,
    ou: formatOuPath(target.path),
    status: 'planned',
    steps: [],
  };
  const parent = ctx.io.task(`${request.name} → ${result.ou}`);
  options.progress?.attach(parent);
  const vending = new Vending(ctx, request, target, options, result, parent);
  try {
    await vending.run(snapshot);
    options.progress?.finish('vended');
    parent.succeed(
      result.accountId ? `${result.accountId}${result.status === 'in-progress' ? ' (creating)' : ''}` : undefined,
    );
  } catch (error) {
    const failure = isAwsarchError(error) ? error : toAwsarchError(error, `Vending ${request.name}`);
    result.status = 'failed';
    result.error = { code: failure.code, message: failure.message, hint: failure.hint, exitCode: failure.exitCode };
    options.progress?.finish(isCancellation(error, ctx.signal) ? 'cancelled' : 'failed');
    endTaskAfterError(parent, error, ctx.signal, failure.message);
  }
  return result;
}

/** The steps of one vending run, sharing its request, result and task tree. */
class Vending {
  private readonly orgs: OrganizationsClient;

  constructor(
    private readonly ctx: CommandContext,
    private readonly request: VendRequest,
    private readonly target: ParentRef,
    private readonly options: VendOptions,
    private readonly result: VendResult,
    private readonly parent: TaskHandle,
  ) {
    this.orgs = ctx.aws.client(OrganizationsClient);
  }

  async run(snapshot: OrgSnapshot): Promise<void> {
    let resumed: FoundAccount | undefined;
    const start = await this.step<VendStart>('locate', async (task) => {
      const decision = decideVendStart(this.request, snapshot.accounts, this.options.inFlight);
      if (decision.kind === 'existing')
        return { status: 'done', detail: `found account ${decision.accountId}`, value: decision };
      if (decision.kind === 'create')
        return { status: 'done', detail: 'no existing account or request', value: decision };
      if (this.options.dryRun || !this.options.wait)
        return { status: 'done', detail: `resuming request ${decision.requestIds[0]}`, value: decision };
      resumed = await resolveInFlight(
        this.ctx,
        this.orgs,
        this.request,
        decision.requestIds,
        this.options.timing,
        task,
      );
      if (resumed)
        return {
          status: 'done',
          detail: `resuming request ${resumed.requestId}: account ${resumed.accountId}, same e-mail`,
          value: decision,
        };
      return {
        status: 'done',
        detail: `request(s) ${decision.requestIds.join(', ')} for the same name created another account (another e-mail)`,
        value: { kind: 'create' },
      };
    });

    if (this.options.dryRun) {
      this.plan(start);
      return;
    }

    let requestId = resumed?.requestId ?? (start.kind === 'in-flight' ? start.requestIds[0] : undefined);
    if (start.kind === 'create') {
      requestId = await this.step('create', async () => {
        const status = await this.orgs.send(
          new CreateAccountCommand({
            AccountName: this.request.name,
            Email: this.request.email,
            RoleName: this.request.accessRole,
            IamUserAccessToBilling: 'ALLOW',
            Tags: Object.entries(this.request.tags).map(([Key, Value]) => ({ Key, Value })),
          }),
        );
        const id = status.CreateAccountStatus?.Id ?? '';
        return { status: 'done', detail: `request ${id}`, value: id };
      });
    } else {
      this.record('create', 'skipped', start.kind === 'existing' ? 'account exists' : 'already requested');
    }
    this.result.createAccountRequestId = requestId;

    if (!this.options.wait && requestId) {
      this.result.status = 'in-progress';
      for (const step of ['wait', 'move', 'tag', 'access'] as const)
        this.record(step, 'pending', 'not waited for (--no-wait)');
      if (this.options.baseline) this.record('baseline', 'pending', 'not waited for (--no-wait)');
      return;
    }

    const accountId =
      start.kind === 'existing'
        ? (this.record('wait', 'skipped', 'account exists'), start.accountId)
        : resumed
          ? (this.record('wait', 'done', `account ${resumed.accountId}`), resumed.accountId)
          : await this.step('wait', (task) => this.waitForCreation(requestId ?? '', task));
    this.result.accountId = accountId;

    await this.step('move', () => this.moveIntoOu(accountId));
    await this.step('tag', () => this.tag(accountId));
    await this.step('access', () => this.verifyAccess(accountId));
    const baseline = this.options.baseline;
    if (baseline)
      await this.step('baseline', async (task) => ({
        status: 'done',
        detail: await baseline.run(accountId, task),
        value: undefined,
      }));
    this.result.status = 'vended';
  }

  /**
   * Waits for this run's request. FAILED with EMAIL_ALREADY_EXISTS is success when the e-mail now belongs
   * to an account of the requested name: a concurrent run asked for the same account and won.
   */
  private async waitForCreation(requestId: string, task: TaskHandle): Promise<StepReturn<string>> {
    try {
      const status = await waitForAccountCreation(this.ctx, this.orgs, {
        requestId,
        accountName: this.request.name,
        timing: this.options.timing,
        task,
      });
      return { status: 'done', detail: `account ${status.AccountId}`, value: status.AccountId ?? '' };
    } catch (error) {
      if (!ERR.ACCOUNT_CREATE_FAILED.is(error)) throw error;
      const { failureReason } = (error as AwsarchError<{ failureReason?: string }>).details ?? {};
      if (failureReason !== 'EMAIL_ALREADY_EXISTS') throw error;
      const twin = await findTwin(this.ctx, this.orgs, this.request, this.options.timing, task);
      if (!twin) throw error;
      return {
        status: 'done',
        detail: `account ${twin.accountId}, created by a concurrent run${twin.requestId ? ` (request ${twin.requestId})` : ''}`,
        value: twin.accountId,
      };
    }
  }

  /** --dry-run: what a real run would do from here, without writing. */
  private plan(start: VendStart): void {
    const creates = start.kind === 'create';
    if (start.kind === 'existing') this.result.accountId = start.accountId;
    this.record(
      'create',
      creates ? 'planned' : 'skipped',
      creates ? 'would create the account' : start.kind === 'existing' ? 'account exists' : 'already requested',
    );
    this.record('wait', start.kind === 'existing' ? 'skipped' : 'planned');
    const inPlace = start.kind === 'existing' && start.parentId === this.target.id;
    this.record(
      'move',
      inPlace ? 'skipped' : 'planned',
      inPlace ? `already in ${this.result.ou}` : `into ${this.result.ou}`,
    );
    this.record(
      'tag',
      Object.keys(this.request.tags).length ? 'planned' : 'skipped',
      Object.keys(this.request.tags).join(', ') || 'no tags',
    );
    this.record('access', 'planned', `assume ${this.request.accessRole}`);
    if (this.options.baseline) this.record('baseline', 'planned', this.options.baseline.plan);
  }

  private async moveIntoOu(accountId: string): Promise<StepReturn<void>> {
    const { Parents: parents = [] } = await this.orgs.send(new ListParentsCommand({ ChildId: accountId }));
    const currentParentId = parents[0]?.Id ?? '';
    if (currentParentId === this.target.id)
      return { status: 'skipped', detail: `already in ${this.result.ou}`, value: undefined };
    try {
      await this.orgs.send(
        new MoveAccountCommand({
          AccountId: accountId,
          SourceParentId: currentParentId,
          DestinationParentId: this.target.id,
        }),
      );
    } catch (error) {
      // Another run moved it between our read and our move: the goal is reached.
      if (!isAwsError(error, 'DuplicateAccountException')) throw error;
    }
    return { status: 'done', detail: `moved into ${this.result.ou}`, value: undefined };
  }

  private async tag(accountId: string): Promise<StepReturn<void>> {
    if (Object.keys(this.request.tags).length === 0)
      return { status: 'skipped', detail: 'no tags requested', value: undefined };
    const { Tags: tags = [] } = await this.orgs.send(new ListTagsForResourceCommand({ ResourceId: accountId }));
    const current = Object.fromEntries(tags.map((tag) => [tag.Key ?? '', tag.Value ?? '']));
    const missing = tagsToApply(current, this.request.tags);
    if (Object.keys(missing).length === 0) return { status: 'skipped', detail: 'tags already set', value: undefined };
    await this.orgs.send(
      new TagResourceCommand({
        ResourceId: accountId,
        Tags: Object.entries(missing).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    return { status: 'done', detail: Object.keys(missing).join(', '), value: undefined };
  }

  /** Assumes the access role (retrying while the new role propagates) and checks who we are. */
  private async verifyAccess(accountId: string): Promise<StepReturn<void>> {
    const sts = this.ctx.aws.forAccount(accountId).client(STSClient);
    const identity = await pRetry(() => sts.send(new GetCallerIdentityCommand({})), {
      retries: Number.POSITIVE_INFINITY,
      factor: 1.5,
      minTimeout: this.options.timing.retryMinMs,
      maxTimeout: 10_000,
      maxRetryTime: this.options.timing.accessTimeoutMs,
      randomize: false,
      signal: this.ctx.signal,
      shouldRetry: ({ error }) => isAwsError(error, 'AccessDenied', 'AccessDeniedException'),
    }).catch((error: unknown) => {
      throw toAwsarchError(error, `Assuming ${this.request.accessRole} in ${accountId}`);
    });
    if (identity.Account !== accountId) {
      throw new AwsarchError(
        ERR.ACCESS_MISMATCH,
        `assuming ${this.request.accessRole} in ${accountId} gave credentials for ${identity.Account}`,
      );
    }
    return { status: 'done', detail: `as ${identity.Arn}`, value: undefined };
  }

  private record(step: VendStepName, status: VendStepOutcome['status'], detail?: string): void {
    this.result.steps.push(detail === undefined ? { step, status } : { step, status, detail });
    if (status === 'done' || status === 'skipped') this.options.progress?.ended(step, status);
    else if (status === 'failed') this.options.progress?.ended(step, this.ctx.signal.aborted ? 'cancelled' : 'failed');
  }

  private async step<T>(name: VendStepName, work: (task: TaskHandle) => Promise<StepReturn<T>>): Promise<T> {
    const task = this.parent.task(name);
    this.options.progress?.started(name);
    try {
      const outcome = await work(withRefresh(task, () => this.options.progress?.refresh()));
      if (outcome.status === 'skipped') task.skip(outcome.detail);
      else task.succeed(outcome.detail);
      this.record(name, outcome.status, outcome.detail);
      return outcome.value;
    } catch (error) {
      const failure = isAwsarchError(error) ? error : toAwsarchError(error, `Step ${name} for ${this.request.name}`);
      endTaskAfterError(task, error, this.ctx.signal, failure.message);
      this.record(name, 'failed', failure.message);
      throw failure;
    }
  }
}

interface StepReturn<T> {
  status: 'done' | 'skipped';
  detail?: string;
  value: T;
}
