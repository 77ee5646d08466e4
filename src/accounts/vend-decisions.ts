import { usageError } from '../core/errors.js';
import type { AccountInfo } from './org-model.js';
import type { VendRequest } from './vend-request.js';
import { ERR } from '../core/error-codes.js';

export type VendStart =
  | { kind: 'existing'; accountId: string; parentId: string }
  /** Requests in progress for an account of this name, newest first: one of them may be this account's. */
  | { kind: 'in-flight'; requestIds: string[] }
  | { kind: 'create' };

export interface InFlightRequest {
  id: string;
  accountName: string;
  requestedAt?: number;
}

/**
 * Pure: where a vending run starts. An account with the e-mail already exists -> resume with it;
 * creations for the same name are still in progress -> one of them may be this account (AWS shows no
 * e-mail until it exists: vending waits and compares it); otherwise create. This is what makes a re-run
 * after a crash finish the job instead of creating a second account.
 */
export function decideVendStart(
  request: Pick<VendRequest, 'name' | 'email'>,
  accounts: readonly AccountInfo[],
  inFlight: readonly InFlightRequest[],
): VendStart {
  const email = request.email.toLowerCase();
  const existing = accounts.find((account) => account.email.toLowerCase() === email);
  if (existing) {
    if (existing.name !== request.name) {
      throw usageError(
        ERR.EMAIL_IN_USE,
        `e-mail ${request.email} already belongs to account ${existing.id} named "${existing.name}", not "${request.name}"`,
        `use --name "${existing.name}" to resume vending that account, or choose another e-mail`,
      );
    }
    if (existing.status !== 'ACTIVE') {
      throw usageError(
        ERR.ACCOUNT_NOT_ACTIVE,
        `account ${existing.id} ("${existing.name}") with e-mail ${request.email} is ${existing.status}`,
        'choose another e-mail; closed accounts keep their e-mail for 90 days',
      );
    }
    return { kind: 'existing', accountId: existing.id, parentId: existing.parentId };
  }
  const pending = inFlight
    .filter((candidate) => candidate.accountName === request.name)
    .sort((a, b) => (b.requestedAt ?? 0) - (a.requestedAt ?? 0));
  if (pending.length > 0) return { kind: 'in-flight', requestIds: pending.map((candidate) => candidate.id) };
  return { kind: 'create' };
}

/** Pure: the tags to set so the account carries every desired tag (other tags are left alone). */
export function tagsToApply(current: Record<string, string>, desired: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(desired).filter(([key, value]) => current[key] !== value));
}
