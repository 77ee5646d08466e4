import { SandboxServiceError } from '../../errors.js';

/** Organizations returns its modeled client errors with HTTP 400 on the wire, ServiceException with 500. */
export const ORGANIZATIONS_ERRORS = {
  AccessDeniedException: "You don't have permissions to access this resource.",
  AccountNotFoundException: "You specified an account that doesn't exist.",
  AlreadyInOrganizationException:
    'This account is already a member of an organization. An account can belong to only one organization at a time.',
  AWSOrganizationsNotInUseException: 'Your account is not a member of an organization.',
  ChildNotFoundException: "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
  ConcurrentModificationException: 'The target of the operation is currently being modified by a different request. Try again later.',
  CreateAccountStatusNotFoundException: "We can't find an create account request with the CreateAccountRequestId that you specified.",
  DestinationParentNotFoundException: "We can't find the destination container (a root or OU) with the ParentId that you specified.",
  DuplicateAccountException: 'That account is already present in the specified destination.',
  DuplicateOrganizationalUnitException: 'An OU with the same name already exists.',
  FinalizingOrganizationException:
    'AWS Organizations could not perform the operation because your organization has not finished initializing. Try again later.',
  OrganizationalUnitNotFoundException: "You specified an organizational unit that doesn't exist.",
  ParentNotFoundException: "You specified parent that doesn't exist.",
  ServiceException: "AWS Organizations can't complete your request because of an internal service error. Try again later.",
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
} as const;

export function constraintViolation(reason: keyof typeof CONSTRAINT_VIOLATIONS): SandboxServiceError {
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
  MAX_LENGTH_EXCEEDED: 'You provided a string parameter that is longer than allowed.',
  MIN_LENGTH_EXCEEDED: 'You provided a string parameter that is shorter than allowed.',
  MAX_VALUE_EXCEEDED: 'You provided a numeric parameter that has a larger value than allowed.',
  MIN_VALUE_EXCEEDED: 'You provided a numeric parameter that has a smaller value than allowed.',
  INVALID_NEXT_TOKEN:
    'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.',
  INVALID_EMAIL_ADDRESS_TARGET: 'You specified an invalid email address for the invited account owner.',
  INVALID_ROLE_NAME: "You provided a role name that isn't valid. A role name can't begin with the reserved prefix 'AWSServiceRoleFor'.",
  DUPLICATE_TAG_KEY: 'Tag keys must be unique among the tags attached to the same entity.',
  INVALID_SYSTEM_TAGS_PARAMETER:
    "You specified a tag key that is a system tag. You can't add, edit, or delete system tag keys because they're reserved " +
    "for AWS use. System tags don't count against your tags per resource limit.",
} as const;

export type InvalidInputReason = keyof typeof INVALID_INPUTS;

export function invalidInput(reason: InvalidInputReason): SandboxServiceError {
  return new SandboxServiceError('InvalidInputException', INVALID_INPUTS[reason], { status: 400, extra: { Reason: reason } });
}
