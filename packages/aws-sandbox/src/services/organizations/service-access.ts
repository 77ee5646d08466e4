import { paginate } from '../../pagination.js';
import type { SandboxState } from '../../state.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { managementOrganization } from './access.js';
import { invalidNextToken, pageRequest, requiredString } from './inputs.js';
import { organizationsState, type OrganizationsState } from './model.js';

const SERVICE_PRINCIPAL = /^[\w+=,.@-]*$/;

/** Trusted access (EnableAWSServiceAccess) lives next to the organization's other records. */
interface ServiceAccessState {
  enabledServicePrincipals?: Record<string, { DateEnabled: number }>;
}

function enabledPrincipals(orgState: OrganizationsState): Record<string, { DateEnabled: number }> {
  return ((orgState as OrganizationsState & ServiceAccessState).enabledServicePrincipals ??= {});
}

/** The organization an account belongs to (as management or member account), if any. */
export function organizationOf(
  state: SandboxState,
  accountId: string,
): { id: string; managementAccountId: string; featureSet: string } | undefined {
  const orgState = organizationsState(state);
  const org = orgState.organization;
  if (!org || (org.MasterAccountId !== accountId && !orgState.accounts[accountId])) return undefined;
  return { id: org.Id, managementAccountId: org.MasterAccountId, featureSet: org.FeatureSet };
}

export function isServiceAccessEnabled(state: SandboxState, servicePrincipal: string): boolean {
  return enabledPrincipals(organizationsState(state))[servicePrincipal] !== undefined;
}

/** What a service does when it turns on its own trusted access (e.g. GuardDuty's EnableOrganizationAdminAccount). */
export function enableServiceAccess(state: SandboxState, servicePrincipal: string, now: number): void {
  enabledPrincipals(organizationsState(state))[servicePrincipal] ??= { DateEnabled: now };
}

export function enableAwsServiceAccess(input: OperationInput, ctx: HandlerContext): unknown {
  managementOrganization(ctx);
  const principal = requiredString(input, 'ServicePrincipal', { min: 1, max: 128, pattern: SERVICE_PRINCIPAL });
  enableServiceAccess(ctx.state, principal, ctx.now());
  return undefined;
}

export function disableAwsServiceAccess(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const principal = requiredString(input, 'ServicePrincipal', { min: 1, max: 128, pattern: SERVICE_PRINCIPAL });
  delete enabledPrincipals(orgState)[principal];
  return undefined;
}

export function listAwsServiceAccessForOrganization(input: OperationInput, ctx: HandlerContext): unknown {
  const { orgState } = managementOrganization(ctx);
  const entries = Object.entries(enabledPrincipals(orgState)).map(([ServicePrincipal, { DateEnabled }]) => ({
    ServicePrincipal,
    DateEnabled: new Date(DateEnabled),
  }));
  const page = paginate(
    entries,
    (entry) => entry.ServicePrincipal,
    'ListAWSServiceAccessForOrganization',
    pageRequest(input),
    invalidNextToken,
  );
  return { EnabledServicePrincipals: page.items, NextToken: page.nextToken };
}
