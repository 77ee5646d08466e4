/** AWS Organizations quotas for service control policies (Quotas for AWS Organizations, "Maximum size of a policy document"). */
export const SCP_MAX_SIZE = 5120;
/** SCPs attached directly to one root, OU or account, FullAWSAccess included. */
export const SCP_MAX_ATTACHMENTS_PER_TARGET = 5;
/** SCPs an organization may hold (FullAWSAccess does not count). */
export const SCP_MAX_POLICIES = 1000;
/** Above this share of the size quota, validation warns. */
export const SCP_SIZE_WARNING_RATIO = 0.9;

export const SCP_POLICY_TYPE = 'SERVICE_CONTROL_POLICY';
/** The AWS-managed SCP that Organizations attaches everywhere when SCPs are enabled. */
export const FULL_AWS_ACCESS_ID = 'p-FullAWSAccess';
export const FULL_AWS_ACCESS_NAME = 'FullAWSAccess';
export const FULL_AWS_ACCESS_ARN = 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess';
export const FULL_AWS_ACCESS_DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
} as const;

/** The text awsarch uploads: the document with every white space outside strings removed. */
export function minifiedContent(document: unknown): string {
  return JSON.stringify(document);
}

/**
 * The size AWS holds against the quota. Organizations counts what is stored; awsarch stores minified
 * documents, so this is the size after white space is removed, in bytes (equal to characters for ASCII).
 */
export function scpSize(document: unknown): number {
  return Buffer.byteLength(minifiedContent(document), 'utf8');
}

/** e.g. "1,234 of 5,120 characters (24%)". */
export function describeSize(size: number): string {
  return `${size.toLocaleString('en-US')} of ${SCP_MAX_SIZE.toLocaleString('en-US')} characters (${Math.round((size / SCP_MAX_SIZE) * 100)}%)`;
}
