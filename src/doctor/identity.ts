import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { toAwsarchError } from '../aws/aws-errors.js';
import type { CommandContext } from '../core/context.js';
import { checkError, type DoctorCheck, type DoctorReport } from './report.js';

export type Identity = NonNullable<DoctorReport['identity']>;

/** Who the calls are made as: STS GetCallerIdentity. */
export async function checkIdentity(ctx: CommandContext): Promise<{ check: DoctorCheck; identity?: Identity }> {
  try {
    const answer = await ctx.aws.client(STSClient).send(new GetCallerIdentityCommand({}));
    const identity = { arn: answer.Arn ?? '', accountId: answer.Account ?? '', userId: answer.UserId ?? '' };
    return { identity, check: { name: 'identity', status: 'ok', required: true, text: identity.arn } };
  } catch (error) {
    const failure = toAwsarchError(error, 'STS GetCallerIdentity');
    return {
      check: { name: 'identity', status: 'failed', required: true, text: failure.message, error: checkError(failure) },
    };
  }
}

/** The caller's account: its id, and its name when Organizations can say (DescribeAccount). */
export async function checkAccount(
  ctx: CommandContext,
  identity: Identity | undefined,
  knownNames: ReadonlyMap<string, string>,
  organizationRead: boolean,
): Promise<{ check: DoctorCheck; account?: DoctorReport['account'] }> {
  if (!identity)
    return {
      check: { name: 'account', status: 'failed', required: false, text: 'unknown (no identity: see above)' },
    };
  const id = identity.accountId;
  let name = knownNames.get(id);
  let why = '';
  if (name === undefined && !organizationRead) why = ' (no name: the organization cannot be read)';
  else if (name === undefined) {
    try {
      const answer = await ctx.aws.client(OrganizationsClient).send(new DescribeAccountCommand({ AccountId: id }));
      name = answer.Account?.Name;
    } catch (error) {
      why = ` (no name: ${toAwsarchError(error, 'Organizations DescribeAccount').message})`;
    }
  }
  return {
    account: { id, ...(name ? { name } : {}) },
    check: { name: 'account', status: 'ok', required: false, text: name ? `${name} (${id})` : `${id}${why}` },
  };
}
