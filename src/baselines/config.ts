import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { CreateServiceLinkedRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { isAwsError } from '../aws/aws-errors.js';
import type { ConfigParams } from './definition.js';
import { prepareLogArchive, type LogArchive } from './log-archive.js';
import { prepareConfigAggregator } from './config-aggregator.js';
import type { AccountTarget, BaselineStep, PlannedChange, Prepared, StepPlan } from './model.js';

const SERVICE_LINKED_ROLE = 'AWSServiceRoleForConfig';

export interface RegionConfigState {
  recorder?: {
    name: string;
    roleArn: string;
    allSupported: boolean;
    includeGlobalResourceTypes: boolean;
    resourceTypes: string[];
  };
  recording: boolean;
  channel?: { name: string; bucket: string; keyPrefix?: string };
}

export interface ConfigCurrent {
  regions: Record<string, RegionConfigState>;
  /** Read only when a recorder has to be created; undefined when not needed. */
  serviceLinkedRole?: boolean;
}

export interface ConfigDesired {
  regions: string[];
  homeRegion: string;
  recorderName: string;
  channelName: string;
  bucket: string;
  keyPrefix?: string;
  roleArn: string;
}

export type ConfigChange =
  | (PlannedChange & { action: 'create-service-linked-role' })
  | (PlannedChange & {
      action: 'put-recorder';
      region: string;
      name: string;
      roleArn: string;
      includeGlobalResourceTypes: boolean;
    })
  | (PlannedChange & { action: 'put-delivery-channel'; region: string; name: string })
  | (PlannedChange & { action: 'start-recorder'; region: string; name: string });

export function serviceLinkedRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/${SERVICE_LINKED_ROLE}`;
}

async function readRegion(target: AccountTarget, region: string): Promise<RegionConfigState> {
  const client = target.aws.client(ConfigServiceClient, { region });
  const [recorders, statuses, channels] = await Promise.all([
    client.send(new DescribeConfigurationRecordersCommand({})),
    client.send(new DescribeConfigurationRecorderStatusCommand({})),
    client.send(new DescribeDeliveryChannelsCommand({})),
  ]);
  const recorder = recorders.ConfigurationRecorders?.[0];
  const channel = channels.DeliveryChannels?.[0];
  return {
    recorder: recorder && {
      name: recorder.name ?? 'default',
      roleArn: recorder.roleARN ?? '',
      allSupported: recorder.recordingGroup?.allSupported ?? true,
      includeGlobalResourceTypes: recorder.recordingGroup?.includeGlobalResourceTypes ?? false,
      resourceTypes: recorder.recordingGroup?.resourceTypes ?? [],
    },
    recording:
      statuses.ConfigurationRecordersStatus?.some(
        (status) => status.name === recorder?.name && status.recording === true,
      ) ?? false,
    channel: channel && {
      name: channel.name ?? 'default',
      bucket: channel.s3BucketName ?? '',
      keyPrefix: channel.s3KeyPrefix || undefined,
    },
  };
}

/** Reads the recorder, its status and the delivery channel in every baseline region (and the service-linked role when needed). */
export async function readConfig(target: AccountTarget): Promise<ConfigCurrent> {
  const regions = target.run.baseline.regions;
  const states = await Promise.all(regions.map((region) => readRegion(target, region)));
  const current: ConfigCurrent = {
    regions: Object.fromEntries(regions.map((region, i) => [region, states[i] as RegionConfigState])),
  };
  if (states.some((state) => !state.recorder)) {
    const iam = target.aws.client(IAMClient, { region: target.run.baseline.homeRegion });
    try {
      await iam.send(new GetRoleCommand({ RoleName: SERVICE_LINKED_ROLE }));
      current.serviceLinkedRole = true;
    } catch (error) {
      if (!isAwsError(error, 'NoSuchEntityException', 'NoSuchEntity')) throw error;
      current.serviceLinkedRole = false;
    }
  }
  return current;
}

/** Pure: one recorder per region recording all supported types, global types in the home region only; a channel to the bucket; recording. */
export function planConfig(current: ConfigCurrent, desired: ConfigDesired): StepPlan<ConfigChange> {
  const changes: ConfigChange[] = [];
  const differences: string[] = [];
  const where = `s3://${desired.bucket}${desired.keyPrefix ? `/${desired.keyPrefix}` : ''}`;
  for (const region of desired.regions) {
    const state = current.regions[region] ?? { recording: false };
    const home = region === desired.homeRegion;
    const recorderName = state.recorder?.name ?? desired.recorderName;
    const recorder = state.recorder;
    if (!recorder) {
      differences.push(`${region}: no configuration recorder`);
      changes.push({
        action: 'put-recorder',
        region,
        name: recorderName,
        roleArn: desired.roleArn,
        includeGlobalResourceTypes: home,
        description: `create recorder ${recorderName} in ${region} (all supported types${home ? ', global ones too' : ''})`,
      });
    } else {
      const problems: string[] = [];
      if (!recorder.allSupported || recorder.resourceTypes.length > 0)
        problems.push('does not record all supported resource types');
      if (recorder.includeGlobalResourceTypes !== home)
        problems.push(
          home
            ? 'does not record global resources in the home region'
            : 'records global resources outside the home region',
        );
      if (problems.length > 0) {
        differences.push(`${region}: recorder ${recorder.name} ${problems.join(' and ')}`);
        changes.push({
          action: 'put-recorder',
          region,
          name: recorder.name,
          roleArn: recorder.roleArn || desired.roleArn,
          includeGlobalResourceTypes: home,
          description: `update recorder ${recorder.name} in ${region}`,
        });
      }
    }
    const channel = state.channel;
    if (!channel) {
      differences.push(`${region}: no delivery channel`);
      changes.push({
        action: 'put-delivery-channel',
        region,
        name: desired.channelName,
        description: `create delivery channel ${desired.channelName} in ${region} to ${where}`,
      });
    } else if (channel.bucket !== desired.bucket || (channel.keyPrefix ?? '') !== (desired.keyPrefix ?? '')) {
      differences.push(
        `${region}: delivery channel ${channel.name} delivers to s3://${channel.bucket}${channel.keyPrefix ? `/${channel.keyPrefix}` : ''}, not ${where}`,
      );
      changes.push({
        action: 'put-delivery-channel',
        region,
        name: channel.name,
        description: `point delivery channel ${channel.name} in ${region} to ${where}`,
      });
    }
    if (!state.recording) {
      if (recorder) differences.push(`${region}: recorder ${recorder.name} is not recording`);
      changes.push({
        action: 'start-recorder',
        region,
        name: recorderName,
        description: `start recorder ${recorderName} in ${region}`,
      });
    }
  }
  if (current.serviceLinkedRole === false && changes.some((change) => change.action === 'put-recorder')) {
    changes.unshift({
      action: 'create-service-linked-role',
      description: `create the service-linked role ${SERVICE_LINKED_ROLE}`,
    });
  }
  if (changes.length === 0)
    return {
      state: 'ok',
      summary: `recording in ${desired.regions.length} region(s), delivering to ${desired.bucket}`,
      differences: [],
      changes: [],
    };
  const nothing = desired.regions.every(
    (region) => !current.regions[region]?.recorder && !current.regions[region]?.channel,
  );
  return {
    state: nothing ? 'missing' : 'drift',
    summary: nothing ? 'no recorder in any region' : differences.join('; '),
    differences,
    changes,
  };
}

