import { randomHex, uniqueId } from '../../ids.js';
import { SandboxServiceError } from '../../errors.js';
import { paginate, type Page } from '../../pagination.js';
import { serviceState, type SandboxState } from '../../state.js';
import type { HandlerContext, OperationInput } from '../../types.js';

/** The Route 53 Resolver slice of the sandbox state: per account, per region. */
export interface ResolverState {
  accounts: Record<string, Record<string, ResolverRegion>>;
}

export interface ResolverRegion {
  endpoints: Record<string, ResolverEndpoint>;
  rules: Record<string, ResolverRule>;
  associations: Record<string, ResolverRuleAssociation>;
}

export type ResolverIpStatus =
  | 'CREATING'
  | 'FAILED_CREATION'
  | 'ATTACHING'
  | 'ATTACHED'
  | 'REMAP_DETACHING'
  | 'REMAP_ATTACHING'
  | 'DETACHING'
  | 'FAILED_RESOURCE_GONE'
  | 'DELETING'
  | 'DELETE_FAILED_FAS_EXPIRED'
  | 'UPDATING'
  | 'UPDATE_FAILED';

export interface ResolverIpAddress {
  ipId: string;
  subnetId: string;
  ip: string;
  status: ResolverIpStatus;
  statusMessage: string;
  createdAt: number;
  modifiedAt: number;
}

export interface ResolverEndpoint {
  id: string;
  creatorRequestId: string;
  name: string;
  securityGroupIds: string[];
  direction: 'INBOUND' | 'OUTBOUND';
  hostVpcId: string;
  status: 'CREATING' | 'OPERATIONAL' | 'UPDATING' | 'AUTO_RECOVERING' | 'ACTION_NEEDED' | 'DELETING';
  statusMessage: string;
  ipAddresses: ResolverIpAddress[];
  createdAt: number;
  modifiedAt: number;
}

export interface ResolverRule {
  id: string;
  creatorRequestId: string;
  domainName: string;
  status: 'COMPLETE' | 'DELETING' | 'UPDATING' | 'FAILED';
  statusMessage: string;
  ruleType: 'FORWARD' | 'SYSTEM' | 'RECURSIVE';
  name: string;
  targetIps: Array<{ ip: string; port: number }>;
  resolverEndpointId?: string;
  ownerId: string;
  createdAt: number;
  modifiedAt: number;
}

export interface ResolverRuleAssociation {
  id: string;
  resolverRuleId: string;
  name: string;
  vpcId: string;
  status: 'CREATING' | 'COMPLETE' | 'DELETING' | 'FAILED' | 'OVERRIDDEN';
  statusMessage: string;
}

export function resolverRegionOf(state: SandboxState, accountId: string, region: string): ResolverRegion {
  const accounts = serviceState<ResolverState>(state, 'route53resolver', () => ({ accounts: {} })).accounts;
  const regions = (accounts[accountId] ??= {});
  return (regions[region] ??= { endpoints: {}, rules: {}, associations: {} });
}

export function callerResolver(ctx: Pick<HandlerContext, 'state' | 'caller' | 'region'>): ResolverRegion {
  return resolverRegionOf(ctx.state, ctx.caller.accountId, ctx.region);
}

/** Resolver ids: rslvr-in-/rslvr-out-/rslvr-rr-/rslvr-rrassoc-/rni- and 17 hex digits. */
export function newResolverId(prefix: string, taken: (id: string) => boolean): string {
  return uniqueId(() => `${prefix}-${randomHex(17)}`, taken);
}

export function resolverArn(
  region: string,
  accountId: string,
  kind: 'resolver-endpoint' | 'resolver-rule',
  id: string,
): string {
  return `arn:aws:route53resolver:${region}:${accountId}:${kind}/${id}`;
}

export function invalidParameter(message: string, fieldName?: string): SandboxServiceError {
  return new SandboxServiceError('InvalidParameterException', message, {
    extra: fieldName ? { FieldName: fieldName } : {},
  });
}

/** MaxResults 1..100 (default 100) and NextToken, with Resolver's errors. */
export function resolverPage<T>(
  input: OperationInput,
  items: readonly T[],
  idOf: (item: T) => string,
  listing: string,
): Page<T> & { maxResults: number } {
  const maxResults = input.MaxResults === undefined ? 100 : Number(input.MaxResults);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw new SandboxServiceError(
      'ValidationException',
      `1 validation error detected: Value '${String(input.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100`,
    );
  }
  const nextToken = input.NextToken === undefined ? undefined : String(input.NextToken);
  const page = paginate(
    items,
    idOf,
    listing,
    { maxResults, nextToken },
    () =>
      new SandboxServiceError(
        'InvalidNextTokenException',
        'The value that you specified for NextToken in a List request is not valid.',
      ),
  );
  return { ...page, maxResults };
}

/** Resolver's Filters: every filter must match one of its values; unknown names are an InvalidParameterException. */
export function matchesResolverFilters(
  input: OperationInput,
  fields: Record<string, string | string[] | undefined>,
): boolean {
  const filters = (input.Filters as Array<{ Name?: string; Values?: string[] }> | undefined) ?? [];
  // "Uppercase values for Name are still supported" (CREATOR_REQUEST_ID for CreatorRequestId, TYPE for Type).
  const byLegacyName = new Map(
    Object.keys(fields).map((field) => [field.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), field]),
  );
  return filters.every((filter) => {
    const given = String(filter.Name ?? '');
    const name = given in fields ? given : (byLegacyName.get(given) ?? given);
    if (!(name in fields)) throw invalidParameter(`The filter '${given}' is not valid.`, 'Filters');
    const value = fields[name];
    const candidates = value === undefined ? [] : Array.isArray(value) ? value : [value];
    return (filter.Values ?? []).some((wanted) => candidates.includes(String(wanted)));
  });
}

export const isoTime = (epochMs: number): string => new Date(epochMs).toISOString();
