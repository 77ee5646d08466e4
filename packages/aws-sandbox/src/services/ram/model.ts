import { randomUUID } from 'node:crypto';
import { SandboxServiceError } from '../../errors.js';
import type { ResourceShare, ResourceShareAssociation } from '@aws-sdk/client-ram';
import { serviceState, type SandboxState } from '../../state.js';

/** One principal of a share: an account id, or an organization / OU ARN. */
export interface SharePrincipal {
  id: string;
  /** ASSOCIATING while an invitation waits (principals outside the organization), else ASSOCIATED / DISASSOCIATED. */
  status: 'ASSOCIATING' | 'ASSOCIATED' | 'DISASSOCIATED';
  external: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface ShareResource {
  arn: string;
  /** RAM's resource type, e.g. ec2:TransitGateway. */
  type: string;
  status: 'ASSOCIATED' | 'DISASSOCIATED';
  createdAt: number;
  updatedAt: number;
}

/** An invitation to an account outside the organization (or before sharing with the organization is enabled). */
export interface ShareInvitation {
  arn: string;
  receiverAccountId: string;
  status: 'PENDING' | 'ACCEPTED' | 'REJECTED';
  createdAt: number;
}

export interface ResourceShareRecord {
  arn: string;
  name: string;
  owningAccountId: string;
  region: string;
  allowExternalPrincipals: boolean;
  status: 'ACTIVE' | 'DELETED';
  tags: Array<{ key: string; value: string }>;
  createdAt: number;
  updatedAt: number;
  resources: Record<string, ShareResource>;
  principals: Record<string, SharePrincipal>;
  invitations: Record<string, ShareInvitation>;
  /** clientToken -> the request it answered (idempotency). */
  clientTokens: Record<string, string>;
}

/** state.services.ram: every share of every account, by ARN. */
export interface RamState {
  shares: Record<string, ResourceShareRecord>;
}

export function ramState(state: SandboxState): RamState {
  return serviceState<RamState>(state, 'ram', () => ({ shares: {} }));
}

export function newShareArn(region: string, accountId: string): string {
  return `arn:aws:ram:${region}:${accountId}:resource-share/${randomUUID()}`;
}

export function newInvitationArn(region: string, accountId: string): string {
  return `arn:aws:ram:${region}:${accountId}:resource-share-invitation/${randomUUID()}`;
}

/** RAM's errors (restJson1: the shape name in X-Amzn-ErrorType, HTTP 400 as the model says). */
export function ramError(code: string, message: string): SandboxServiceError {
  return new SandboxServiceError(code, message, { status: 400 });
}

export function unknownShare(arn: string): SandboxServiceError {
  return ramError('UnknownResourceException', `ResourceShare ${arn} could not be found.`);
}

export function shareView(share: ResourceShareRecord): ResourceShare {
  return {
    resourceShareArn: share.arn,
    name: share.name,
    owningAccountId: share.owningAccountId,
    allowExternalPrincipals: share.allowExternalPrincipals,
    status: share.status,
    tags: share.tags,
    creationTime: new Date(share.createdAt),
    lastUpdatedTime: new Date(share.updatedAt),
    featureSet: 'STANDARD' as const,
  };
}

export function principalAssociationView(
  share: ResourceShareRecord,
  principal: SharePrincipal,
): ResourceShareAssociation {
  return {
    resourceShareArn: share.arn,
    resourceShareName: share.name,
    associatedEntity: principal.id,
    associationType: 'PRINCIPAL' as const,
    status: principal.status,
    creationTime: new Date(principal.createdAt),
    lastUpdatedTime: new Date(principal.updatedAt),
    external: principal.external,
  };
}

export function resourceAssociationView(share: ResourceShareRecord, resource: ShareResource): ResourceShareAssociation {
  return {
    resourceShareArn: share.arn,
    resourceShareName: share.name,
    associatedEntity: resource.arn,
    associationType: 'RESOURCE' as const,
    status: resource.status,
    creationTime: new Date(resource.createdAt),
    lastUpdatedTime: new Date(resource.updatedAt),
    external: false,
  };
}
