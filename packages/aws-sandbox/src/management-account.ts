/** The management account every sandbox starts with, and the long-term keys of its one IAM user. */
export const SANDBOX_MANAGEMENT_ACCOUNT_ID = '123456789012';
export const SANDBOX_MANAGEMENT_EMAIL = 'management@example.com';
export const SANDBOX_MANAGEMENT_ACCOUNT_NAME = 'Management';

/**
 * Not a secret: the sandbox does not verify signatures, these keys only have to look like AWS keys.
 * Deliberately not frozen: the SDK tags the credentials object it is given (credentials.$source).
 */
export const SANDBOX_CREDENTIALS: { accessKeyId: string; secretAccessKey: string } = {
  accessKeyId: 'AKIAAWSARCHSANDBOX01',
  secretAccessKey: 'awsarchSandboxSecretKeyIsNotSecret000000',
};

export const SANDBOX_USER_NAME = 'awsarch-sandbox';
export const SANDBOX_USER_ID = 'AIDAAWSARCHSANDBOX001';
export const SANDBOX_MANAGEMENT_PRINCIPAL_ARN = `arn:aws:iam::${SANDBOX_MANAGEMENT_ACCOUNT_ID}:user/${SANDBOX_USER_NAME}`;
