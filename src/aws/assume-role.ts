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
 * A credentials provider for a member account's role: assumes it on first use, shares the call among
 * concurrent callers and renews it shortly before expiry.
 */
export function assumedRoleProvider(
  getSts: () => STSClient,
  roleArn: string,
  now: () => number = Date.now,
): CredentialsProvider {
  let cached: Promise<AwsCredentials> | undefined;
  return async () => {
    if (cached) {
      const credentials = await cached.catch(() => undefined);
      const expiresAt = credentials?.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
      if (credentials && expiresAt - now() > REFRESH_MARGIN_MS) return credentials;
    }
    const pending = assumeRole(getSts(), roleArn);
    cached = pending;
    return pending;
  };
}
