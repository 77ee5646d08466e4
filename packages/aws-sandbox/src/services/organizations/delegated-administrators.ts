import { paginate } from '../../pagination.js';
import type { SandboxState } from '../../state.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { callerOrganization, managementOrganization } from './access.js';
import { constraintViolation, organizationsError } from './errors.js';
import { invalidNextToken, optionalString, pageRequest, requiredString } from './inputs.js';
import { ID_PATTERNS, organizationsState, type OrganizationsState } from './model.js';
import { isServiceAccessEnabled } from './service-access.js';
import { accountView } from './views.js';

const SERVICE_PRINCIPAL = /^[\w+=,.@-]*$/;

/** Delegated administrators live next to the organization's other records: service principal -> account -> since. */
interface DelegationState {
  delegatedAdministrators?: Record<string, Record<string, { since: number }>>;
}

function delegations(orgState: OrganizationsState): Record<string, Record<string, { since: number }>> {
  return ((orgState as OrganizationsState & DelegationState).delegatedAdministrators ??= {});
}

/** Whether an account is a registered delegated administrator for a service principal. */
export function isDelegatedAdministrator(state: SandboxState, accountId: string, servicePrincipal: string): boolean {
  return delegations(organizationsState(state))[servicePrincipal]?.[accountId] !== undefined;
}

/** What a service does when it registers its own administrator (e.g. Security Hub's EnableOrganizationAdminAccount). */
export function registerDelegatedAdministrator(
  state: SandboxState,
  accountId: string,
  servicePrincipal: string,
  now: number,
): void {
  (delegations(organizationsState(state))[servicePrincipal] ??= {})[accountId] ??= { since: now };
}

/**
 * Only the management account registers a member account (never itself, never a suspended account) for a
 * service whose trusted access is enabled (ConstraintViolationException SERVICE_ACCESS_NOT_ENABLED otherwise).
 */
export function registerDelegatedAdministratorOperation(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState, org } = managementOrganization(ctx);
  const accountId = requiredString(input, 'AccountId', { max: 12, pattern: ID_PATTERNS.account });
  const principal = requiredString(input, 'ServicePrincipal', { min: 1, max: 128, pattern: SERVICE_PRINCIPAL });
  if (accountId === org.MasterAccountId) throw constraintViolation('CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR');
  const account = orgState.accounts[accountId];
  if (!account) throw organizationsError('AccountNotFoundException');
  if ((account.State ?? 'ACTIVE') !== 'ACTIVE')
    throw constraintViolation('CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR');
  if (!isServiceAccessEnabled(ctx.state, principal)) throw constraintViolation('SERVICE_ACCESS_NOT_ENABLED');
  if (isDelegatedAdministrator(ctx.state, accountId, principal))
    throw organizationsError('AccountAlreadyRegisteredException');
  registerDelegatedAdministrator(ctx.state, accountId, principal, ctx.now());
  return undefined;
}

export function deregisterDelegatedAdministrator(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const accountId = requiredString(input, 'AccountId', { max: 12, pattern: ID_PATTERNS.account });
  const principal = requiredString(input, 'ServicePrincipal', { min: 1, max: 128, pattern: SERVICE_PRINCIPAL });
  if (!orgState.accounts[accountId]) throw organizationsError('AccountNotFoundException');
  const registered = delegations(orgState)[principal];
  if (!registered?.[accountId]) throw organizationsError('AccountNotRegisteredException');
  delete registered[accountId];
  return undefined;
}

/** The management account, or a delegated administrator of any service, may list them (AWS's rule). */
function requireListingAccess(ctx: HandlerContext): OrganizationsState {
  const { orgState, org } = callerOrganization(ctx);
  const caller = ctx.caller.accountId;
  const delegated = Object.values(delegations(orgState)).some((accounts) => accounts[caller] !== undefined);
  if (caller !== org.MasterAccountId && !delegated) throw organizationsError('AccessDeniedException');
  return orgState;
}

export function listDelegatedAdministrators(input: OperationInput, ctx: HandlerContext): unknown {
  const orgState = requireListingAccess(ctx);
  const principal = optionalString(input, 'ServicePrincipal', { min: 1, max: 128, pattern: SERVICE_PRINCIPAL });
  const entries = new Map<string, number>();
  for (const [service, accounts] of Object.entries(delegations(orgState))) {
    if (principal !== undefined && service !== principal) continue;
    for (const [accountId, { since }] of Object.entries(accounts))
      entries.set(accountId, Math.min(since, entries.get(accountId) ?? since));
  }
  const administrators = [...entries].flatMap(([accountId, since]) => {
    const account = orgState.accounts[accountId];
    return account ? [{ ...accountView(account), DelegationEnabledDate: new Date(since) }] : [];
  });
  const page = paginate(
    administrators,
    (entry) => entry.Id,
    'ListDelegatedAdministrators',
    pageRequest(input),
    invalidNextToken,
  );
  return { DelegatedAdministrators: page.items, NextToken: page.nextToken };
}

export function listDelegatedServicesForAccount(input: OperationInput, ctx: HandlerContext): unknown {
  const orgState = requireListingAccess(ctx);
  const accountId = requiredString(input, 'AccountId', { max: 12, pattern: ID_PATTERNS.account });
  if (!orgState.accounts[accountId]) throw organizationsError('AccountNotFoundException');
  const services = Object.entries(delegations(orgState)).flatMap(([ServicePrincipal, accounts]) => {
    const entry = accounts[accountId];
    return entry ? [{ ServicePrincipal, DelegationEnabledDate: new Date(entry.since) }] : [];
  });
  if (services.length === 0) throw organizationsError('AccountNotRegisteredException');
  const page = paginate(
    services,
    (entry) => entry.ServicePrincipal,
    'ListDelegatedServicesForAccount',
    pageRequest(input),
    invalidNextToken,
  );
  return { DelegatedServices: page.items, NextToken: page.nextToken };
}
