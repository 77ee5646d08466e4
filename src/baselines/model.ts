import type { AccountInfo } from '../accounts/org-model.js';
import type { AwsClients } from '../aws/clients.js';
import type { BaselineRun } from './run-context.js';

export const STEP_NAMES = ['cloudtrail', 'config', 'guardduty', 'securityhub', 'network', 'roles'] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** What `baseline status` says of a step in an account. */
export type StepState = 'ok' | 'drift' | 'missing' | 'error';

/** The pure answer of a step's plan: how the account compares with the baseline and what to change. */
export interface StepPlan<Change> {
  /** ok: nothing to do; missing: nothing of the step exists yet; drift: it exists but differs. */
  state: Exclude<StepState, 'error'>;
  /** One line for the cell, e.g. "covered by organization trail org-trail" or "2 of 5 resources missing". */
  summary: string;
  /** What differs, one line each; empty when ok. */
  differences: string[];
  changes: Change[];
}

/** Every change a plan lists says what it will do in words. */
export interface PlannedChange {
  action: string;
  description: string;
}

/** One account a step works in: its clients (through the access role) and the run it belongs to. */
export interface AccountTarget {
  account: AccountInfo;
  aws: AwsClients;
  run: BaselineRun;
}

/** The organization-wide facts a step needs (a bucket, a transit gateway, an administrator), checked once per run. */
export interface Prepared<Shared> {
  state: StepState;
  summary: string;
  differences: string[];
  /** Present unless state is error. */
  shared?: Shared;
  /** Changes made (apply) or that would be made (dry run) at the organization level. */
  changes: string[];
}

/**
 * A prepare that cannot go on: the organization-level cell shows the error, and the accounts are blocked unless
 * the shared facts are given (an error that does not hold the accounts back).
 */
export function preparedError<Shared>(summary: string, shared?: Shared): Prepared<Shared> {
  return { state: 'error', summary, differences: [], changes: [], ...(shared === undefined ? {} : { shared }) };
}

/**
 * A baseline step: prepare (organization level, once), read (one account, AWS reads only), desire (what
 * the account should have; may allocate, e.g. a CIDR), plan (pure), apply (the planned changes only).
 */
export interface BaselineStep<Params, Shared, Current, Desired, Change extends PlannedChange> {
  name: StepName;
  /** Steps (of the same run) this one starts after, because it builds on what they set up. */
  after?: StepName[];
  prepare(run: BaselineRun, params: Params): Promise<Prepared<Shared>>;
  read(target: AccountTarget, params: Params, shared: Shared): Promise<Current>;
  desire(target: AccountTarget, params: Params, shared: Shared, current: Current): Desired | Promise<Desired>;
  plan(current: Current, desired: Desired): StepPlan<Change>;
  /** Makes the planned changes; `current` is what read returned (ids of what exists already). */
  apply(target: AccountTarget, changes: Change[], desired: Desired, shared: Shared, current: Current): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyBaselineStep = BaselineStep<any, any, any, any, PlannedChange>;
