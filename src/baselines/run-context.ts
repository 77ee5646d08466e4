import { findAccount } from '../accounts/account-queries.js';
import type { AccountInfo, OrgSnapshot } from '../accounts/org-model.js';
import type { AwsClients } from '../aws/clients.js';
import type { CommandContext } from '../core/context.js';
import type { BaselineDefinition } from './definition.js';

/** status reads only; dry-run reads and plans; apply also changes. */
export type RunMode = 'status' | 'dry-run' | 'apply';

/** What outlives one run within a command (several vended accounts share it): CIDRs handed out and shared reads. */
export interface BaselineSession {
  /** CIDR blocks this process allocated (account id -> CIDR), so concurrent runs never hand out one twice. */
  allocatedCidrs: Map<string, string>;
  /** Session-wide reads shared by runs (e.g. the VPCs of every account), by key. */
  memo: Map<string, Promise<unknown>>;
}

export function newBaselineSession(): BaselineSession {
  return { allocatedCidrs: new Map(), memo: new Map() };
}

/** One baseline run over some accounts of an organization. */
export interface BaselineRun {
  ctx: CommandContext;
  mode: RunMode;
  baseline: BaselineDefinition;
  snapshot: OrgSnapshot;
  session: BaselineSession;
}

/** Clients acting in an account: the caller's own for the management account, else through the access role. */
export function clientsFor(run: BaselineRun, accountId: string): AwsClients {
  return accountId === run.snapshot.organization.managementAccountId ? run.ctx.aws : run.ctx.aws.forAccount(accountId);
}

/** An account named in a baseline: 12-digit id, e-mail, exact name, or "management". */
export function resolveAccount(run: BaselineRun, reference: string): AccountInfo {
  if (reference === 'management') {
    const id = run.snapshot.organization.managementAccountId;
    return (
      run.snapshot.accounts.find((account) => account.id === id) ?? {
        id,
        name: 'management',
        email: '',
        status: 'ACTIVE',
        parentId: run.snapshot.root.id,
      }
    );
  }
  return findAccount(run.snapshot, reference);
}

/** Fills the placeholders a baseline may use: {organizationId}. */
export function fillPlaceholders(run: BaselineRun, text: string): string {
  return text.replaceAll('{organizationId}', run.snapshot.organization.id);
}

/** A readable account label: "Name (id)". */
export function accountLabel(account: Pick<AccountInfo, 'id' | 'name'>): string {
  return account.name && account.name !== account.id ? `${account.name} (${account.id})` : account.id;
}

/** A read made once per session: later callers share the first caller's promise (a failure is not cached). */
export function memoized<T>(session: BaselineSession, key: string, read: () => Promise<T>): Promise<T> {
  const existing = session.memo.get(key) as Promise<T> | undefined;
  if (existing) return existing;
  const pending = read();
  session.memo.set(key, pending);
  pending.catch(() => session.memo.delete(key));
  return pending;
}
