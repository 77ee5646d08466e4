import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegionChoice } from '../aws/region-choice.js';
import { sandboxStateDir } from '../aws/session.js';
import type { CommandContext } from '../core/context.js';
import { checkEndpoints } from './endpoints.js';
import { checkAccount, checkIdentity } from './identity.js';
import { checkMemberRole, organizationCheck, readOrganizationAccess, type OrganizationAccess } from './organization.js';
import type { DoctorCheck, DoctorReport } from './report.js';

export interface DoctorRequest {
  /** The member account to try the access role in (id or name); default: the first active member by name. */
  account?: string;
}

/**
 * Checks who and where awsarch acts, reading only: identity, account, organization, the member role, the
 * Region, the endpoints and the sandbox. Independent checks run at once, every AWS call through the clients.
 */
export async function runDoctor(ctx: CommandContext, request: DoctorRequest): Promise<DoctorReport> {
  const [identity, access, endpoints] = await Promise.all([
    checkIdentity(ctx),
    readOrganizationAccess(ctx),
    checkEndpoints(ctx, ctx.options.requestTimeoutMs),
  ]);
  const names = new Map((access.accounts ?? []).map((account) => [account.id, account.name]));
  const [account, member, sandbox] = await Promise.all([
    checkAccount(ctx, identity.identity, names, access.organization !== undefined),
    checkMemberRole(ctx, access, request.account),
    checkSandbox(ctx, access),
  ]);
  const organization = organizationCheck(access, identity.identity?.accountId);
  const region = ctx.options.regionSource ?? { region: ctx.options.region, source: 'flag', from: '--region' };
  return {
    checks: [
      identity.check,
      account.check,
      organization.check,
      member.check,
      regionCheck(region),
      endpoints.check,
      sandbox.check,
    ],
    ...(identity.identity ? { identity: identity.identity } : {}),
    ...(account.account ? { account: account.account } : {}),
    ...(organization.organization ? { organization: organization.organization } : {}),
    ...(member.memberRole ? { memberRole: member.memberRole } : {}),
    region,
    endpoints: endpoints.endpoints,
    ...(sandbox.sandbox ? { sandbox: sandbox.sandbox } : {}),
  };
}

export function regionCheck(region: RegionChoice): DoctorCheck {
  const note = region.source === 'default' ? ' (no --region, AWS_REGION or profile region)' : '';
  return {
    name: 'region',
    status: 'ok',
    required: true,
    text: `${region.region}, from ${region.from}${note}`,
  };
}

/** With --sandbox: where its state is, whether there is any, how many accounts its organization has. */
async function checkSandbox(
  ctx: CommandContext,
  access: OrganizationAccess,
): Promise<{ check: DoctorCheck; sandbox?: DoctorReport['sandbox'] }> {
  if (!ctx.sandbox || !ctx.options.sandbox)
    return {
      check: {
        name: 'sandbox',
        status: 'ok',
        required: false,
        text: 'not in use (the calls go to AWS or --endpoint-url)',
      },
    };
  const stateDir = sandboxStateDir(ctx.env);
  const hasState = (await readdir(join(stateDir, 'state')).catch(() => [])).length > 0;
  const accounts = access.accounts?.length;
  const how = ctx.sandbox.shared ? 'a running `awsarch sandbox start`' : 'started for this command';
  const contents = !hasState
    ? 'no state yet (run `awsarch --sandbox org init` or `awsarch sandbox seed`)'
    : accounts === undefined
      ? 'state present, no organization'
      : `state present, ${accounts} account(s) in its organization`;
  return {
    sandbox: {
      stateDir,
      endpoint: ctx.sandbox.endpoint,
      shared: ctx.sandbox.shared,
      hasState,
      ...(accounts === undefined ? {} : { accounts }),
    },
    check: {
      name: 'sandbox',
      status: 'ok',
      required: false,
      text: `${stateDir} at ${ctx.sandbox.endpoint} (${how}): ${contents}`,
    },
  };
}
