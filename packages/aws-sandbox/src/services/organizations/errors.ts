import { SandboxServiceError } from '../../errors.js';

/** Organizations returns its modeled client errors with HTTP 400 on the wire, ServiceException with 500. */
export const ORGANIZATIONS_ERRORS = {
  AccessDeniedException: "You don't have permissions to access this resource.",
  AccountAlreadyClosedException: 'You attempted to close an account that is already closed.',
  AccountAlreadyRegisteredException:
    'The specified account is already a delegated administrator for this Amazon Web Services service.',
  AccountNotRegisteredException:
    'The specified account is not a delegated administrator for this Amazon Web Services service.',
  AccountNotFoundException: "You specified an account that doesn't exist.",
  AlreadyInOrganizationException:
    'This account is already a member of an organization. An account can belong to only one organization at a time.',
  AWSOrganizationsNotInUseException: 'Your account is not a member of an organization.',
  ChildNotFoundException:
    "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
  ConflictException: 'The request failed because it conflicts with the current state of the specified resource.',
  ConcurrentModificationException:
    'The target of the operation is currently being modified by a different request. Try again later.',
  CreateAccountStatusNotFoundException:
    "We can't find an create account request with the CreateAccountRequestId that you specified.",
  DestinationParentNotFoundException:
    "We can't find the destination container (a root or OU) with the ParentId that you specified.",
  DuplicateAccountException: 'That account is already present in the specified destination.',
  DuplicateOrganizationalUnitException: 'An OU with the same name already exists.',
  DuplicatePolicyAttachmentException: 'The selected policy is already attached to the specified target.',
  DuplicatePolicyException: 'A policy with the same name already exists.',
  FinalizingOrganizationException:
    'AWS Organizations could not perform the operation because your organization has not finished initializing. Try again later.',
  MalformedPolicyDocumentException:
    "The provided policy document doesn't meet the requirements of the specified policy type.",
  MasterCannotLeaveOrganizationException:
    "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.",
  OrganizationalUnitNotEmptyException:
    'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.',
  OrganizationalUnitNotFoundException: "You specified an organizational unit that doesn't exist.",
  ParentNotFoundException: "You specified parent that doesn't exist.",
  PolicyInUseException:
    'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
  PolicyNotAttachedException: "The policy isn't attached to the specified target in the specified root.",
  PolicyNotFoundException: "We can't find a policy with the PolicyId that you specified.",
  PolicyTypeAlreadyEnabledException: 'The specified policy type is already enabled in the specified root.',
  PolicyTypeNotAvailableForOrganizationException:
    "You can't use the specified policy type with the feature set currently enabled for this organization. For example, you can enable SCPs only after you enable all features in the organization.",
  PolicyTypeNotEnabledException:
    "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root.",
  RootNotFoundException: "We can't find a root with the RootId that you specified.",
  ServiceException:
    "AWS Organizations can't complete your request because of an internal service error. Try again later.",
  SourceParentNotFoundException: "We can't find a source root or OU with the ParentId that you specified.",
  TargetNotFoundException: "You specified a target that doesn't exist.",
  TooManyRequestsException: 'You have sent too many requests in too short a period of time. Try again later.',
} as const;

export type OrganizationsErrorCode = keyof typeof ORGANIZATIONS_ERRORS;

/** Status of an Organizations error code on the wire. */
export function organizationsErrorStatus(code: string): number {
  return code === 'ServiceException' ? 500 : 400;
}

export function organizationsError(code: OrganizationsErrorCode): SandboxServiceError {
  return new SandboxServiceError(code, ORGANIZATIONS_ERRORS[code], { status: organizationsErrorStatus(code) });
}

