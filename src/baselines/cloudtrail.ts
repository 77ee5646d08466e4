import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { isAwsError } from '../aws/aws-errors.js';
import type { CloudTrailParams } from './definition.js';
import { prepareLogArchive, type LogArchive } from './log-archive.js';
import type { AccountTarget, BaselineStep, PlannedChange, StepPlan } from './model.js';

/** The account's own baseline trail, as read in the home region. */
export interface TrailState {
  name: string;
  arn: string;
  bucket: string;
  keyPrefix?: string;
  multiRegion: boolean;
  logFileValidation: boolean;
  globalServiceEvents: boolean;
  logging: boolean;
}

export interface CloudTrailCurrent {
  trail?: TrailState;
  /** Organization trails of the management account that this account sees. */
  organizationTrails: Array<{ name: string; arn: string; multiRegion: boolean; logging: boolean }>;
  /** Other trails of the account tagged by this baseline (an earlier trail name): each one bills a second copy. */
  duplicates?: Array<{ name: string; arn: string }>;
}

/** The tag the baseline puts on the trails it creates. */
export const TRAIL_BASELINE_TAG = 'awsarch:baseline';

export interface CloudTrailDesired {
  trailName: string;
  bucket: string;
  keyPrefix?: string;
}

export type CloudTrailChange =
  | (PlannedChange & { action: 'create-trail' })
  | (PlannedChange & {
      action: 'update-trail';
      fields: {
        bucket?: string;
        keyPrefix?: string;
        multiRegion?: boolean;
        logFileValidation?: boolean;
        globalServiceEvents?: boolean;
      };
    })
  | (PlannedChange & { action: 'start-logging' })
  | (PlannedChange & { action: 'delete-trail'; arn: string });

