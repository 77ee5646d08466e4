import {
  CreateDetectorCommand,
  CreateMembersCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  StartMonitoringMembersCommand,
  UpdateDetectorCommand,
} from '@aws-sdk/client-guardduty';
import { AwsarchError } from '../core/errors.js';
import type { GuardDutyParams } from './definition.js';
import { isDetectorTwin, prepareGuardDuty, type GuardDutyAdministration } from './guardduty-administrator.js';
import type { AccountTarget, BaselineStep, PlannedChange, StepPlan } from './model.js';
import { clientsFor } from './run-context.js';
import { ERR } from '../core/error-codes.js';

/** What GuardDuty publishes with when a detector is enabled for a member without a frequency. */
const GUARDDUTY_DEFAULT_FREQUENCY = 'SIX_HOURS';

export interface RegionGuardDutyState {
  detectorId?: string;
  status?: string;
  findingPublishingFrequency?: string;
  /** The administrator's view of this account (Enabled, Created, Disabled, Removed, ...), undefined when not a member. */
  relationship?: string;
}

export interface GuardDutyCurrent {
  /** The account is the delegated administrator itself (it cannot be its own member). */
  isAdministrator: boolean;
  regions: Record<string, RegionGuardDutyState>;
}

export interface GuardDutyDesired {
  regions: string[];
  administrator: string;
  findingPublishingFrequency: string;
}

export type GuardDutyChange =
  | (PlannedChange & { action: 'create-member'; region: string })
  | (PlannedChange & { action: 'start-monitoring'; region: string })
  | (PlannedChange & { action: 'create-detector'; region: string })
  | (PlannedChange & { action: 'update-detector'; region: string; detectorId?: string });