/** ConstraintViolationException reasons used by the sandbox, with AWS's explanation of each. */
const CONSTRAINT_VIOLATIONS = {
  OU_DEPTH_LIMIT_EXCEEDED: 'You attempted to create an OU tree that is too many levels deep.',
  OU_NUMBER_LIMIT_EXCEEDED: 'You attempted to exceed the number of OUs that you can have in an organization.',
  MAX_TAG_LIMIT_EXCEEDED: 'You have exceeded the number of tags allowed on this resource.',
  MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED:
    'You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time.',
  MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED:
    'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.',
  POLICY_CONTENT_LIMIT_EXCEEDED: 'You attempted to create a policy that is larger than the maximum size.',
  POLICY_NUMBER_LIMIT_EXCEEDED: 'You attempted to exceed the number of policies that you can have in an organization.',
  CANNOT_CLOSE_MANAGEMENT_ACCOUNT:
    'You attempted to close the management account. To close the management account for the organization, you must first either remove or close all member accounts in the organization.',
  CLOSE_ACCOUNT_QUOTA_EXCEEDED: 'You have exceeded close account quota for the past 30 days.',
  CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED: 'You attempted to exceed the number of accounts that you can close at a time.',
  ORGANIZATION_NOT_IN_ALL_FEATURES_MODE:
    'You attempted to perform an operation that requires the organization to be configured to support all features.',
  WAIT_PERIOD_ACTIVE:
    "After you create an Amazon Web Services account, you must wait until at least four days after the account was created. Invited accounts aren't subject to this waiting period.",
  CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR:
    'You attempted to register the management account of the organization as a delegated administrator for an Amazon Web Services service integrated with Organizations. You can designate only a member account as a delegated administrator.',
  CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR:
    'You cannot register a suspended account as a delegated administrator.',
  SERVICE_ACCESS_NOT_ENABLED:
    'You attempted to register a delegated administrator before you enabled service access. Call the EnableAWSServiceAccess API first.',
  ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION:
    "You attempted to remove an account from the organization that doesn't yet have enough information to exist as a standalone account. This account requires you to first complete phone verification.",
} as const;

export type ConstraintViolationReason = keyof typeof CONSTRAINT_VIOLATIONS;

export function constraintViolation(reason: ConstraintViolationReason): SandboxServiceError {
  return new SandboxServiceError('ConstraintViolationException', CONSTRAINT_VIOLATIONS[reason], {
    status: 400,
    extra: { Reason: reason },
  });
}

/** InvalidInputException reasons used by the sandbox, with AWS's explanation of each. */
const INVALID_INPUTS = {
  INPUT_REQUIRED: 'You must include a value for all required parameters.',
  INVALID_PATTERN: 'You provided a value that does not match the required pattern.',
  INVALID_ENUM: 'You specified an invalid value.',
  INVALID_ENUM_POLICY_TYPE: 'You specified an invalid policy type string.',
  INVALID_PATTERN_TARGET_ID: "You specified a policy target ID that doesn't match the required pattern.",
  INVALID_SYNTAX_POLICY_ID: 'You specified an invalid policy ID.',
  MAX_LENGTH_EXCEEDED: 'You provided a string parameter that is longer than allowed.',
  MIN_LENGTH_EXCEEDED: 'You provided a string parameter that is shorter than allowed.',
  MAX_VALUE_EXCEEDED: 'You provided a numeric parameter that has a larger value than allowed.',
  MIN_VALUE_EXCEEDED: 'You provided a numeric parameter that has a smaller value than allowed.',
  INVALID_NEXT_TOKEN:
    'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.',
  INVALID_EMAIL_ADDRESS_TARGET: 'You specified an invalid email address for the invited account owner.',
  INVALID_ROLE_NAME:
    "You provided a role name that isn't valid. A role name can't begin with the reserved prefix 'AWSServiceRoleFor'.",
  DUPLICATE_TAG_KEY: 'Tag keys must be unique among the tags attached to the same entity.',
  INVALID_SYSTEM_TAGS_PARAMETER:
    "You specified a tag key that is a system tag. You can't add, edit, or delete system tag keys because they're reserved " +
    "for AWS use. System tags don't count against your tags per resource limit.",
} as const;

export type InvalidInputReason = keyof typeof INVALID_INPUTS;

export function invalidInput(reason: InvalidInputReason): SandboxServiceError {
  return new SandboxServiceError('InvalidInputException', INVALID_INPUTS[reason], {
    status: 400,
    extra: { Reason: reason },
  });
}
