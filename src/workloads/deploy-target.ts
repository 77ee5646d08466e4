import type { CommandContext } from '../core/context.js';
import { toAwsarchError } from '../aws/aws-errors.js';
import type { AwsClients } from '../aws/clients.js';
import type { AwsCredentials } from '../aws/credentials.js';

/** Where a deployment goes and the credentials the toolkit acts with there. */
export interface DeployTarget {
  readonly accountId: string;
  readonly region: string;
  /** A member account's name when deploying through the access role. */
  readonly accountName?: string;
  /** Base credentials for the toolkit: the caller's, or the access role's in the member account (renewed as needed). */
  readonly credentials: () => Promise<AwsCredentials>;
  readonly sandbox: boolean;
  /** AWS clients acting in the target account (awsarch's own reads before the toolkit starts). */
  readonly clients: AwsClients;
}

/**
 * The caller's own account, or a member account (id, e-mail or exact name) reached by assuming the
 * access role; the credentials are checked with GetCallerIdentity before the toolkit starts.
 */
export async function deployTarget(ctx: CommandContext, account?: string): Promise<DeployTarget> {
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  let clients = ctx.aws;
  let accountName: string | undefined;
  if (account !== undefined) {
    const { readOrganization } = await import('../accounts/org-reader.js');
    const { findAccount } = await import('../accounts/account-queries.js');
    const member = findAccount(await readOrganization(ctx.aws), account);
    accountName = member.name;
    clients = ctx.aws.forAccount(member.id);
  }
  const sts = clients.client(STSClient);
  let accountId: string;
  try {
    accountId = (await sts.send(new GetCallerIdentityCommand({}))).Account ?? '';
  } catch (error) {
    throw toAwsarchError(
      error,
      account ? `assuming ${ctx.options.accessRole} in ${account}` : 'checking the AWS credentials',
    );
  }
  const provider = sts.config.credentials;
  return {
    accountId,
    region: ctx.options.region,
    accountName,
    credentials: () => provider(),
    sandbox: ctx.options.sandbox,
    clients,
  };
}

/**
 * Runs toolkit work against a custom endpoint (the sandbox, --endpoint-url). The toolkit builds its own
 * SDK clients and takes no endpoint option; the SDK reads AWS_ENDPOINT_URL, which is set for the
 * duration and restored after.
 */
export async function withToolkitEndpoint<T>(endpoint: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!endpoint) return work();
  const saved = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = endpoint;
  try {
    return await work();
  } finally {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
  }
}
