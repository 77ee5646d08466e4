import type { SandboxState } from '../../state.js';
import type { HandlerContext, OperationHandler } from '../../types.js';
import { organizationsState } from '../organizations/model.js';
import { organizationOf } from '../organizations/service-access.js';
import { reconcileOrganization } from './central-configuration.js';
import { organizationConfigOf } from './organization.js';
import {
  accountIdList,
  administratorIn,
  enableHub,
  hubOf,
  isoTime,
  maxResultsOf,
  membersOf,
  requireHub,
  securityHubError,
  subscriptionsOf,
  type MemberRecord,
} from './model.js';
import { STANDARDS } from './standards-catalog.js';

/** Security Hub turned on by its administrator: the hub, and the default standards when asked for. */
function enableForMember(
  state: SandboxState,
  accountId: string,
  region: string,
  now: number,
  standards: boolean,
): void {
  if (hubOf(state, accountId, region)) return;
  enableHub(state, accountId, region, now);
  if (!standards) return;
  const subscriptions = subscriptionsOf(state, accountId, region);
  for (const standard of STANDARDS.filter((candidate) => candidate.enabledByDefault))
    subscriptions[standard.id] ??= { since: now };
}

/**
 * LOCAL configuration with AutoEnable: accounts that joined the organization after it was turned on become
 * members (Security Hub enabled, default standards with AutoEnableStandards DEFAULT), as AWS does when they join.
 */
export function autoEnableNewMembers(state: SandboxState, administrator: string, region: string, now: number): boolean {
  const config = organizationConfigOf({ state }, administrator, region);
  if (!config.autoEnable || config.configurationType !== 'LOCAL' || config.autoEnableSince === undefined) return false;
  const members = membersOf(state, administrator, region);
  let changed = false;
  for (const account of Object.values(organizationsState(state).accounts)) {
    if (account.Id === administrator || members[account.Id] || account.JoinedTimestamp < config.autoEnableSince)
      continue;
    members[account.Id] = { accountId: account.Id, email: account.Email, memberStatus: 'Enabled', updatedAt: now };
    enableForMember(state, account.Id, region, now, config.autoEnableStandards === 'DEFAULT');
    changed = true;
  }
  return changed;
}

function settleMembers(ctx: HandlerContext): void {
  const changed = [
    reconcileOrganization(ctx.state, ctx.now()),
    autoEnableNewMembers(ctx.state, ctx.caller.accountId, ctx.region, ctx.now()),
  ].some(Boolean);
  if (changed) ctx.changed();
}

function memberView(ctx: HandlerContext, member: MemberRecord) {
  return {
    AccountId: member.accountId,
    Email: member.email,
    MasterId: ctx.caller.accountId,
    AdministratorId: ctx.caller.accountId,
    MemberStatus: member.memberStatus,
    InvitedAt: member.invitedAt === undefined ? undefined : isoTime(member.invitedAt),
    UpdatedAt: isoTime(member.updatedAt),
  };
}

/**
 * The organization's administrator adds organization accounts without invitations (MemberStatus Enabled),
 * enabling Security Hub and the default standards where it is off, except in the management account, which
 * must enable Security Hub itself first. Anyone else creates invitation-based members (Created).
 */
const createMembers: OperationHandler = (input, ctx) => {
  requireHub(ctx);
  const details = input.AccountDetails;
  if (!Array.isArray(details) || details.length === 0 || details.length > 50)
    throw securityHubError('InvalidInputException', "Invalid parameter 'AccountDetails': 1 to 50 accounts.");
  const organizationAdmin = administratorIn(ctx.state, ctx.region) === ctx.caller.accountId;
  const org = organizationOf(ctx.state, ctx.caller.accountId);
  const members = membersOf(ctx.state, ctx.caller.accountId, ctx.region);
  const unprocessed: Array<{ AccountId: string; ProcessingResult: string }> = [];
  for (const detail of details as Array<{ AccountId?: unknown; Email?: unknown }>) {
    const accountId = String(detail.AccountId ?? '');
    const skip = (reason: string) => unprocessed.push({ AccountId: accountId, ProcessingResult: reason });
    if (!/^\d{12}$/.test(accountId)) {
      skip('Invalid account ID.');
      continue;
    }
    if (accountId === ctx.caller.accountId) {
      skip('The administrator account cannot be added as a member of itself.');
      continue;
    }
    const inOrganization =
      organizationAdmin && org !== undefined && organizationOf(ctx.state, accountId)?.id === org.id;
    if (inOrganization && accountId === org.managementAccountId && !hubOf(ctx.state, accountId, ctx.region)) {
      skip(
        'Security Hub cannot be enabled automatically for the organization management account; enable it there first.',
      );
      continue;
    }
    members[accountId] = {
      accountId,
      email: typeof detail.Email === 'string' ? detail.Email : members[accountId]?.email,
      memberStatus: inOrganization ? 'Enabled' : 'Created',
      updatedAt: ctx.now(),
    };
    if (inOrganization) enableForMember(ctx.state, accountId, ctx.region, ctx.now(), true);
  }
  return { UnprocessedAccounts: unprocessed };
};

const listMembers: OperationHandler = (input, ctx) => {
  requireHub(ctx);
  settleMembers(ctx);
  const onlyAssociated = String(input.OnlyAssociated ?? 'true').toLowerCase() !== 'false';
  const max = maxResultsOf(input.MaxResults, 50, 50);
  const all = Object.values(membersOf(ctx.state, ctx.caller.accountId, ctx.region))
    .filter((member) => !onlyAssociated || member.memberStatus === 'Enabled')
    .sort((a, b) => a.accountId.localeCompare(b.accountId));
  const after = typeof input.NextToken === 'string' ? Buffer.from(input.NextToken, 'base64url').toString() : '';
  const remaining = all.filter((member) => member.accountId > after);
  const page = remaining.slice(0, max);
  return {
    Members: page.map((member) => memberView(ctx, member)),
    NextToken:
      remaining.length > page.length
        ? Buffer.from(page[page.length - 1]?.accountId ?? '').toString('base64url')
        : undefined,
  };
};

const getMembers: OperationHandler = (input, ctx) => {
  requireHub(ctx);
  settleMembers(ctx);
  const members = membersOf(ctx.state, ctx.caller.accountId, ctx.region);
  const found: unknown[] = [];
  const unprocessed: unknown[] = [];
  for (const accountId of accountIdList(input.AccountIds, 'AccountIds')) {
    const member = members[accountId];
    if (member) found.push(memberView(ctx, member));
    else
      unprocessed.push({
        AccountId: accountId,
        ProcessingResult: 'The account is not a member of the administrator account.',
      });
  }
  return { Members: found, UnprocessedAccounts: unprocessed };
};

/** The administrator's member accounts. */
export const memberOperations: Record<string, OperationHandler> = {
  CreateMembers: createMembers,
  ListMembers: listMembers,
  GetMembers: getMembers,
};
