import { SandboxServiceError } from '../../errors.js';

/** IAM's error codes on the awsQuery wire (the SDK names them ...Exception). */
export function noSuchRole(roleName: string): SandboxServiceError {
  return new SandboxServiceError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, { status: 404 });
}

export function noSuchEntity(message: string): SandboxServiceError {
  return new SandboxServiceError('NoSuchEntity', message, { status: 404 });
}

export function entityAlreadyExists(message: string): SandboxServiceError {
  return new SandboxServiceError('EntityAlreadyExists', message, { status: 409 });
}

export function malformedPolicyDocument(message: string): SandboxServiceError {
  return new SandboxServiceError('MalformedPolicyDocument', message, { status: 400 });
}

export function invalidInput(message: string): SandboxServiceError {
  return new SandboxServiceError('InvalidInput', message, { status: 400 });
}

export function deleteConflict(message: string): SandboxServiceError {
  return new SandboxServiceError('DeleteConflict', message, { status: 409 });
}

/** A constraint violation worded as IAM's model validation does. */
export function validationError(member: string, value: string, constraint: string): SandboxServiceError {
  return new SandboxServiceError(
    'ValidationError',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
    { status: 400 },
  );
}
