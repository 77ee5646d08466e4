import { OrganizationsClient, paginateListCreateAccountStatus } from '@aws-sdk/client-organizations';
import { toAwsarchError } from '../aws/aws-errors.js';
import { collectPages } from '../aws/paginate.js';
import type { CommandContext } from '../core/context.js';
import type { TaskHandle } from '../core/io-host.js';
import type { InFlightRequest } from './vend-decisions.js';
import type { AccountProgress } from './vend-progress-report.js';

// What vending an account is asked to do and what it reports (vend-account.ts does it).

export const VEND_STEPS = ['locate', 'create', 'wait', 'move', 'tag', 'access', 'baseline'] as const;
export type VendStepName = (typeof VEND_STEPS)[number];

export interface VendStepOutcome {
  step: VendStepName;
  status: 'done' | 'skipped' | 'failed' | 'pending' | 'planned';
  detail?: string;
}

export interface VendResult {
  name: string;
  email: string;
  ou: string;
  accountId?: string;
  createAccountRequestId?: string;
  status: 'vended' | 'in-progress' | 'failed' | 'planned';
  steps: VendStepOutcome[];
  error?: { code: string; message: string; hint?: string; exitCode: number };
}

export interface VendTiming {
  /** Overall limit for the account to be created. */
  timeoutMs: number;
  /** First and longest pause between DescribeCreateAccountStatus polls. */
  pollMinMs: number;
  pollMaxMs: number;
  /** How long to keep retrying AssumeRole while the new role propagates. */
  accessTimeoutMs: number;
  /** First pause before trying the new role again while it propagates. */
  retryMinMs: number;
}

export const DEFAULT_VEND_TIMING: VendTiming = {
  timeoutMs: 20 * 60_000,
  pollMinMs: 500,
  pollMaxMs: 10_000,
  accessTimeoutMs: 5 * 60_000,
  retryMinMs: 500,
};

/**
 * A last vending step run once the account is accessible (`account create --baseline`): returns its detail,
 * throws on failure.
 */
export interface VendFinalStep {
  /** What a dry run says it would do. */
  plan: string;
  run(accountId: string, task: TaskHandle): Promise<string>;
}

export interface VendOptions {
  wait: boolean;
  dryRun: boolean;
  timing: VendTiming;
  /** The IN_PROGRESS creations, read once per run (see listInFlightRequests). */
  inFlight: InFlightRequest[];
  /** Runs as the step after `access` when given. */
  baseline?: VendFinalStep;
  /** Told when each step starts and ends: the run's step counter and ETA (none on a dry run). */
  progress?: AccountProgress;
}

/** Every creation request still IN_PROGRESS in the organization. */
export async function listInFlightRequests(ctx: CommandContext): Promise<InFlightRequest[]> {
  const orgs = ctx.aws.client(OrganizationsClient);
  try {
    const statuses = await collectPages(
      paginateListCreateAccountStatus({ client: orgs }, { States: ['IN_PROGRESS'] }),
      (page) => page.CreateAccountStatuses,
    );
    return statuses.map((status) => ({
      id: status.Id ?? '',
      accountName: status.AccountName ?? '',
      requestedAt: status.RequestedTimestamp?.getTime(),
    }));
  } catch (error) {
    throw toAwsarchError(error, 'Listing account creation requests');
  }
}
