import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import { findRole } from '../iam/roles.js';
import { configError, configRegion, type RecorderRecord } from './model.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]{1,64})$/;

function recorderName(value: unknown): string {
  const name = typeof value === 'string' ? value : '';
  if (name.trim() === '')
    throw configError(
      'InvalidConfigurationRecorderNameException',
      `The configuration recorder name '${name}' is not valid, blank string.`,
    );
  if (name.length > 256) {
    throw configError(
      'ValidationException',
      `1 validation error detected: Value '${name}' at 'configurationRecorder.name' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
  }
  return name;
}

function existingRecorder(ctx: HandlerContext, value: unknown): RecorderRecord {
  const name = recorderName(value);
  const recorder = configRegion(ctx).recorders[name];
  if (!recorder)
    throw configError(
      'NoSuchConfigurationRecorderException',
      `Cannot find configuration recorder with the specified name '${name}'.`,
    );
  return recorder;
}

/** AWS Config assumes the recorder's role; the sandbox checks that it exists in the caller's account. */
function checkedRoleArn(ctx: HandlerContext, value: unknown): string {
  const arn = typeof value === 'string' ? value : '';
  if (arn === '') throw configError('InvalidRoleException', 'You have provided a null or empty role ARN.');
  const match = ROLE_ARN.exec(arn);
  const role =
    match && match[1] === ctx.caller.accountId ? findRole(ctx.state, match[1], match[2] as string) : undefined;
  if (!role || role.Arn !== arn)
    throw configError('InvalidRoleException', `The role ${arn} does not exist or AWS Config cannot assume it.`);
  return arn;
}

const putConfigurationRecorder: OperationHandler = (input, ctx) => {
  const recorderInput = (input.ConfigurationRecorder ?? {}) as Record<string, unknown>;
  const name = recorderName(recorderInput.name ?? 'default');
  const roleARN = checkedRoleArn(ctx, recorderInput.roleARN);
  const group = (recorderInput.recordingGroup ?? {}) as Record<string, unknown>;
  const allSupported = group.allSupported === undefined ? true : group.allSupported === true;
  const includeGlobalResourceTypes = group.includeGlobalResourceTypes === true;
  const resourceTypes = Array.isArray(group.resourceTypes) ? group.resourceTypes.map(String) : [];
  if (
    (includeGlobalResourceTypes && !allSupported) ||
    (allSupported && resourceTypes.length > 0) ||
    (!allSupported && resourceTypes.length === 0)
  ) {
    throw configError('InvalidRecordingGroupException', 'The recording group provided is not valid');
  }
  const region = configRegion(ctx);
  const other = Object.keys(region.recorders).find((existing) => existing !== name);
  if (other !== undefined) {
    throw configError(
      'MaxNumberOfConfigurationRecordersExceededException',
      `Failed to put configuration recorder '${name}' because the maximum number of configuration recorders: 1 is reached.`,
    );
  }
  const existing = region.recorders[name];
  region.recorders[name] = {
    ...existing,
    name,
    roleARN,
    allSupported,
    includeGlobalResourceTypes,
    resourceTypes,
    recording: existing?.recording ?? false,
  };
  return {};
};

function recorderView(ctx: HandlerContext, recorder: RecorderRecord) {
  return {
    arn: `arn:aws:config:${ctx.region}:${ctx.caller.accountId}:configuration-recorder/${recorder.name}`,
    name: recorder.name,
    roleARN: recorder.roleARN,
    recordingGroup: {
      allSupported: recorder.allSupported,
      includeGlobalResourceTypes: recorder.includeGlobalResourceTypes,
      resourceTypes: recorder.resourceTypes,
      exclusionByResourceTypes: { resourceTypes: [] },
      recordingStrategy: {
        useOnly: recorder.allSupported ? 'ALL_SUPPORTED_RESOURCE_TYPES' : 'INCLUSION_BY_RESOURCE_TYPES',
      },
    },
    recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
    recordingScope: 'PAID',
  };
}

function selectedRecorders(ctx: HandlerContext, input: OperationInput): RecorderRecord[] {
  const names = Array.isArray(input.ConfigurationRecorderNames) ? input.ConfigurationRecorderNames : [];
  if (names.length === 0) return Object.values(configRegion(ctx).recorders);
  return names.map((name) => existingRecorder(ctx, name));
}

const describeConfigurationRecorders: OperationHandler = (input, ctx) => ({
  ConfigurationRecorders: selectedRecorders(ctx, input).map((recorder) => recorderView(ctx, recorder)),
});

const describeConfigurationRecorderStatus: OperationHandler = (input, ctx) => ({
  ConfigurationRecordersStatus: selectedRecorders(ctx, input).map((recorder) => ({
    arn: recorderView(ctx, recorder).arn,
    name: recorder.name,
    recording: recorder.recording,
    lastStatus: recorder.lastStartTime === undefined ? undefined : 'SUCCESS',
    lastStartTime: recorder.lastStartTime === undefined ? undefined : new Date(recorder.lastStartTime),
    lastStopTime: recorder.lastStopTime === undefined ? undefined : new Date(recorder.lastStopTime),
    lastStatusChangeTime:
      recorder.lastStatusChangeTime === undefined ? undefined : new Date(recorder.lastStatusChangeTime),
  })),
});

const startConfigurationRecorder: OperationHandler = (input, ctx) => {
  const recorder = existingRecorder(ctx, input.ConfigurationRecorderName);
  if (Object.keys(configRegion(ctx).deliveryChannels).length === 0) {
    throw configError(
      'NoAvailableDeliveryChannelException',
      'Delivery channel is not available to start configuration recorder.',
    );
  }
  if (!recorder.recording) {
    recorder.recording = true;
    recorder.lastStartTime = ctx.now();
    recorder.lastStatusChangeTime = ctx.now();
  }
  return {};
};

const stopConfigurationRecorder: OperationHandler = (input, ctx) => {
  const recorder = existingRecorder(ctx, input.ConfigurationRecorderName);
  if (recorder.recording) {
    recorder.recording = false;
    recorder.lastStopTime = ctx.now();
    recorder.lastStatusChangeTime = ctx.now();
  }
  return {};
};

const deleteConfigurationRecorder: OperationHandler = (input, ctx) => {
  const recorder = existingRecorder(ctx, input.ConfigurationRecorderName);
  delete configRegion(ctx).recorders[recorder.name];
  return {};
};

/** The configuration recorder: one per account and region. */
export const recorderOperations: Record<string, OperationHandler> = {
  PutConfigurationRecorder: putConfigurationRecorder,
  DescribeConfigurationRecorders: describeConfigurationRecorders,
  DescribeConfigurationRecorderStatus: describeConfigurationRecorderStatus,
  StartConfigurationRecorder: startConfigurationRecorder,
  StopConfigurationRecorder: stopConfigurationRecorder,
  DeleteConfigurationRecorder: deleteConfigurationRecorder,
};
