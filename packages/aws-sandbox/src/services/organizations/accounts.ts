import { creationOrderKey, paginate } from '../../pagination.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { managementOrganization } from './access.js';
import { organizationsError } from './errors.js';
import { invalidNextToken, pageRequest, requiredString } from './inputs.js';
import { containerExists, ID_PATTERNS, type AccountRecord } from './model.js';
import { requiredParent } from './units.js';
import { accountView } from './views.js';

const byJoinOrder = (account: AccountRecord) => creationOrderKey(account.Sequence);

export function describeAccount(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const accountId = requiredString(input, 'AccountId', { pattern: ID_PATTERNS.account });
  const account = orgState.accounts[accountId];
  if (!account) throw organizationsError('AccountNotFoundException');
  return { Account: accountView(account) };
}

export function listAccounts(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const page = paginate(
    Object.values(orgState.accounts),
    byJoinOrder,
    'ListAccounts',
    pageRequest(input),
    invalidNextToken,
  );
  return { Accounts: page.items.map(accountView), NextToken: page.nextToken };
}

export function listAccountsForParent(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const parentId = requiredParent(input, orgState);
  const page = paginate(
    Object.values(orgState.accounts).filter((account) => account.ParentId === parentId),
    byJoinOrder,
    `ListAccountsForParent:${parentId}`,
    pageRequest(input),
    invalidNextToken,
  );
  return { Accounts: page.items.map(accountView), NextToken: page.nextToken };
}

export function moveAccount(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const accountId = requiredString(input, 'AccountId', { pattern: ID_PATTERNS.account });
  const sourceParentId = requiredString(input, 'SourceParentId', { pattern: ID_PATTERNS.parent });
  const destinationParentId = requiredString(input, 'DestinationParentId', { pattern: ID_PATTERNS.parent });
  const account = orgState.accounts[accountId];
  if (!account) throw organizationsError('AccountNotFoundException');
  if (!containerExists(orgState, sourceParentId)) throw organizationsError('SourceParentNotFoundException');
  if (!containerExists(orgState, destinationParentId)) throw organizationsError('DestinationParentNotFoundException');
  if (account.ParentId === destinationParentId) throw organizationsError('DuplicateAccountException');
  if (account.ParentId !== sourceParentId) throw organizationsError('AccountNotFoundException');
  account.ParentId = destinationParentId;
  return undefined;
}