/** Puts recorders and channels and starts recording, region by region in the plan's order. */
export async function applyConfig(
  target: AccountTarget,
  changes: ConfigChange[],
  desired: ConfigDesired,
): Promise<void> {
  for (const change of changes) {
    if (change.action === 'create-service-linked-role') {
      const iam = target.aws.client(IAMClient, { region: desired.homeRegion });
      await iam
        .send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }))
        .catch((error: unknown) => {
          // Created meanwhile (by AWS Config itself or another run): the goal is reached.
          if (
            !isAwsError(error, 'InvalidInputException', 'InvalidInput') ||
            !/has been taken/.test((error as Error).message)
          )
            throw error;
        });
      continue;
    }
    const client = target.aws.client(ConfigServiceClient, { region: change.region });
    if (change.action === 'put-recorder') {
      await client.send(
        new PutConfigurationRecorderCommand({
          ConfigurationRecorder: {
            name: change.name,
            roleARN: change.roleArn,
            recordingGroup: { allSupported: true, includeGlobalResourceTypes: change.includeGlobalResourceTypes },
          },
        }),
      );
    } else if (change.action === 'put-delivery-channel') {
      await client.send(
        new PutDeliveryChannelCommand({
          DeliveryChannel: { name: change.name, s3BucketName: desired.bucket, s3KeyPrefix: desired.keyPrefix },
        }),
      );
    } else {
      await client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: change.name }));
    }
  }
}

const SEVERITY: Record<Prepared<unknown>['state'], number> = { ok: 0, drift: 1, missing: 2, error: 3 };

/** The log archive (which the accounts need) and the aggregator (organization-level only) as one organization cell. */
export function combinePrepared(archive: Prepared<LogArchive>, aggregator: Prepared<unknown>): Prepared<LogArchive> {
  const state = SEVERITY[aggregator.state] > SEVERITY[archive.state] ? aggregator.state : archive.state;
  return {
    state,
    summary: `${archive.summary}; ${aggregator.summary}`,
    differences: [...archive.differences, ...aggregator.differences],
    changes: [...archive.changes, ...aggregator.changes],
    shared: archive.shared,
  };
}

/**
 * Step 2: a configuration recorder and delivery channel per region, recording; global resources in the home
 * region only. At the organization level, an aggregator (when the baseline names one) so compliance is read
 * in one place.
 */
export const configStep: BaselineStep<ConfigParams, LogArchive, ConfigCurrent, ConfigDesired, ConfigChange> = {
  name: 'config',
  prepare: async (run, params) => {
    const archive = await prepareLogArchive(run, params.logArchive, 'config.amazonaws.com', 'AWS Config');
    if (!params.aggregator) return archive;
    return combinePrepared(archive, await prepareConfigAggregator(run, params.aggregator));
  },
  read: (target) => readConfig(target),
  desire: (target, params, shared) => ({
    regions: target.run.baseline.regions,
    homeRegion: target.run.baseline.homeRegion,
    recorderName: params.recorderName,
    channelName: params.deliveryChannelName,
    bucket: shared.bucket,
    keyPrefix: shared.keyPrefix,
    roleArn: serviceLinkedRoleArn(target.account.id),
  }),
  plan: planConfig,
  apply: (target, changes, desired) => applyConfig(target, changes, desired),
};
