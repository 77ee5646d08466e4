import {
  DescribeCreateAccountStatusCommand,
  type CreateAccountStatus,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import pRetry, { AbortError } from 'p-retry';
import type { CommandContext } from '../core/context.js';
import { AwsarchError } from '../core/errors.js';
import type { TaskHandle } from '../core/io-host.js';
import { accountCreationFailed } from './failure-reasons.js';
import type { VendTiming } from './vend-model.js';
import { ERR } from '../core/error-codes.js';

class StillInProgress extends Error {}

/**
 * Polls DescribeCreateAccountStatus with backoff until the request SUCCEEDED (its status is returned),
 * FAILED (the reason, explained, is thrown) or the overall timeout passes (a vend-timeout error that
 * tells the user a re-run resumes the same request).
 */
export async function waitForAccountCreation(
  ctx: Pick<CommandContext, 'clock' | 'signal'>,
  orgs: OrganizationsClient,
  wait: { requestId: string; accountName: string; timing: VendTiming; task: Pick<TaskHandle, 'update'> },
): Promise<CreateAccountStatus> {
  const { requestId, accountName, timing, task } = wait;
  const startedAt = ctx.clock.now();
  try {
    return await pRetry(
      async () => {
        const response = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }));
        const status = response.CreateAccountStatus;
        if (status?.State === 'SUCCEEDED') return status;
        if (status?.State === 'FAILED')
          throw new AbortError(accountCreationFailed(accountName, status.FailureReason, requestId));
        task.update(`in progress for ${Math.round((ctx.clock.now() - startedAt) / 1000)}s`);
        throw new StillInProgress();
      },
      {
        retries: Number.POSITIVE_INFINITY,
        factor: 1.5,
        minTimeout: timing.pollMinMs,
        maxTimeout: timing.pollMaxMs,
        maxRetryTime: timing.timeoutMs,
        randomize: false,
        signal: ctx.signal,
        shouldRetry: ({ error }) => error instanceof StillInProgress,
      },
    );
  } catch (error) {
    if (error instanceof StillInProgress) {
      throw new AwsarchError(
        ERR.VEND_TIMEOUT,
        `account "${accountName}" was still being created after ${Math.round(timing.timeoutMs / 1000)}s (request ${requestId})`,
        {
          hint: 're-run the same command later (or with a longer --timeout); it resumes this request and creates nothing twice',
          details: { createAccountRequestId: requestId },
        },
      );
    }
    throw error;
  }
}
