import {
  CreateDetectorCommand,
  EnableOrganizationAdminAccountCommand,
  GetDetectorCommand,
  GetMembersCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListOrganizationAdminAccountsCommand,
  UpdateDetectorCommand,
} from '@aws-sdk/client-guardduty';
import { isAwsError, toAwsarchError } from '../aws/aws-errors.js';
import { BatchLoader } from './batch-loader.js';
import type { GuardDutyParams } from './definition.js';
import { preparedError, type Prepared } from './model.js';
import { accountLabel, clientsFor, resolveAccount, type BaselineRun } from './run-context.js';

/** The delegated administrator and, per region, its detector and a batched view of its members. */
export interface GuardDutyAdministration {
  accountId: string;
  label: string;
  detectors: Record<string, string>;
  members: Record<string, BatchLoader<{ relationshipStatus: string }>>;
}

interface RegionOutcome {
  region: string;
  /** Another account is the administrator: awsarch will not take the organization's GuardDuty over. */
  conflict?: string;
  problem?: string;
  changes: string[];
  detectorId?: string;
}

/**
 * Per region: the management account's designated GuardDuty administrator must be the configured
 * account (designated on apply with EnableOrganizationAdminAccount when there is none), with an
 * enabled detector.
 */
async function prepareRegion(
  run: BaselineRun,
  administrator: { id: string; label: string },
  region: string,
): Promise<RegionOutcome> {
  const apply = run.mode === 'apply';
  const management = run.ctx.aws.client(GuardDutyClient, { region });
  const admin = clientsFor(run, administrator.id).client(GuardDutyClient, { region });
  const changes: string[] = [];
  const { AdminAccounts = [] } = await management.send(new ListOrganizationAdminAccountsCommand({}));
  const designated = AdminAccounts.find((entry) => entry.AdminStatus === 'ENABLED');
  if (designated && designated.AdminAccountId !== administrator.id) {
    return {
      region,
      changes,
      conflict: `${region}: the delegated GuardDuty administrator is ${designated.AdminAccountId}, not ${administrator.label}`,
    };
  }
  if (!designated) {
    changes.push(`designate ${administrator.label} as delegated GuardDuty administrator in ${region}`);
    if (!apply)
      return {
        region,
        changes,
        problem:
          run.mode === 'status'
            ? `${region}: ${administrator.label} is not the delegated GuardDuty administrator`
            : undefined,
      };
    await management
      .send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: administrator.id }))
      .catch(async (error: unknown) => {
        // A racing run designated it since it was listed: that is what this run wanted.
        const { AdminAccounts: now = [] } = await management.send(new ListOrganizationAdminAccountsCommand({}));
        if (!now.some((entry) => entry.AdminAccountId === administrator.id && entry.AdminStatus === 'ENABLED'))
          throw error;
      });
  }
  let [detectorId] = (await admin.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
  if (!detectorId) {
    changes.push(`create the administrator's detector in ${region}`);
    if (!apply)
      return {
        region,
        changes,
        problem: run.mode === 'status' ? `${region}: ${administrator.label} has no detector` : undefined,
      };
    detectorId = await admin.send(new CreateDetectorCommand({ Enable: true })).then(
      (created) => created.DetectorId ?? '',
      async (error: unknown) => {
        // A racing run created it since it was listed: use that one.
        if (!isDetectorTwin(error)) throw error;
        return (await admin.send(new ListDetectorsCommand({}))).DetectorIds?.[0] ?? '';
      },
    );
  } else if ((await admin.send(new GetDetectorCommand({ DetectorId: detectorId })))?.Status !== 'ENABLED') {
    changes.push(`enable the administrator's detector in ${region}`);
    if (!apply)
      return {
        region,
        changes,
        detectorId,
        problem: run.mode === 'status' ? `${region}: the administrator's detector is disabled` : undefined,
      };
    const id = detectorId;
    await admin.send(new UpdateDetectorCommand({ DetectorId: id, Enable: true }));
  }
  return { region, changes, detectorId };
}

function memberLoader(
  run: BaselineRun,
  administratorId: string,
  region: string,
  detectorId: string,
): BatchLoader<{ relationshipStatus: string }> {
  const admin = clientsFor(run, administratorId).client(GuardDutyClient, { region });
  return new BatchLoader(50, async (accountIds) => {
    const { Members = [] } = await admin.send(
      new GetMembersCommand({ DetectorId: detectorId, AccountIds: accountIds }),
    );
    return new Map(
      Members.map((member) => [member.AccountId ?? '', { relationshipStatus: member.RelationshipStatus ?? '' }]),
    );
  });
}

/** The organization-level half of the GuardDuty step, once per run. */
export async function prepareGuardDuty(
  run: BaselineRun,
  params: GuardDutyParams,
): Promise<Prepared<GuardDutyAdministration>> {
  let administrator;
  try {
    administrator = resolveAccount(run, params.administrator);
  } catch (error) {
    return preparedError(`GuardDuty administrator: ${(error as Error).message}`);
  }
  const label = accountLabel(administrator);
  let outcomes: RegionOutcome[];
  try {
    outcomes = await Promise.all(
      run.baseline.regions.map((region) => prepareRegion(run, { id: administrator.id, label }, region)),
    );
  } catch (error) {
    return preparedError(toAwsarchError(error, `Preparing the delegated GuardDuty administrator ${label}`).message);
  }
  const changes = outcomes.flatMap((outcome) => outcome.changes);
  const problems = outcomes.flatMap((outcome) => (outcome.problem ? [outcome.problem] : []));
  const detectors = Object.fromEntries(
    outcomes.flatMap((outcome) => (outcome.detectorId ? [[outcome.region, outcome.detectorId]] : [])),
  );
  const members = Object.fromEntries(
    Object.entries(detectors).map(([region, detectorId]) => [
      region,
      memberLoader(run, administrator.id, region, detectorId),
    ]),
  );
  const shared = { accountId: administrator.id, label, detectors, members };
  const conflicts = outcomes.flatMap((outcome) => (outcome.conflict ? [outcome.conflict] : []));
  if (conflicts.length > 0)
    return { state: 'error', summary: conflicts.join('; '), differences: conflicts, changes: [] };
  if (problems.length > 0)
    return {
      state: problems.length === run.baseline.regions.length ? 'missing' : 'drift',
      summary: problems.join('; '),
      differences: problems,
      changes,
      shared,
    };
  return {
    state: 'ok',
    summary: `administrator ${label} in ${run.baseline.regions.length} region(s)`,
    differences: [],
    changes,
    shared,
  };
}

/** GuardDuty's answer to a second CreateDetector in an account and Region. */
export function isDetectorTwin(error: unknown): boolean {
  return isAwsError(error, 'BadRequestException') && /detector already exists/i.test((error as Error).message);
}
