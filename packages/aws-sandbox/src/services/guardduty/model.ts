import { SandboxServiceError } from '../../errors.js';
import { randomHex, uniqueId } from '../../ids.js';
import { serviceState, unwrapState, type SandboxState } from '../../state.js';
import type { HandlerContext } from '../../types.js';
import { ensureServiceLinkedRole } from '../iam/service-linked-roles.js';

export interface DetectorRecord {
  detectorId: string;
  accountId: string;
  region: string;
  status: 'ENABLED' | 'DISABLED';
  findingPublishingFrequency: string;
  createdAt: number;
  updatedAt: number;
  tags: Record<string, string>;
  /** Optional protection plans switched by CreateDetector/UpdateDetector `features` (absent: DISABLED). */
  features?: Record<string, 'ENABLED' | 'DISABLED'>;
}

/** A member account as its administrator sees it (GetMembers). */
export interface MemberRecord {
  accountId: string;
  email: string;
  /** Enabled, Created, Invited, Disabled, Removed, ... as GuardDuty words it. */
  relationshipStatus: string;
  invitedAt?: number;
  updatedAt: number;
}

/** state.services.guardduty: detectors by id, the organization's delegated administrator per region, members per administrator. */
export interface GuardDutyState {
  detectors: Record<string, DetectorRecord>;
  organizationAdmins: Record<string, { adminAccountId: string; adminStatus: 'ENABLED' | 'DISABLE_IN_PROGRESS' }>;
  /** members[`${administratorAccountId}/${region}`][memberAccountId] */
  members: Record<string, Record<string, MemberRecord>>;
  /** Findings by detector id, then finding id: the Finding structure under its wire (camelCase) names. */
  findings?: Record<string, Record<string, GuardDutyFinding>>;
}

/** A GuardDuty finding as the API returns it (accountId, id, severity, type, service.archived, ...). */
export type GuardDutyFinding = Record<string, unknown> & {
  accountId: string;
  arn: string;
  createdAt: string;
  title: string;
  description: string;
  id: string;
  region: string;
  severity: number;
  type: string;
  updatedAt: string;
  service: Record<string, unknown> & { archived: boolean; detectorId: string };
};

export function guardDutyState(state: SandboxState): GuardDutyState {
  return serviceState<GuardDutyState>(state, 'guardduty', () => ({
    detectors: {},
    organizationAdmins: {},
    members: {},
  }));
}

export function badRequest(message: string): SandboxServiceError {
  return new SandboxServiceError('BadRequestException', message, { status: 400 });
}

export function detectorOf(state: SandboxState, accountId: string, region: string): DetectorRecord | undefined {
  const detectors = guardDutyState(state).detectors;
  // Every account's detectors are looked through: on the plain data, then the one found through the state.
  const found = Object.values(unwrapState(detectors)).find(
    (detector) => detector.accountId === accountId && detector.region === region,
  );
  return found && detectors[found.detectorId];
}

/** The caller's detector with this id, or GuardDuty's error for a detector it does not own. */
export function ownDetector(ctx: HandlerContext, detectorId: unknown): DetectorRecord {
  const detector = typeof detectorId === 'string' ? guardDutyState(ctx.state).detectors[detectorId] : undefined;
  if (!detector || detector.accountId !== ctx.caller.accountId || detector.region !== ctx.region) {
    throw badRequest('The request is rejected because the input detectorId is not owned by the current account.');
  }
  return detector;
}

/** Creates a detector (and GuardDuty's service-linked role) for an account in a region. */
export function newDetector(
  state: SandboxState,
  fields: {
    accountId: string;
    region: string;
    enabled: boolean;
    now: number;
    frequency?: string;
    tags?: Record<string, string>;
    features?: Record<string, 'ENABLED' | 'DISABLED'>;
  },
): DetectorRecord {
  const detectors = guardDutyState(state).detectors;
  const detector: DetectorRecord = {
    detectorId: uniqueId(
      () => randomHex(32),
      (id) => detectors[id] !== undefined,
    ),
    accountId: fields.accountId,
    region: fields.region,
    status: fields.enabled ? 'ENABLED' : 'DISABLED',
    findingPublishingFrequency: fields.frequency ?? 'SIX_HOURS',
    createdAt: fields.now,
    updatedAt: fields.now,
    tags: fields.tags ?? {},
    features: fields.features ?? {},
  };
  detectors[detector.detectorId] = detector;
  ensureServiceLinkedRole(state, fields.accountId, 'guardduty.amazonaws.com', fields.now);
  return detector;
}

export function membersOf(
  state: SandboxState,
  administratorAccountId: string,
  region: string,
): Record<string, MemberRecord> {
  return (guardDutyState(state).members[`${administratorAccountId}/${region}`] ??= {});
}
