import type { HandlerContext, OperationInput, SettleContext } from '../../types.js';
import { managementOrganization } from './access.js';
import { constraintViolation, organizationsError } from './errors.js';
import { requiredString } from './inputs.js';
import { ID_PATTERNS, organizationsState, type OrganizationsState } from './model.js';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;
/** Accounts that may be PENDING_CLOSURE at once (Quotas for AWS Organizations). */
export const CONCURRENT_CLOSURES = 3;

/**
 * Closures allowed in a rolling 30 days, as the CloseAccount API reference words it today: the higher
 * of 250 and 20% of the member accounts, at most 1,000.
 */
export function closeAccountQuota(memberAccounts: number): number {
  return Math.min(1000, Math.max(250, Math.floor(memberAccounts * 0.2)));
}

function memberAccountCount(orgState: OrganizationsState): number {
  const management = orgState.organization?.MasterAccountId;
  return Object.values(orgState.accounts).filter((account) => account.Id !== management).length;
}

/**
 * CloseAccount, as AWS does it: asynchronous (PENDING_CLOSURE, then SUSPENDED), never the management
 * account, only with all features, at most three closures in progress, and a rolling 30-day quota.
 * A closed account stays in the organization (SUSPENDED, in its OU) and keeps its e-mail.
 */
export function closeAccount(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState, org } = managementOrganization(ctx);
  const accountId = requiredString(input, 'AccountId', { pattern: ID_PATTERNS.account });
  if (org.FeatureSet !== 'ALL') throw constraintViolation('ORGANIZATION_NOT_IN_ALL_FEATURES_MODE');
  const account = orgState.accounts[accountId];
  if (!account) throw organizationsError('AccountNotFoundException');
  if (accountId === org.MasterAccountId) throw constraintViolation('CANNOT_CLOSE_MANAGEMENT_ACCOUNT');
  if (account.State === 'SUSPENDED') throw organizationsError('AccountAlreadyClosedException');
  if (account.State === 'PENDING_CLOSURE') throw organizationsError('ConflictException');
  const now = ctx.now();
  const accounts = Object.values(orgState.accounts);
  if (accounts.filter((candidate) => candidate.State === 'PENDING_CLOSURE').length >= CONCURRENT_CLOSURES)
    throw constraintViolation('CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED');
  const recent = accounts.filter(
    (candidate) =>
      candidate.ClosureRequestedTimestamp !== undefined && now - candidate.ClosureRequestedTimestamp < THIRTY_DAYS_MS,
  ).length;
  const quota = ctx.options.closeAccountQuota ?? closeAccountQuota(memberAccountCount(orgState));
  if (recent >= quota) throw constraintViolation('CLOSE_ACCOUNT_QUOTA_EXCEEDED');
  account.State = 'PENDING_CLOSURE';
  account.ClosureRequestedTimestamp = now;
  account.ClosureCompletedTimestamp = now + ctx.options.closeAccountMs;
  return {};
}

/** PENDING_CLOSURE accounts whose closure time has come become SUSPENDED. */
export function settleAccountClosures(ctx: SettleContext): boolean {
  const orgState = organizationsState(ctx.state);
  const now = ctx.now();
  let changed = false;
  for (const account of Object.values(orgState.accounts)) {
    if (account.State !== 'PENDING_CLOSURE' || now < (account.ClosureCompletedTimestamp ?? 0)) continue;
    account.State = 'SUSPENDED';
    changed = true;
  }
  return changed;
}
