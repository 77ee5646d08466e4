import type { SandboxState } from '../../state.js';
import { containerChain, organizationsState } from '../organizations/model.js';
import { ramState, type ResourceShareRecord } from './model.js';

const ORGANIZATION_ARN = /^arn:aws:organizations::(\d{12}):organization\/(o-[a-z0-9]{10,32})$/;
const OU_ARN = /^arn:aws:organizations::(\d{12}):ou\/(o-[a-z0-9]{10,32})\/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

export type PrincipalKind = 'account' | 'organization' | 'organizational-unit';

/** What a principal string names, or undefined when it is malformed (RAM: "Principal ID … is malformed"). */
export function principalKind(principal: string): PrincipalKind | undefined {
  if (/^\d{12}$/.test(principal)) return 'account';
  if (ORGANIZATION_ARN.test(principal)) return 'organization';
  if (OU_ARN.test(principal)) return 'organizational-unit';
  return undefined;
}

/** Whether the organization or OU ARN names a part of the sandbox's organization (and which id). */
export function organizationPrincipalExists(state: SandboxState, principal: string): boolean {
  const orgState = organizationsState(state);
  const org = orgState.organization;
  if (!org) return false;
  const orgMatch = ORGANIZATION_ARN.exec(principal);
  if (orgMatch) return orgMatch[2] === org.Id && orgMatch[1] === org.MasterAccountId;
  const ouMatch = OU_ARN.exec(principal);
  return ouMatch !== null && ouMatch[2] === org.Id && orgState.organizationalUnits[ouMatch[3] as string] !== undefined;
}

/** Whether an account is the principal, in the organization principal, or under the OU principal. */
export function principalCovers(state: SandboxState, principal: string, accountId: string): boolean {
  if (principal === accountId) return true;
  const orgState = organizationsState(state);
  const org = orgState.organization;
  if (!org) return false;
  const member = orgState.accounts[accountId];
  const inOrganization = member !== undefined || org.MasterAccountId === accountId;
  const orgMatch = ORGANIZATION_ARN.exec(principal);
  if (orgMatch) return inOrganization && orgMatch[2] === org.Id;
  const ouMatch = OU_ARN.exec(principal);
  if (!ouMatch || !member || ouMatch[2] !== org.Id) return false;
  return containerChain(orgState, member.ParentId).includes(ouMatch[3] as string);
}

/** Active shares of other accounts whose associated principals include the account. */
export function sharesReceivedBy(state: SandboxState, accountId: string): ResourceShareRecord[] {
  return Object.values(ramState(state).shares).filter(
    (share) =>
      share.status === 'ACTIVE' &&
      share.owningAccountId !== accountId &&
      Object.values(share.principals).some(
        (principal) => principal.status === 'ASSOCIATED' && principalCovers(state, principal.id, accountId),
      ),
  );
}

/** Whether another account's resource is shared with the account through AWS RAM. */
export function isSharedWith(state: SandboxState, resourceArn: string, accountId: string): boolean {
  return sharesReceivedBy(state, accountId).some((share) => share.resources[resourceArn]?.status === 'ASSOCIATED');
}

/** Whether the owner shares the resource with anyone (Route 53 Resolver's SHARED_BY_ME). */
export function isSharedByOwner(state: SandboxState, resourceArn: string): boolean {
  return Object.values(ramState(state).shares).some(
    (share) =>
      share.status === 'ACTIVE' &&
      share.resources[resourceArn]?.status === 'ASSOCIATED' &&
      Object.values(share.principals).some((principal) => principal.status === 'ASSOCIATED'),
  );
}
