/**
 * Service control policy facts the Organizations stand-in enforces, from the AWS Organizations User Guide
 * ("Quotas and service limits for AWS Organizations", "Managing SCPs") and the API reference.
 */
export const SERVICE_CONTROL_POLICY = 'SERVICE_CONTROL_POLICY';

/** "Maximum size of a policy document - Service control policies: 5,120 characters" (every character counts). */
export const SCP_DOCUMENT_MAX_CHARACTERS = 5120;

/** "Maximum number of policies of a type attached to a root, OU or account": 5 SCPs, FullAWSAccess included. */
export const SCP_ATTACHMENTS_PER_TARGET = 5;

/** "Number of policies of each type in an organization - Service control policies: 10,000". */
export const SCPS_PER_ORGANIZATION = 10_000;

/** The AWS managed SCP attached to every root, OU and account when SCPs are enabled. */
export const FULL_AWS_ACCESS = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
  description: 'Allows access to every operation',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
} as const;
