import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentials, CredentialsProvider } from './credentials.js';

/** Credentials are renewed this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export const DEFAULT_ACCESS_ROLE = 'OrganizationAccountAccessRole';
export const SESSION_NAME = 'awsarch';

export function memberRoleArn(accountId: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** One AssumeRole call; throws the SDK's error unchanged (callers decide what is retryable). */
export async function assumeRole(sts: STSClient, roleArn: string, sessionName = SESSION_NAME): Promise<AwsCredentials> {
  const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const response = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
  const credentials = response.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
    throw new Error(`AssumeRole on ${roleArn} returned no credentials`);
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration,
  };
}

/**
 * A credentials provider for a member account's role: assumes it on first use and renews it when fewer than
 * five minutes are left, with one AssumeRole call shared by every caller that asks meanwhile (the first
 * time and at each renewal). A failed renewal is reported to the callers but the current credentials are
 * used until they really expire; a failed first call is not remembered (the next caller tries again).
 */
export function assumedRoleProvider(
  getSts: () => STSClient,
  roleArn: string,
  now: () => number = Date.now,
): CredentialsProvider {
  let current: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  const expiresAt = (credentials: AwsCredentials) => credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
  return async () => {
    if (current && expiresAt(current) - now() > REFRESH_MARGIN_MS) return current;
    // Checked and set without awaiting in between, so concurrent callers share this one call.
    pending ??= assumeRole(getSts(), roleArn).then(
      (issued) => {
        current = issued;
        pending = undefined;
        return issued;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    try {
      return await pending;
    } catch (error) {
      if (current && expiresAt(current) > now()) return current;
      throw error;
    }
  };
}
