import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import { organizationOf } from '../organizations/service-access.js';
import {
  badRequest,
  detectorOf,
  guardDutyState,
  membersOf,
  newDetector,
  ownDetector,
  type MemberRecord,
} from './model.js';

interface Unprocessed {
  accountId: string;
  result: string;
}

function accountIds(input: OperationInput): string[] {
  if (!Array.isArray(input.accountIds) || input.accountIds.length === 0)
    throw badRequest('The request is rejected because the accountIds parameter is missing or empty.');
  if (input.accountIds.length > 50)
    throw badRequest('The request is rejected because more than 50 account IDs were given.');
  return input.accountIds.map(String);
}

function isOrganizationAdmin(ctx: HandlerContext): boolean {
  return guardDutyState(ctx.state).organizationAdmins[ctx.region]?.adminAccountId === ctx.caller.accountId;
}

function memberView(ctx: HandlerContext, member: MemberRecord) {
  return {
    accountId: member.accountId,
    detectorId: detectorOf(ctx.state, member.accountId, ctx.region)?.detectorId,
    masterId: ctx.caller.accountId,
    administratorId: ctx.caller.accountId,
    email: member.email,
    relationshipStatus: member.relationshipStatus,
    invitedAt: member.invitedAt === undefined ? undefined : new Date(member.invitedAt).toISOString(),
    updatedAt: new Date(member.updatedAt).toISOString(),
  };
}

/**
 * As the organization's delegated administrator, CreateMembers adds organization accounts without an
 * invitation (relationship Enabled) and enables GuardDuty in them; anyone else creates invitation-based
 * members (relationship Created) that still need InviteMembers.
 */
const createMembers: OperationHandler = (input, ctx) => {
  ownDetector(ctx, input.DetectorId);
  const details = Array.isArray(input.accountDetails)
    ? (input.accountDetails as Array<{ accountId?: unknown; email?: unknown }>)
    : [];
  if (details.length === 0)
    throw badRequest('The request is rejected because the accountDetails parameter is missing or empty.');
  const organizationAdmin = isOrganizationAdmin(ctx);
  const org = organizationOf(ctx.state, ctx.caller.accountId);
  const members = membersOf(ctx.state, ctx.caller.accountId, ctx.region);
  const unprocessedAccounts: Unprocessed[] = [];
  for (const detail of details) {
    const accountId = String(detail.accountId ?? '');
    if (!/^\d{12}$/.test(accountId)) {
      unprocessedAccounts.push({
        accountId,
        result: 'The request is rejected because the given account ID is not an AWS account ID.',
      });
      continue;
    }
    if (accountId === ctx.caller.accountId) {
      unprocessedAccounts.push({
        accountId,
        result: 'The request is rejected because the current account cannot add itself as a member.',
      });
      continue;
    }
    const inOrganization =
      organizationAdmin && org !== undefined && organizationOf(ctx.state, accountId)?.id === org.id;
    members[accountId] = {
      accountId,
      email: String(detail.email ?? members[accountId]?.email ?? ''),
      relationshipStatus: inOrganization ? 'Enabled' : 'Created',
      updatedAt: ctx.now(),
    };
    if (inOrganization) {
      const detector = detectorOf(ctx.state, accountId, ctx.region);
      if (!detector) newDetector(ctx.state, { accountId, region: ctx.region, enabled: true, now: ctx.now() });
      else if (detector.status !== 'ENABLED') Object.assign(detector, { status: 'ENABLED', updatedAt: ctx.now() });
    }
  }
  return { unprocessedAccounts };
};

function partition(ctx: HandlerContext, ids: string[]): { found: MemberRecord[]; unprocessedAccounts: Unprocessed[] } {
  const members = membersOf(ctx.state, ctx.caller.accountId, ctx.region);
  const found: MemberRecord[] = [];
  const unprocessedAccounts: Unprocessed[] = [];
  for (const accountId of ids) {
    const member = members[accountId];
    if (member) found.push(member);
    else
      unprocessedAccounts.push({
        accountId,
        result: 'The request is rejected because the input account ID is not a member of the current account.',
      });
  }
  return { found, unprocessedAccounts };
}

const getMembers: OperationHandler = (input, ctx) => {
  ownDetector(ctx, input.DetectorId);
  const { found, unprocessedAccounts } = partition(ctx, accountIds(input));
  return { members: found.map((member) => memberView(ctx, member)), unprocessedAccounts };
};

const listMembers: OperationHandler = (input, ctx) => {
  ownDetector(ctx, input.DetectorId);
  const onlyAssociated = input.onlyAssociated !== 'false';
  const members = Object.values(membersOf(ctx.state, ctx.caller.accountId, ctx.region)).filter(
    (member) => !onlyAssociated || member.relationshipStatus === 'Enabled',
  );
  return { members: members.map((member) => memberView(ctx, member)) };
};

function setMonitoring(relationshipStatus: 'Enabled' | 'Disabled'): OperationHandler {
  return (input, ctx) => {
    ownDetector(ctx, input.DetectorId);
    const { found, unprocessedAccounts } = partition(ctx, accountIds(input));
    for (const member of found) Object.assign(member, { relationshipStatus, updatedAt: ctx.now() });
    return { unprocessedAccounts };
  };
}

/** The member's side: which account administers its detector, if any. */
const getAdministratorAccount: OperationHandler = (input, ctx) => {
  ownDetector(ctx, input.DetectorId);
  for (const [key, members] of Object.entries(guardDutyState(ctx.state).members)) {
    const [administratorAccountId, region] = key.split('/');
    const member = members[ctx.caller.accountId];
    if (region === ctx.region && member && member.relationshipStatus !== 'Removed') {
      return {
        administrator: {
          accountId: administratorAccountId,
          relationshipStatus: member.relationshipStatus,
          invitedAt: member.invitedAt === undefined ? undefined : new Date(member.invitedAt).toISOString(),
        },
      };
    }
  }
  return {};
};

/** Members of an administrator account. */
export const memberOperations: Record<string, OperationHandler> = {
  CreateMembers: createMembers,
  GetMembers: getMembers,
  ListMembers: listMembers,
  StartMonitoringMembers: setMonitoring('Enabled'),
  StopMonitoringMembers: setMonitoring('Disabled'),
  GetAdministratorAccount: getAdministratorAccount,
};
