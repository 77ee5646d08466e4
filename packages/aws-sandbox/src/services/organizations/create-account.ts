import { randomDigits, randomHex, randomUppercaseAlphanumeric, uniqueId } from '../../ids.js';
import { creationOrderKey, paginate } from '../../pagination.js';
import { unwrapState } from '../../state.js';
import type { HandlerContext, OperationInput, SettleContext } from '../../types.js';
import { putRole, trustAccountPolicy } from '../iam/roles.js';
import { managementOrganization } from './access.js';
import { invalidInput, organizationsError } from './errors.js';
import { invalidNextToken, optionalEnum, optionalString, pageRequest, requiredString, tagList } from './inputs.js';
import {
  accountArn,
  ID_PATTERNS,
  nextSequence,
  organizationsState,
  type CreateAccountOutcome,
  type CreateAccountRequestRecord,
  type OrganizationsState,
} from './model.js';
import { attachDefaultScp } from './policy-model.js';
import { createAccountStatusView } from './views.js';

const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACCOUNT_NAME = /^[\u0020-\u007E]+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const CREATE_ACCOUNT_STATES = ['IN_PROGRESS', 'SUCCEEDED', 'FAILED'] as const;

/**
 * CreateAccount is asynchronous as on AWS: the request is IN_PROGRESS for createAccountMs, then
 * settleCreateAccounts applies the outcome decided here (so it survives restarts of any process).
 */
export function createAccount(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const email = requiredString(input, 'Email', {
    min: 6,
    max: 64,
    pattern: EMAIL,
    patternReason: 'INVALID_EMAIL_ADDRESS_TARGET',
  });
  const accountName = requiredString(input, 'AccountName', { min: 1, max: 50, pattern: ACCOUNT_NAME });
  const roleName = optionalString(input, 'RoleName', { pattern: ROLE_NAME }) ?? DEFAULT_ROLE_NAME;
  if (roleName.startsWith('AWSServiceRoleFor')) throw invalidInput('INVALID_ROLE_NAME');
  const iamUserAccessToBilling = optionalEnum(input, 'IamUserAccessToBilling', ['ALLOW', 'DENY'] as const) ?? 'ALLOW';
  const tags = tagList(input, 'Tags', false);
  const now = ctx.now();
  const request: CreateAccountRequestRecord = {
    Id: uniqueId(
      () => `car-${randomHex(32)}`,
      (id) => orgState.createAccountRequests[id] !== undefined,
    ),
    AccountName: accountName,
    Email: email,
    RoleName: roleName,
    IamUserAccessToBilling: iamUserAccessToBilling,
    Tags: tags,
    RequestedTimestamp: now,
    CompletedTimestamp: now + ctx.options.createAccountMs,
    Sequence: nextSequence(orgState),
    Outcome: decideOutcome(orgState, email, ctx.options.accountLimit),
    Settled: false,
  };
  orgState.createAccountRequests[request.Id] = request;
  return { CreateAccountStatus: createAccountStatusView(request) };
}

export function describeCreateAccountStatus(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const id = requiredString(input, 'CreateAccountRequestId', { pattern: ID_PATTERNS.createAccountRequest });
  const request = orgState.createAccountRequests[id];
  if (!request) throw organizationsError('CreateAccountStatusNotFoundException');
  return { CreateAccountStatus: createAccountStatusView(request) };
}

export function listCreateAccountStatus(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const states = input.States === undefined ? [...CREATE_ACCOUNT_STATES] : requiredStates(input.States);
  const matching = Object.values(orgState.createAccountRequests).filter((request) =>
    states.includes(createAccountStatusView(request).State as (typeof CREATE_ACCOUNT_STATES)[number]),
  );
  const page = paginate(
    matching,
    (request) => creationOrderKey(request.Sequence),
    `ListCreateAccountStatus:${[...states].sort().join(',')}`,
    pageRequest(input),
    invalidNextToken,
  );
  return { CreateAccountStatuses: page.items.map(createAccountStatusView), NextToken: page.nextToken };
}

/** Applies every CreateAccount outcome whose time has come: the account joins the root with its role. */
export function settleCreateAccounts(ctx: SettleContext): boolean {
  const orgState = organizationsState(ctx.state);
  const org = orgState.organization;
  if (!org) return false;
  let changed = false;
  const now = ctx.now();
  // Runs before every request: find what is due on the plain data (cheap), change it through the state.
  const requests = orgState.createAccountRequests;
  for (const [id, pending] of Object.entries(unwrapState(requests))) {
    if (pending.Settled || now < pending.CompletedTimestamp) continue;
    const request = requests[id] as CreateAccountRequestRecord;
    request.Settled = true;
    changed = true;
    if (request.Outcome.State !== 'SUCCEEDED') continue;
    const accountId = request.Outcome.AccountId;
    orgState.accounts[accountId] = {
      Id: accountId,
      Arn: accountArn(org, accountId),
      Email: request.Email,
      Name: request.AccountName,
      ParentId: org.RootId,
      JoinedMethod: 'CREATED',
      JoinedTimestamp: request.CompletedTimestamp,
      Sequence: nextSequence(orgState),
    };
    if (request.Tags.length > 0) orgState.tags[accountId] = [...request.Tags];
    attachDefaultScp(orgState, accountId);
    putRole(ctx.state, accountId, {
      RoleName: request.RoleName,
      RoleId: `AROA${randomUppercaseAlphanumeric(17)}`,
      Arn: `arn:aws:iam::${accountId}:role/${request.RoleName}`,
      Path: '/',
      CreateDate: new Date(request.CompletedTimestamp).toISOString(),
      AssumeRolePolicyDocument: trustAccountPolicy(org.MasterAccountId),
      MaxSessionDuration: 3600,
      AttachedPolicies: [
        { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      ],
    });
  }
  return changed;
}

/** Decided up front from the accounts that exist or will exist once pending requests finish. */
function decideOutcome(orgState: OrganizationsState, email: string, accountLimit: number): CreateAccountOutcome {
  const pending = Object.values(orgState.createAccountRequests).flatMap((request) =>
    !request.Settled && request.Outcome.State === 'SUCCEEDED'
      ? [{ accountId: request.Outcome.AccountId, email: request.Email }]
      : [],
  );
  const emails = [
    ...Object.values(orgState.accounts).map((account) => account.Email),
    ...pending.map((entry) => entry.email),
  ];
  if (emails.some((existing) => existing.toLowerCase() === email.toLowerCase())) {
    return { State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' };
  }
  if (Object.keys(orgState.accounts).length + pending.length >= accountLimit) {
    return { State: 'FAILED', FailureReason: 'ACCOUNT_LIMIT_EXCEEDED' };
  }
  const taken = new Set([...Object.keys(orgState.accounts), ...pending.map((entry) => entry.accountId)]);
  return {
    State: 'SUCCEEDED',
    AccountId: uniqueId(
      () => randomDigits(12),
      (id) => taken.has(id),
    ),
  };
}

function requiredStates(value: unknown): Array<(typeof CREATE_ACCOUNT_STATES)[number]> {
  const list = value === '' ? [] : value;
  if (!Array.isArray(list)) throw invalidInput('INVALID_ENUM');
  return list.map((state) => {
    if (!(CREATE_ACCOUNT_STATES as readonly unknown[]).includes(state)) throw invalidInput('INVALID_ENUM');
    return state as (typeof CREATE_ACCOUNT_STATES)[number];
  });
}
