import { SandboxServiceError } from '../../errors.js';
import { serviceState, type SandboxState } from '../../state.js';
import type { HandlerContext } from '../../types.js';

/** Security Hub CSPM enabled in an account and Region (DescribeHub). */
export interface HubRecord {
  subscribedAt: number;
  autoEnableControls: boolean;
  controlFindingGenerator: 'SECURITY_CONTROL' | 'STANDARD_CONTROL';
}

/** The organization's configuration as its delegated administrator set it, per Region. */
export interface OrganizationConfigRecord {
  autoEnable: boolean;
  autoEnableStandards: 'NONE' | 'DEFAULT';
  configurationType: 'LOCAL' | 'CENTRAL';
  /** When AutoEnable was last turned on: accounts that join the organization later are enabled. */
  autoEnableSince?: number;
}

/** A member account as its administrator sees it (ListMembers, GetMembers). */
export interface MemberRecord {
  accountId: string;
  email?: string;
  /** Created, Invited, Enabled, Removed, Resigned, Deleted, AccountSuspended, as Security Hub words it. */
  memberStatus: string;
  invitedAt?: number;
  updatedAt: number;
}

/** A cross-Region aggregator: its home Region and the Regions linked to it. */
export interface FindingAggregatorRecord {
  id: string;
  region: string;
  regionLinkingMode: 'ALL_REGIONS' | 'ALL_REGIONS_EXCEPT_SPECIFIED' | 'SPECIFIED_REGIONS' | 'NO_REGIONS';
  regions: string[];
}

/** A central configuration policy of the delegated administrator (the SecurityHub part of its Policy). */
export interface ConfigurationPolicyRecord {
  id: string;
  ownerAccountId: string;
  homeRegion: string;
  name: string;
  description?: string;
  serviceEnabled: boolean;
  /** Standards ARNs as given (home-Region ARNs; applied in every linked Region). */
  enabledStandardIdentifiers: string[];
  /** The SecurityControlsConfiguration member, kept as given. */
  securityControlsConfiguration?: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

/** SELF_MANAGED_SECURITY_HUB or a configuration policy id, directly applied to a root, OU or account. */
export interface AssociationRecord {
  targetId: string;
  targetType: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
  configurationId: string;
  updatedAt: number;
}

/** A finding as imported (AwsSecurityFinding members, wire names), plus when Security Hub processed it. */
export type StoredFinding = Record<string, unknown> & { Id: string; ProductArn: string; AwsAccountId: string };

/** state.services.securityhub; keys `${accountId}/${region}` unless said otherwise. */
export interface SecurityHubState {
  hubs: Record<string, HubRecord>;
  /** The delegated administrator by Region. */
  admins: Record<string, { accountId: string }>;
  /** Keyed `${administrator}/${region}`. */
  organizationConfigs: Record<string, OrganizationConfigRecord>;
  /** Keyed `${administrator}/${region}`, then by member account id. */
  members: Record<string, Record<string, MemberRecord>>;
  /** Enabled standards by standard id (e.g. aws-foundational-security-best-practices/v/1.0.0) with when. */
  subscriptions: Record<string, Record<string, { since: number }>>;
  /** One finding aggregator per account. */
  aggregators: Record<string, FindingAggregatorRecord>;
  policies: Record<string, ConfigurationPolicyRecord>;
  /** Directly applied associations, by target id (root, OU or account). */
  associations: Record<string, AssociationRecord>;
  /** What central configuration last applied to an account: `${configurationId}@${updatedAt}`. */
  applied: Record<string, string>;
  /** Keyed `${accountId}/${region}`, then by finding id and product ARN. */
  findings: Record<string, Record<string, StoredFinding>>;
}

export function securityHubState(state: SandboxState): SecurityHubState {
  return serviceState<SecurityHubState>(state, 'securityhub', () => ({
    hubs: {},
    admins: {},
    organizationConfigs: {},
    members: {},
    subscriptions: {},
    aggregators: {},
    policies: {},
    associations: {},
    applied: {},
    findings: {},
  }));
}

export const where = (accountId: string, region: string): string => `${accountId}/${region}`;

/** Security Hub's modeled errors and their HTTP statuses (the service model's httpError traits). */
const STATUS = {
  InvalidInputException: 400,
  InvalidAccessException: 401,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ResourceConflictException: 409,
  LimitExceededException: 429,
  InternalException: 500,
} as const;

export type SecurityHubErrorCode = keyof typeof STATUS;

export function securityHubError(code: SecurityHubErrorCode, message: string): SandboxServiceError {
  return new SandboxServiceError(code, message, { status: STATUS[code], extra: { Code: code, Message: message } });
}

export function hubOf(state: SandboxState, accountId: string, region: string): HubRecord | undefined {
  return securityHubState(state).hubs[where(accountId, region)];
}

/** The caller's hub in the request's Region, or Security Hub's answer to an account that is not subscribed. */
export function requireHub(ctx: HandlerContext): HubRecord {
  const hub = hubOf(ctx.state, ctx.caller.accountId, ctx.region);
  if (!hub)
    throw securityHubError(
      'InvalidAccessException',
      `Account ${ctx.caller.accountId} is not subscribed to AWS Security Hub`,
    );
  return hub;
}

export function hubArn(accountId: string, region: string): string {
  return `arn:aws:securityhub:${region}:${accountId}:hub/default`;
}

/** Turns Security Hub on in an account and Region (what EnableSecurityHub and an administrator's CreateMembers do). */
export function enableHub(
  state: SandboxState,
  accountId: string,
  region: string,
  now: number,
  controlFindingGenerator: HubRecord['controlFindingGenerator'] = 'SECURITY_CONTROL',
): HubRecord {
  const hubs = securityHubState(state).hubs;
  return (hubs[where(accountId, region)] ??= { subscribedAt: now, autoEnableControls: true, controlFindingGenerator });
}

export function subscriptionsOf(
  state: SandboxState,
  accountId: string,
  region: string,
): Record<string, { since: number }> {
  return (securityHubState(state).subscriptions[where(accountId, region)] ??= {});
}

export function membersOf(state: SandboxState, administrator: string, region: string): Record<string, MemberRecord> {
  return (securityHubState(state).members[where(administrator, region)] ??= {});
}

/** The delegated administrator in a Region, if the management account designated one. */
export function administratorIn(state: SandboxState, region: string): string | undefined {
  return securityHubState(state).admins[region]?.accountId;
}

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** A list of account ids from an input member, with Security Hub's answer to a missing one. */
export function accountIdList(value: unknown, member: string): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw securityHubError('InvalidInputException', `Invalid parameter '${member}': the list must not be empty.`);
  return value.map(String);
}

/** MaxResults within the model's bounds (1..max), else InvalidInputException. */
export function maxResultsOf(value: unknown, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max)
    throw securityHubError('InvalidInputException', `Invalid parameter 'MaxResults': must be between 1 and ${max}.`);
  return number;
}
