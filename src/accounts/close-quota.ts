import type { AccountInfo } from './org-model.js';

/** Member accounts AWS lets an organization close at the same time (CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED). */
export const CONCURRENT_CLOSURES = 3;

/**
 * Closures AWS allows in a rolling 30 days, as the CloseAccount API reference states it today: the
 * higher of 250 and 20% of the member accounts, at most 1,000 (CLOSE_ACCOUNT_QUOTA_EXCEEDED).
 */
export function closeQuota(memberAccounts: number): number {
  return Math.min(1000, Math.max(250, Math.floor(memberAccounts * 0.2)));
}

export interface CloseBudget {
  quota: number;
  /** Closures that may count against the quota now. */
  used: number;
  /** How many more accounts may be closed now. */
  remaining: number;
  /** Closures in progress (PENDING_CLOSURE). */
  inProgress: number;
}

/**
 * Pure: how many accounts may still be closed. AWS says neither when an account was closed nor how
 * much of the quota is left, so every account still in the organization as PENDING_CLOSURE or
 * SUSPENDED counts as closed within the last 30 days: closed accounts stay for 90 days, so this errs
 * on the side of closing fewer, never of hitting the quota.
 */
export function closeBudget(accounts: readonly AccountInfo[], managementAccountId: string): CloseBudget {
  const members = accounts.filter((account) => account.id !== managementAccountId);
  const closed = members.filter((account) => account.status === 'SUSPENDED' || account.status === 'PENDING_CLOSURE');
  const quota = closeQuota(members.length);
  return {
    quota,
    used: closed.length,
    remaining: Math.max(0, quota - closed.length),
    inProgress: closed.filter((account) => account.status === 'PENDING_CLOSURE').length,
  };
}
