// The codes of a landing-zone plan's refusals and warnings (`refusals[].code` and `warnings[].code` in the
// `landing-zone-plan` document; the SCP guardrails' refusals keep their own codes, REFUSAL). Pipelines match
// on them, so a code keeps its spelling and meaning.

/** Reasons a plan must not be applied (besides the SCP guardrails). */
export const PLAN_REFUSAL = {
  /** The file's e-mail for an account belongs to another account of the organization. */
  EMAIL_IN_USE: 'email-in-use',
  /** The file lists an account that is suspended or being closed. */
  ACCOUNT_NOT_ACTIVE: 'account-not-active',
} as const;

/** What the plan warns about: it can still be applied. */
export const PLAN_WARNING = {
  /** The file gives the management account a baseline; awsarch never baselines it. */
  MANAGEMENT_ACCOUNT_BASELINE: 'management-account-baseline',
  /** More accounts than AWS's default quota per organization. */
  ACCOUNT_QUOTA: 'account-quota',
  /** A baseline step of an account could not be read (its plan is incomplete). */
  BASELINE_UNREADABLE: 'baseline-unreadable',
  /** An organization-level baseline step cannot run yet (a prerequisite is missing). */
  BASELINE_BLOCKED: 'baseline-blocked',
  /** --prune --close: more accounts to close than AWS's closing quota allows; the rest are moved. */
  CLOSE_QUOTA: 'close-quota',
  /** --prune --close: closing is slow and AWS closes 3 at a time. */
  CLOSE_CONCURRENCY: 'close-concurrency',
} as const;

export type PlanRefusalCode = (typeof PLAN_REFUSAL)[keyof typeof PLAN_REFUSAL];
export type PlanWarningCode = (typeof PLAN_WARNING)[keyof typeof PLAN_WARNING];
