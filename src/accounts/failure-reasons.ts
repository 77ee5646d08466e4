import { AwsarchError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';

interface FailureExplanation {
  message: string;
  hint: string;
  /** True when the input itself is at fault (exit 2), false for a failed operation (exit 1). */
  badInput: boolean;
}

/** Every CreateAccountStatus.FailureReason AWS documents, in words a platform engineer can act on. */
export const FAILURE_REASONS: Record<string, FailureExplanation> = {
  ACCOUNT_LIMIT_EXCEEDED: {
    message: 'the organization has reached its maximum number of accounts',
    hint: 'request a higher "Default maximum number of accounts" quota in Service Quotas, or close unused accounts',
    badInput: false,
  },
  CONCURRENT_ACCOUNT_MODIFICATION: {
    message: 'another account operation was in progress at the same time',
    hint: 're-run the same command; it resumes and does not create a second account',
    badInput: false,
  },
  EMAIL_ALREADY_EXISTS: {
    message: 'the e-mail address is already used by another AWS account (possibly outside this organization)',
    hint: 'use a different e-mail address (plus-addressing such as aws+dev@example.com works)',
    badInput: true,
  },
  FAILED_BUSINESS_VALIDATION: {
    message: 'the management account failed AWS business validation',
    hint: "check the management account's billing and contact details, or contact AWS Support",
    badInput: false,
  },
  GOVCLOUD_ACCOUNT_ALREADY_EXISTS: {
    message: 'a GovCloud account is already associated with this account',
    hint: 'use a different e-mail address or contact AWS Support',
    badInput: true,
  },
  INTERNAL_FAILURE: {
    message: 'AWS Organizations had an internal failure',
    hint: 're-run the same command; if it persists, contact AWS Support',
    badInput: false,
  },
  INVALID_ADDRESS: {
    message: "the management account's address is not valid",
    hint: 'correct the contact address of the management account in the Billing console',
    badInput: false,
  },
  INVALID_EMAIL: {
    message: 'AWS rejected the e-mail address',
    hint: 'use a valid, deliverable e-mail address',
    badInput: true,
  },
  INVALID_IDENTITY_FOR_BUSINESS_VALIDATION: {
    message: "the management account's identity is not valid for business validation",
    hint: "update the management account's business details, or contact AWS Support",
    badInput: false,
  },
  INVALID_PAYMENT_INSTRUMENT: {
    message: "the management account's payment method is not valid",
    hint: 'fix the payment method in the Billing console, then re-run',
    badInput: false,
  },
  MISSING_BUSINESS_VALIDATION: {
    message: 'the management account has not completed business validation',
    hint: 'complete business validation for the management account, then re-run',
    badInput: false,
  },
  MISSING_PAYMENT_INSTRUMENT: {
    message: 'the management account has no valid payment method',
    hint: 'add a payment method in the Billing console, then re-run',
    badInput: false,
  },
  PENDING_BUSINESS_VALIDATION: {
    message: "the management account's business validation is still pending",
    hint: 'wait for AWS to finish validating the management account, then re-run',
    badInput: false,
  },
  UNKNOWN_BUSINESS_VALIDATION: {
    message: 'AWS could not complete business validation of the management account',
    hint: 'contact AWS Support',
    badInput: false,
  },
  UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED: {
    message: 'tags cannot be applied while updating an existing resource policy',
    hint: 're-run without --tag, then tag the account afterwards',
    badInput: true,
  },
};

/** The error for a FAILED CreateAccountStatus. */
export function accountCreationFailed(
  accountName: string,
  reason: string | undefined,
  requestId: string,
): AwsarchError {
  const explained = reason ? FAILURE_REASONS[reason] : undefined;
  const message = explained
    ? `creating account "${accountName}" failed: ${explained.message} (${reason})`
    : `creating account "${accountName}" failed${reason ? ` (${reason})` : ''}`;
  return new AwsarchError(ERR.ACCOUNT_CREATE_FAILED, message, {
    outcome: explained?.badInput ? 'bad-input' : 'failed',
    hint: explained?.hint ?? 're-run the same command; if it persists, contact AWS Support',
    details: { failureReason: reason, createAccountRequestId: requestId },
  });
}
