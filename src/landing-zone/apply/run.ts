import pRetry from 'p-retry';
import type { OrgSnapshot, OuNode } from '../../accounts/org-model.js';
import type { VendProgressRun } from '../../accounts/vend-progress-report.js';
import type { AwsClients } from '../../aws/clients.js';
import { isAwsError } from '../../aws/aws-errors.js';
import type { CommandContext } from '../../core/context.js';
import { AwsarchError } from '../../core/errors.js';
import { ERR } from '../../core/error-codes.js';
import { liveAccountOf } from '../live/accounts.js';
import type { LiveLandingZone } from '../live/model.js';
import type { LandingZonePlan } from '../plan/model.js';
import type { LandingZoneSpec } from '../spec.js';

/** Errors AWS answers while something just created is not ready yet (they pass by themselves). */
const SETTLING_ERRORS = ['PendingVerification', 'PolicyTypeNotEnabledException'];

/** How long apply waits for AWS's asynchronous work (accounts, transit gateways, closures). */
export interface ApplyTiming {
  createAccountTimeoutMs: number;
  pollMinMs: number;
  pollMaxMs: number;
  accessTimeoutMs: number;
  retryMinMs: number;
  /** How long to keep retrying a closure while AWS's three closures at a time are busy. */
  closeWaitMs: number;
  /** How long to retry errors of things that are still settling (a new account's EC2, SCPs just enabled). */
  settleMs: number;
}

export const DEFAULT_APPLY_TIMING: ApplyTiming = {
  createAccountTimeoutMs: 20 * 60_000,
  pollMinMs: 500,
  pollMaxMs: 10_000,
  accessTimeoutMs: 5 * 60_000,
  retryMinMs: 500,
  closeWaitMs: 15 * 60_000,
  settleMs: 10 * 60_000,
};

/**
 * What one apply knows and learns as it goes: the ids of what exists and of what it creates (an OU
 * created in one phase is the parent or target of the next), and the clients to act in each account.
 */
export class ApplyRun {
  readonly snapshot: OrgSnapshot;
  readonly accountIds = new Map<string, string>();
  readonly policyIds = new Map<string, string>();
  /** While the accounts are created: their step counter and ETA, by change key (as `account create` shows it). */
  vending?: VendProgressRun<string>;

  constructor(
    readonly ctx: CommandContext,
    readonly spec: LandingZoneSpec,
    readonly plan: LandingZonePlan,
    live: LiveLandingZone,
    readonly timing: ApplyTiming,
  ) {
    const organization = live.organization;
    this.snapshot = organization
      ? {
          organization: organization.organization,
          root: organization.root,
          ous: [...organization.ous],
          accounts: [...organization.accounts],
        }
      : { organization: { id: '', managementAccountId: '' }, root: { id: '', name: 'Root' }, ous: [], accounts: [] };
    for (const account of spec.accounts) {
      const found = liveAccountOf(organization, account);
      if (found) this.accountIds.set(account.name, found.id);
    }
    for (const policy of live.scps.policies) this.policyIds.set(policy.name, policy.id);
  }

  get organizationId(): string {
    return this.snapshot.organization.id;
  }

  get rootId(): string {
    return this.snapshot.root.id;
  }

  get managementAccountId(): string {
    return this.snapshot.organization.managementAccountId;
  }

  /** The id of an OU path ([] is the root), or a clear failure when it does not exist (its creation failed). */
  ouId(path: readonly string[]): string {
    if (path.length === 0) return this.rootId;
    const ou = this.snapshot.ous.find(
      (candidate) => candidate.path.length === path.length && candidate.path.every((name, i) => name === path[i]),
    );
    if (!ou) throw new AwsarchError(ERR.LANDING_ZONE_MISSING_OU, `OU ${path.join('/')} does not exist`);
    return ou.id;
  }

  addOu(ou: OuNode): void {
    if (!this.snapshot.ous.some((candidate) => candidate.id === ou.id)) this.snapshot.ous.push(ou);
  }

  /** The id of an account of the file, a 12-digit id, or "management". */
  accountId(reference: string): string {
    if (reference === 'management') return this.managementAccountId;
    if (/^\d{12}$/.test(reference)) return reference;
    const id = this.accountIds.get(reference);
    if (!id) throw new AwsarchError(ERR.LANDING_ZONE_MISSING_ACCOUNT, `account ${reference} does not exist`);
    return id;
  }

  /** Clients acting in an account: the caller's own in the management account, else through the access role. */
  clientsIn(accountId: string): AwsClients {
    return accountId === this.managementAccountId ? this.ctx.aws : this.ctx.aws.forAccount(accountId);
  }

  /**
   * Waits out, for up to `settleMs`, the errors AWS gives while something just created settles: EC2 and
   * S3 in an account created minutes ago (PendingVerification), attachments right after SCPs were enabled
   * in the root (PolicyTypeNotEnabledException while the root is PENDING_ENABLE). Throttling and
   * concurrent modifications are the client factory's scheduler's to retry, not this.
   */
  retrying<T>(call: () => Promise<T>, settleMs = 0): Promise<T> {
    if (settleMs <= 0) return call();
    const started = Date.now();
    return pRetry(call, {
      retries: Number.POSITIVE_INFINITY,
      factor: 2,
      minTimeout: this.timing.retryMinMs,
      maxTimeout: 20_000,
      signal: this.ctx.signal,
      shouldRetry: ({ error }) => Date.now() - started < settleMs && isAwsError(error, ...SETTLING_ERRORS),
    });
  }
}
