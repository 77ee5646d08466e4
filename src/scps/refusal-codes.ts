// The codes of the guardrails' refusals (`refusals[].code` in `scp diff` JSON and in the details of the
// scp-guardrail error). Pipelines match on them, so a code keeps its spelling and meaning.

/** Every refusal code, with what it means. */
export const REFUSAL = {
  /** A template has the name of an AWS-managed SCP. */
  SCP_AWS_MANAGED_NAME: 'scp-aws-managed-name',
  /** An SCP of that name exists and awsarch did not create it (--adopt takes it over). */
  SCP_NOT_MANAGED: 'scp-not-managed',
  /** SCPs would be attached to the management account, which they never restrict. */
  SCP_MANAGEMENT_ACCOUNT: 'scp-management-account',
  /** A target would have more SCPs attached than AWS allows. */
  SCP_ATTACHMENT_QUOTA: 'scp-attachment-quota',
  /** FullAWSAccess would be detached from a target. */
  SCP_DETACH_FULL_ACCESS: 'scp-detach-full-access',
  /** No SCP on a target would allow anything. */
  SCP_LAST_ALLOW: 'scp-last-allow',
  /** After the plan, member accounts could do nothing at all (a Deny of * on *, or no Allow left); names them. */
  SCP_LOCKOUT: 'scp-lockout',
} as const;

export type RefusalCode = (typeof REFUSAL)[keyof typeof REFUSAL];