async function readRegion(
  target: AccountTarget,
  administration: GuardDutyAdministration,
  region: string,
  isAdministrator: boolean,
): Promise<RegionGuardDutyState> {
  const client = target.aws.client(GuardDutyClient, { region });
  const readDetector = async () => {
    const [detectorId] = (await client.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
    const detector = detectorId ? await client.send(new GetDetectorCommand({ DetectorId: detectorId })) : undefined;
    return { detectorId, detector };
  };
  // Both asked in the same turn for every account, so the administrator's GetMembers calls are batched;
  // awaited together, so a failing GetMembers is this account's error, never an unobserved rejection.
  const [membership, { detectorId, detector }] = await Promise.all([
    isAdministrator ? undefined : administration.members[region]?.load(target.account.id),
    readDetector(),
  ]);
  return {
    detectorId,
    status: detector?.Status,
    findingPublishingFrequency: detector?.FindingPublishingFrequency,
    relationship: membership?.relationshipStatus,
  };
}

/** Reads the account's detector in every region and its membership as the administrator sees it. */
export async function readGuardDuty(
  target: AccountTarget,
  administration: GuardDutyAdministration,
): Promise<GuardDutyCurrent> {
  const isAdministrator = target.account.id === administration.accountId;
  const regions = target.run.baseline.regions;
  const states = await Promise.all(
    regions.map((region) => readRegion(target, administration, region, isAdministrator)),
  );
  return {
    isAdministrator,
    regions: Object.fromEntries(regions.map((region, i) => [region, states[i] as RegionGuardDutyState])),
  };
}

/**
 * Pure: in every region an enabled detector and an Enabled membership with the delegated administrator.
 * An organization account the administrator adds with CreateMembers gets GuardDuty enabled by it.
 */
export function planGuardDuty(current: GuardDutyCurrent, desired: GuardDutyDesired): StepPlan<GuardDutyChange> {
  const changes: GuardDutyChange[] = [];
  const differences: string[] = [];
  for (const region of desired.regions) {
    const state = current.regions[region] ?? {};
    const member = state.relationship === 'Enabled';
    if (
      !current.isAdministrator &&
      (state.relationship === undefined ||
        state.relationship === 'Removed' ||
        state.relationship === 'Created' ||
        state.relationship === 'Invited')
    ) {
      differences.push(
        `${region}: not a member of ${desired.administrator}${state.relationship ? ` (relationship ${state.relationship})` : ''}`,
      );
      changes.push({
        action: 'create-member',
        region,
        description: `add the account as a member of ${desired.administrator} in ${region} (GuardDuty is enabled with it)`,
      });
    } else if (!current.isAdministrator && !member) {
      differences.push(`${region}: membership is ${state.relationship}`);
      changes.push({
        action: 'start-monitoring',
        region,
        description: `resume monitoring by ${desired.administrator} in ${region}`,
      });
    }
    const addedNow = changes.some((change) => change.action === 'create-member' && change.region === region);
    if (!state.detectorId) {
      if (!addedNow) {
        differences.push(`${region}: no detector`);
        changes.push({ action: 'create-detector', region, description: `create an enabled detector in ${region}` });
      } else if (desired.findingPublishingFrequency !== GUARDDUTY_DEFAULT_FREQUENCY) {
        changes.push({
          action: 'update-detector',
          region,
          description: `publish findings every ${desired.findingPublishingFrequency} in ${region}`,
        });
      }
    } else if (state.status !== 'ENABLED' || state.findingPublishingFrequency !== desired.findingPublishingFrequency) {
      const problems = [
        state.status !== 'ENABLED' ? `detector is ${state.status ?? 'unknown'}` : '',
        state.findingPublishingFrequency !== desired.findingPublishingFrequency
          ? `findings published every ${state.findingPublishingFrequency}`
          : '',
      ].filter(Boolean);
      differences.push(`${region}: ${problems.join(', ')}`);
      changes.push({
        action: 'update-detector',
        region,
        detectorId: state.detectorId,
        description: `enable the detector in ${region}, publishing ${desired.findingPublishingFrequency}`,
      });
    }
  }
  if (changes.length === 0)
    return {
      state: 'ok',
      summary: `${current.isAdministrator ? 'administrator' : `member of ${desired.administrator}`} in ${desired.regions.length} region(s)`,
      differences: [],
      changes: [],
    };
  const nothing = desired.regions.every(
    (region) => !current.regions[region]?.detectorId && !current.regions[region]?.relationship,
  );
  return {
    state: nothing ? 'missing' : 'drift',
    summary: nothing ? 'GuardDuty is not enabled' : differences.join('; '),
    differences,
    changes,
  };
}

async function updateDetector(
  target: AccountTarget,
  client: GuardDutyClient,
  detectorId: string | undefined,
  desired: GuardDutyDesired,
): Promise<void> {
  // A detector the administrator just enabled is found by listing.
  const id = detectorId ?? (await client.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
  await client.send(
    new UpdateDetectorCommand({
      DetectorId: id,
      Enable: true,
      FindingPublishingFrequency: desired.findingPublishingFrequency as 'SIX_HOURS',
    }),
  );
}

function checkProcessed(
  result: { UnprocessedAccounts?: Array<{ AccountId?: string; Result?: string }> },
  accountId: string,
  doing: string,
): void {
  const unprocessed = result.UnprocessedAccounts?.find((account) => account.AccountId === accountId);
  if (unprocessed)
    throw new AwsarchError(
      ERR.GUARDDUTY_UNPROCESSED,
      `${doing}: ${unprocessed.Result ?? 'the administrator did not process the account'}`,
    );
}

/** Member changes go through the administrator account; detector changes through the account itself. */
export async function applyGuardDuty(
  target: AccountTarget,
  changes: GuardDutyChange[],
  desired: GuardDutyDesired,
  administration: GuardDutyAdministration,
): Promise<void> {
  const accountId = target.account.id;
  for (const change of changes) {
    const own = target.aws.client(GuardDutyClient, { region: change.region });
    const admin = clientsFor(target.run, administration.accountId).client(GuardDutyClient, { region: change.region });
    const adminDetector = administration.detectors[change.region];
    if ((change.action === 'create-member' || change.action === 'start-monitoring') && !adminDetector) {
      throw new AwsarchError(
        ERR.GUARDDUTY_NO_ADMINISTRATOR,
        `${administration.label} has no GuardDuty detector in ${change.region}`,
      );
    }
    if (change.action === 'create-member') {
      const result = await admin.send(
        new CreateMembersCommand({
          DetectorId: adminDetector,
          AccountDetails: [{ AccountId: accountId, Email: target.account.email || `${accountId}@example.invalid` }],
        }),
      );
      checkProcessed(result, accountId, `Adding ${accountId} as a GuardDuty member in ${change.region}`);
    } else if (change.action === 'start-monitoring') {
      const result = await admin.send(
        new StartMonitoringMembersCommand({ DetectorId: adminDetector, AccountIds: [accountId] }),
      );
      checkProcessed(result, accountId, `Resuming GuardDuty monitoring of ${accountId} in ${change.region}`);
    } else if (change.action === 'create-detector') {
      const created = await own
        .send(
          new CreateDetectorCommand({
            Enable: true,
            FindingPublishingFrequency: desired.findingPublishingFrequency as 'SIX_HOURS',
          }),
        )
        .then(
          () => true,
          (error: unknown) => {
            if (isDetectorTwin(error)) return false;
            throw error;
          },
        );
      // One detector per account and Region: a racing run made it since it was read; make it as wanted.
      if (!created) await updateDetector(target, own, undefined, desired);
    } else {
      await updateDetector(target, own, change.detectorId, desired);
    }
  }
}

/** Step 3: GuardDuty in every region, the account a member of the delegated administrator (no invitations). */
export const guardDutyStep: BaselineStep<
  GuardDutyParams,
  GuardDutyAdministration,
  GuardDutyCurrent,
  GuardDutyDesired,
  GuardDutyChange
> = {
  name: 'guardduty',
  prepare: prepareGuardDuty,
  read: (target, _params, shared) => readGuardDuty(target, shared),
  desire: (target, params, shared) => ({
    regions: target.run.baseline.regions,
    administrator: shared.label,
    findingPublishingFrequency: params.findingPublishingFrequency,
  }),
  plan: planGuardDuty,
  apply: (target, changes, desired, shared) => applyGuardDuty(target, changes, desired, shared),
};
