import { DEFAULT_LEASE_WAIT_MS } from '../aws/run-lease-decisions.js';
import { withRunLease } from '../aws/run-lease.js';
import { settleWithConcurrency } from '../core/concurrency.js';
import type { CommandContext } from '../core/context.js';
import { usageError } from '../core/errors.js';
import type { Outcome } from '../core/outcome.js';
import { readOrganization } from './org-reader.js';
import { resolveParent } from './ou-path.js';
import { readTypicalCreationMs } from './creation-history.js';
import { decideVendStart } from './vend-decisions.js';
import { startVendProgress } from './vend-progress-report.js';
import { vendStepPlan } from './vend-progress.js';
import { endTaskAfterError } from '../core/task-end.js';
import { vendAccount } from './vend-account.js';
import { listInFlightRequests, type VendFinalStep, type VendResult, type VendTiming } from './vend-model.js';
import type { VendRequest } from './vend-request.js';
import { ERR } from '../core/error-codes.js';
import { exitCodeOf } from '../core/exit-code.js';

export interface VendBatch {
  requests: VendRequest[];
  concurrency: number;
  wait: boolean;
  dryRun: boolean;
  timing: VendTiming;
  /** `--baseline`: applied to each account as its last step. */
  baseline?: VendFinalStep;
  /** How long to wait for another run holding the organization's run lease. */
  leaseWaitMs?: number;
}

/**
 * Vends several accounts with bounded concurrency. Every request is checked against the organization
 * first, so bad input fails before anything is created; one account failing does not stop the others.
 * Unless it is a dry run, it holds the organization's run lease from before it reads the organization.
 */
export async function vendAccounts(ctx: CommandContext, batch: VendBatch): Promise<VendResult[]> {
  checkDistinctEmails(batch.requests);
  if (batch.dryRun) return vendWithin(ctx, batch);
  return withRunLease(
    ctx,
    { purpose: 'account create', waitMs: batch.leaseWaitMs ?? DEFAULT_LEASE_WAIT_MS },
    (leased) => vendWithin(leased, batch),
  );
}

function checkDistinctEmails(requests: readonly VendRequest[]): void {
  const seen = new Map<string, string>();
  for (const request of requests) {
    const key = request.email.toLowerCase();
    if (seen.has(key))
      throw usageError(
        ERR.DUPLICATE_EMAIL,
        `accounts "${seen.get(key)}" and "${request.name}" have the same e-mail ${request.email}`,
        'every AWS account needs its own e-mail address',
      );
    seen.set(key, request.name);
  }
}

async function vendWithin(ctx: CommandContext, batch: VendBatch): Promise<VendResult[]> {
  const reading = ctx.io.task('Read the organization');
  const estimates = !batch.dryRun && batch.wait;
  const [snapshot, inFlight, typicalCreationMs] = await Promise.all([
    readOrganization(ctx.aws),
    listInFlightRequests(ctx),
    estimates ? readTypicalCreationMs(ctx) : undefined,
  ]).catch((error: unknown) => {
    endTaskAfterError(reading, error, ctx.signal);
    throw error;
  });
  reading.succeed(
    `${snapshot.ous.length} OUs, ${snapshot.accounts.length} accounts${inFlight.length ? `, ${inFlight.length} being created` : ''}`,
  );
  for (const request of batch.requests) {
    resolveParent(snapshot, request.ou);
    decideVendStart(request, snapshot.accounts, inFlight);
  }
  const progress = batch.dryRun
    ? undefined
    : startVendProgress(ctx, batch.requests, {
        concurrency: batch.concurrency,
        steps: vendStepPlan({ wait: batch.wait, baseline: batch.baseline !== undefined }),
        typicalCreationMs,
      });
  const settled = await settleWithConcurrency(batch.requests, batch.concurrency, (request) =>
    vendAccount(ctx, request, snapshot, {
      wait: batch.wait,
      dryRun: batch.dryRun,
      timing: batch.timing,
      inFlight,
      baseline: batch.baseline,
      progress: progress?.accounts.get(request),
    }),
  );
  progress?.end(ctx.signal.aborted);
  return settled.map((outcome, i) => {
    if (outcome.status === 'fulfilled') return outcome.value;
    const request = batch.requests[i] as VendRequest;
    const message = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
    return {
      name: request.name,
      email: request.email,
      ou: request.ou,
      status: 'failed',
      steps: [],
      error: { code: ERR.INTERNAL.code, message, exitCode: exitCodeOf('failed') },
    };
  });
}

/** ok when every account is vended (or planned); otherwise failed, or bad-input when every failure was bad input. */
export function vendOutcome(results: readonly VendResult[]): Outcome {
  const failures = results.filter((result) => result.status === 'failed');
  if (failures.length === 0) return 'ok';
  return failures.every((result) => result.error?.exitCode === exitCodeOf('bad-input')) ? 'bad-input' : 'failed';
}