function accountOfArn(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** Reads the baseline trail (and any organization trail) with DescribeTrails and GetTrailStatus in the home region. */
export async function readCloudTrail(target: AccountTarget, params: CloudTrailParams): Promise<CloudTrailCurrent> {
  const home = target.run.baseline.homeRegion;
  const client = target.aws.client(CloudTrailClient, { region: home });
  const { trailList = [] } = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  const status = async (arn: string) =>
    (await client.send(new GetTrailStatusCommand({ Name: arn }))).IsLogging === true;
  const own = trailList.find(
    (trail) =>
      trail.Name === params.trailName &&
      trail.HomeRegion === home &&
      accountOfArn(trail.TrailARN ?? '') === target.account.id,
  );
  const organization = trailList.filter(
    (trail) => trail.IsOrganizationTrail && accountOfArn(trail.TrailARN ?? '') !== target.account.id,
  );
  const others = trailList.filter(
    (trail) =>
      trail !== own &&
      !trail.IsOrganizationTrail &&
      trail.HomeRegion === home &&
      accountOfArn(trail.TrailARN ?? '') === target.account.id,
  );
  const duplicates = others.length
    ? (
        await client.send(new ListTagsCommand({ ResourceIdList: others.map((trail) => trail.TrailARN ?? '') }))
      ).ResourceTagList?.filter((resource) =>
        resource.TagsList?.some((tag) => tag.Key === TRAIL_BASELINE_TAG && tag.Value === target.run.baseline.name),
      ).map((resource) => ({
        arn: resource.ResourceId ?? '',
        name: others.find((trail) => trail.TrailARN === resource.ResourceId)?.Name ?? resource.ResourceId ?? '',
      }))
    : undefined;
  const [trail, organizationTrails] = await Promise.all([
    own
      ? status(own.TrailARN ?? '').then((logging) => ({
          name: own.Name ?? '',
          arn: own.TrailARN ?? '',
          bucket: own.S3BucketName ?? '',
          keyPrefix: own.S3KeyPrefix || undefined,
          multiRegion: own.IsMultiRegionTrail === true,
          logFileValidation: own.LogFileValidationEnabled === true,
          globalServiceEvents: own.IncludeGlobalServiceEvents === true,
          logging,
        }))
      : undefined,
    Promise.all(
      organization.map(async (candidate) => ({
        name: candidate.Name ?? '',
        arn: candidate.TrailARN ?? '',
        multiRegion: candidate.IsMultiRegionTrail === true,
        logging: await status(candidate.TrailARN ?? ''),
      })),
    ),
  ]);
  return { trail, organizationTrails, ...(duplicates?.length ? { duplicates } : {}) };
}

/**
 * Pure: an organization trail that is multi-region and logging covers the account; else its own trail
 * must match. Other trails the baseline tagged (left by an earlier trail name) are DRIFT, and deleted.
 */
export function planCloudTrail(current: CloudTrailCurrent, desired: CloudTrailDesired): StepPlan<CloudTrailChange> {
  const plan = planBaselineTrail(current, desired);
  if (!current.duplicates?.length) return plan;
  const differences = [
    ...plan.differences,
    ...current.duplicates.map(
      (trail) => `trail ${trail.name} was also created by this baseline and duplicates ${desired.trailName}: delete it`,
    ),
  ];
  return {
    state: plan.state === 'missing' ? 'missing' : 'drift',
    summary: differences.join('; '),
    differences,
    changes: [
      ...plan.changes,
      ...current.duplicates.map((trail): CloudTrailChange => ({
        action: 'delete-trail',
        arn: trail.arn,
        description: `delete duplicate trail ${trail.name}`,
      })),
    ],
  };
}

function planBaselineTrail(current: CloudTrailCurrent, desired: CloudTrailDesired): StepPlan<CloudTrailChange> {
  const covering = current.organizationTrails.find((trail) => trail.multiRegion && trail.logging);
  if (covering)
    return { state: 'ok', summary: `covered by organization trail ${covering.name}`, differences: [], changes: [] };
  const where = `s3://${desired.bucket}${desired.keyPrefix ? `/${desired.keyPrefix}` : ''}`;
  const trail = current.trail;
  if (!trail) {
    return {
      state: 'missing',
      summary: `no trail ${desired.trailName}`,
      differences: [
        `trail ${desired.trailName} does not exist${current.organizationTrails.length ? ' (an organization trail exists but is not logging in every region)' : ''}`,
      ],
      changes: [
        {
          action: 'create-trail',
          description: `create multi-region trail ${desired.trailName} with log file validation into ${where}`,
        },
        { action: 'start-logging', description: `start logging on ${desired.trailName}` },
      ],
    };
  }
  const differences: string[] = [];
  const fields: Extract<CloudTrailChange, { action: 'update-trail' }>['fields'] = {};
  if (trail.bucket !== desired.bucket) {
    differences.push(`delivers to bucket ${trail.bucket}, not ${desired.bucket}`);
    fields.bucket = desired.bucket;
  }
  if ((trail.keyPrefix ?? '') !== (desired.keyPrefix ?? '')) {
    differences.push(`key prefix is "${trail.keyPrefix ?? ''}", not "${desired.keyPrefix ?? ''}"`);
    fields.keyPrefix = desired.keyPrefix ?? '';
  }
  if (!trail.multiRegion) {
    differences.push('is a single-region trail');
    fields.multiRegion = true;
  }
  if (!trail.globalServiceEvents) {
    differences.push('does not include global service events');
    fields.globalServiceEvents = true;
  }
  if (!trail.logFileValidation) {
    differences.push('log file validation is off');
    fields.logFileValidation = true;
  }
  const changes: CloudTrailChange[] = [];
  if (Object.keys(fields).length > 0)
    changes.push({
      action: 'update-trail',
      description: `update trail ${trail.name}: ${differences.join(', ')}`,
      fields,
    });
  if (!trail.logging) {
    differences.push('logging is stopped');
    changes.push({ action: 'start-logging', description: `start logging on ${trail.name}` });
  }
  if (changes.length === 0)
    return { state: 'ok', summary: `trail ${trail.name} logging to ${trail.bucket}`, differences: [], changes: [] };
  return {
    state: 'drift',
    summary: differences.join('; '),
    differences: differences.map((difference) => `trail ${trail.name} ${difference}`),
    changes,
  };
}

/** Creates or updates the trail and starts logging, in the home region. */
export async function applyCloudTrail(
  target: AccountTarget,
  changes: CloudTrailChange[],
  desired: CloudTrailDesired,
): Promise<void> {
  const client = target.aws.client(CloudTrailClient, { region: target.run.baseline.homeRegion });
  for (const change of changes) {
    if (change.action === 'create-trail') {
      const settings = {
        Name: desired.trailName,
        S3BucketName: desired.bucket,
        S3KeyPrefix: desired.keyPrefix,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
      };
      await client
        .send(
          new CreateTrailCommand({
            ...settings,
            TagsList: [{ Key: TRAIL_BASELINE_TAG, Value: target.run.baseline.name }],
          }),
        )
        .catch(async (error: unknown) => {
          // A racing run created it since it was read: make it what the baseline wants instead.
          if (!isAwsError(error, 'TrailAlreadyExistsException')) throw error;
          await client.send(new UpdateTrailCommand(settings));
        });
    } else if (change.action === 'delete-trail') {
      await client.send(new DeleteTrailCommand({ Name: change.arn }));
    } else if (change.action === 'update-trail') {
      const { fields } = change;
      await client.send(
        new UpdateTrailCommand({
          Name: desired.trailName,
          S3BucketName: fields.bucket,
          S3KeyPrefix: fields.keyPrefix,
          IsMultiRegionTrail: fields.multiRegion,
          IncludeGlobalServiceEvents: fields.globalServiceEvents,
          EnableLogFileValidation: fields.logFileValidation,
        }),
      );
    } else {
      await client.send(new StartLoggingCommand({ Name: desired.trailName }));
    }
  }
}

/** Step 1: a multi-region trail with log file validation into the log-archive bucket, logging (or an organization trail). */
export const cloudTrailStep: BaselineStep<
  CloudTrailParams,
  LogArchive,
  CloudTrailCurrent,
  CloudTrailDesired,
  CloudTrailChange
> = {
  name: 'cloudtrail',
  prepare: (run, params) => prepareLogArchive(run, params.logArchive, 'cloudtrail.amazonaws.com', 'CloudTrail'),
  read: (target, params) => readCloudTrail(target, params),
  desire: (_target, params, shared) => ({
    trailName: params.trailName,
    bucket: shared.bucket,
    keyPrefix: shared.keyPrefix,
  }),
  plan: planCloudTrail,
  apply: (target, changes, desired) => applyCloudTrail(target, changes, desired),
};
