import { serviceState, type SandboxState } from '../../state.js';
import type { PoliciesState } from './policy-model.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface OrganizationRecord {
  Id: string;
  Arn: string;
  FeatureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  MasterAccountId: string;
  MasterAccountArn: string;
  MasterAccountEmail: string;
  RootId: string;
}

export interface RootRecord {
  Id: string;
  Arn: string;
  Name: string;
  Sequence: number;
}

export interface OrganizationalUnitRecord {
  Id: string;
  Arn: string;
  Name: string;
  ParentId: string;
  Sequence: number;
}

export interface AccountRecord {
  Id: string;
  Arn: string;
  Email: string;
  Name: string;
  ParentId: string;
  JoinedMethod: 'CREATED' | 'INVITED';
  JoinedTimestamp: number;
  Sequence: number;
  /** Absent means ACTIVE; CloseAccount makes it PENDING_CLOSURE, then SUSPENDED. */
  State?: 'ACTIVE' | 'PENDING_CLOSURE' | 'SUSPENDED';
  /** When CloseAccount was called (epoch ms); counts against the closing quota for 30 days. */
  ClosureRequestedTimestamp?: number;
  /** When the closure completes and the account becomes SUSPENDED. */
  ClosureCompletedTimestamp?: number;
}

export type CreateAccountOutcome =
  | { State: 'SUCCEEDED'; AccountId: string }
  | { State: 'FAILED'; FailureReason: 'EMAIL_ALREADY_EXISTS' | 'ACCOUNT_LIMIT_EXCEEDED' };

/** A CreateAccount request; its outcome is decided when it is made and takes effect at CompletedTimestamp. */
export interface CreateAccountRequestRecord {
  Id: string;
  AccountName: string;
  Email: string;
  RoleName: string;
  IamUserAccessToBilling: 'ALLOW' | 'DENY';
  Tags: Tag[];
  RequestedTimestamp: number;
  CompletedTimestamp: number;
  Sequence: number;
  Outcome: CreateAccountOutcome;
  /** True once the outcome has been applied (the account exists, or the failure is visible). */
  Settled: boolean;
}

/** state.services.organizations; timestamps are epoch milliseconds. */
export interface OrganizationsState {
  /** Numbers records in creation order, which is the order List* operations return them in. */
  sequence: number;
  organization?: OrganizationRecord;
  roots: Record<string, RootRecord>;
  organizationalUnits: Record<string, OrganizationalUnitRecord>;
  accounts: Record<string, AccountRecord>;
  createAccountRequests: Record<string, CreateAccountRequestRecord>;
  /** Tags by resource id (root, OU, account or policy). */
  tags: Record<string, Tag[]>;
  /** Organizations policies (SCPs): see policy-model.ts; absent until the first policy operation. */
  policies?: PoliciesState;
}

export function organizationsState(state: SandboxState): OrganizationsState {
  return serviceState<OrganizationsState>(state, 'organizations', () => ({
    sequence: 0,
    roots: {},
    organizationalUnits: {},
    accounts: {},
    createAccountRequests: {},
    tags: {},
  }));
}

export function nextSequence(orgState: OrganizationsState): number {
  orgState.sequence += 1;
  return orgState.sequence;
}

export const ID_PATTERNS = {
  account: /^\d{12}$/,
  root: /^r-[0-9a-z]{4,32}$/,
  organizationalUnit: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/,
  parent: /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  child: /^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  taggable: /^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|p-[0-9a-zA-Z_]{8,128})$/,
  createAccountRequest: /^car-[a-z0-9]{8,32}$/,
} as const;

export function organizationArn(org: Pick<OrganizationRecord, 'MasterAccountId' | 'Id'>): string {
  return `arn:aws:organizations::${org.MasterAccountId}:organization/${org.Id}`;
}

export function accountArn(org: Pick<OrganizationRecord, 'MasterAccountId' | 'Id'>, accountId: string): string {
  return `arn:aws:organizations::${org.MasterAccountId}:account/${org.Id}/${accountId}`;
}

export function rootArn(org: Pick<OrganizationRecord, 'MasterAccountId' | 'Id'>, rootId: string): string {
  return `arn:aws:organizations::${org.MasterAccountId}:root/${org.Id}/${rootId}`;
}

export function organizationalUnitArn(org: Pick<OrganizationRecord, 'MasterAccountId' | 'Id'>, ouId: string): string {
  return `arn:aws:organizations::${org.MasterAccountId}:ou/${org.Id}/${ouId}`;
}

/** The parent chain of a container from the root down, e.g. [r-abcd, ou-abcd-11111111, …]. */
export function containerChain(orgState: OrganizationsState, containerId: string): string[] {
  const chain: string[] = [];
  let current: string | undefined = containerId;
  while (current !== undefined) {
    chain.unshift(current);
    current = orgState.organizationalUnits[current]?.ParentId;
  }
  return chain;
}

/** How deep an OU sits: a child of the root has depth 1. */
export function organizationalUnitDepth(orgState: OrganizationsState, ouId: string): number {
  return containerChain(orgState, ouId).length - 1;
}

/** Whether id names an existing root or OU. */
export function containerExists(orgState: OrganizationsState, id: string): boolean {
  return orgState.roots[id] !== undefined || orgState.organizationalUnits[id] !== undefined;
}
