import { CloseAccountCommand, DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import pRetry from 'p-retry';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import { confirmDestructive, type CommandContext } from '../core/context.js';
import { AwsarchError, usageError } from '../core/errors.js';
import { followUpCommand } from '../core/rerun-hint.js';
import { ERR } from '../core/error-codes.js';
import { findAccount } from './account-queries.js';
import { closeBudget, CONCURRENT_CLOSURES, type CloseBudget } from './close-quota.js';
import { readOrganization } from './org-reader.js';
import { formatOuPath, pathOfParent } from './ou-path.js';

export interface CloseRequest {
  account: string;
  /** Wait until AWS reports the account SUSPENDED. */
  wait: boolean;
  timeoutMs: number;
  dryRun: boolean;
  /** E-mails of the accounts a landing-zone file lists: those are refused (remove them from the file first). */
  listedEmails?: { file: string; emails: string[] };
}

export interface CloseResult {
  accountId: string;
  name: string;
  email: string;
  ou: string;
  status: 'planned' | 'closing' | 'closed' | 'already-closed';
  budget: CloseBudget;
}

/**
 * `account close`: closes a member account, with the guardrails of `apply --prune --close`: never the
 * management account, never an account the landing-zone file still lists, only within AWS's closing
 * quota, and always after a confirmation that names the account.
 */
export async function closeAccount(ctx: CommandContext, request: CloseRequest): Promise<CloseResult> {
  const orgs = ctx.aws.client(OrganizationsClient);
  const snapshot = await readOrganization(ctx.aws);
  const account = findAccount(snapshot, request.account, {});
  const management = snapshot.organization.managementAccountId;
  const budget = closeBudget(snapshot.accounts, management);
  const base = {
    accountId: account.id,
    name: account.name,
    email: account.email,
    ou: formatOuPath(pathOfParent(snapshot, account.parentId) ?? []),
    budget,
  };
  if (account.id === management)
    throw usageError(
      ERR.MANAGEMENT_ACCOUNT,
      `${account.name} (${account.id}) is the management account, which cannot be closed from the organization`,
      'close the member accounts; the management account is closed by its root user in the AWS console',
    );
  if (request.listedEmails?.emails.some((email) => email.toLowerCase() === account.email.toLowerCase()))
    throw usageError(
      ERR.ACCOUNT_IN_LANDING_ZONE,
      `${account.name} is listed in ${request.listedEmails.file}: the next apply would want it back`,
      'remove it from the file, then run `awsarch apply --prune --close` (or close it with this command)',
    );
  if (account.status === 'SUSPENDED') return { ...base, status: 'already-closed' };
  if (account.status === 'PENDING_CLOSURE') return { ...base, status: 'closing' };
  if (budget.remaining === 0)
    throw usageError(
      ERR.CLOSE_QUOTA,
      `AWS lets this organization close ${budget.quota} accounts in 30 days, and ${budget.used} closed accounts may count already`,
      'wait until closures are older than 30 days, or ask AWS Support to raise the quota; nothing was changed',
    );
  if (request.dryRun) return { ...base, status: 'planned' };
  const confirmed = await confirmDestructive(
    ctx,
    `Close ${account.name} (${account.id}, ${account.email})? It stays SUSPENDED for 90 days (reopened only through AWS Support), then AWS deletes it; its e-mail cannot be used again`,
  );
  if (!confirmed) throw new AwsarchError(ERR.CANCELLED, 'cancelled; nothing was changed');
  try {
    await orgs.send(new CloseAccountCommand({ AccountId: account.id }));
  } catch (error) {
    if (isAwsError(error, 'AccountAlreadyClosedException')) return { ...base, status: 'already-closed' };
    if (isAwsError(error, 'ConflictException')) return { ...base, status: 'closing' };
    const reason = (error as { Reason?: string }).Reason;
    if (reason === 'CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED')
      throw new AwsarchError(
        ERR.CLOSE_BUSY,
        `AWS is already closing ${CONCURRENT_CLOSURES} accounts of this organization`,
        {
          outcome: 'failed',
          hint: 'run the command again in a few minutes, once one of them is SUSPENDED',
        },
      );
    if (reason === 'CLOSE_ACCOUNT_QUOTA_EXCEEDED')
      throw new AwsarchError(ERR.CLOSE_QUOTA, 'AWS refuses: the closing quota for the last 30 days is used up', {
        outcome: 'failed',
        hint: 'close it later',
      });
    throw toAwsarchError(error, `Closing ${account.name}`);
  }
  if (!request.wait) return { ...base, status: 'closing' };
  const task = ctx.io.task(`Wait for ${account.name} to be SUSPENDED`);
  await pRetry(
    async () => {
      const { Account: described } = await orgs.send(new DescribeAccountCommand({ AccountId: account.id }));
      const state = described?.State ?? described?.Status;
      task.update(state ?? 'unknown');
      if (state !== 'SUSPENDED') throw new Error(`${account.name} is ${state ?? 'unknown'}`);
    },
    {
      retries: Number.POSITIVE_INFINITY,
      factor: 1.5,
      minTimeout: 500,
      maxTimeout: 15_000,
      maxRetryTime: request.timeoutMs,
      signal: ctx.signal,
    },
  ).catch((error: unknown) => {
    task.fail();
    throw new AwsarchError(ERR.CLOSE_TIMEOUT, `${(error as Error).message} after waiting; AWS is still closing it`, {
      hint: `check later with: ${followUpCommand(ctx, ['account', 'show', account.id])}`,
    });
  });
  task.succeed('SUSPENDED');
  return { ...base, status: 'closed' };
}
