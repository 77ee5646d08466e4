import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import { organizationOf } from '../organizations/service-access.js';
import { bucketAcceptsServiceLogs } from '../s3/bucket-policy.js';
import { findBucket } from '../s3/model.js';
import { configError, configRegion, type DeliveryChannelRecord } from './model.js';

const FREQUENCIES = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'];

function channelName(value: unknown): string {
  const name = typeof value === 'string' ? value : '';
  if (name.trim() === '')
    throw configError(
      'InvalidDeliveryChannelNameException',
      `The delivery channel name '${name}' is not valid, blank string.`,
    );
  return name;
}

function existingChannel(ctx: HandlerContext, value: unknown): DeliveryChannelRecord {
  const name = channelName(value);
  const channel = configRegion(ctx).deliveryChannels[name];
  if (!channel)
    throw configError('NoSuchDeliveryChannelException', `Cannot find delivery channel with specified name '${name}'.`);
  return channel;
}

/** AWS Config checks that it may write AWSLogs/<account>/Config/ under the prefix before it accepts a channel. */
function checkBucket(ctx: HandlerContext, channel: DeliveryChannelRecord): void {
  if (channel.s3BucketName === '')
    throw configError('NoSuchBucketException', 'Cannot find a S3 bucket with an empty bucket name.');
  if (!findBucket(ctx.state, channel.s3BucketName))
    throw configError('NoSuchBucketException', `Cannot find a S3 bucket with name ${channel.s3BucketName}.`);
  const org = organizationOf(ctx.state, ctx.caller.accountId);
  const prefix = channel.s3KeyPrefix ? `${channel.s3KeyPrefix}/` : '';
  const accepted = bucketAcceptsServiceLogs(ctx.state, channel.s3BucketName, {
    servicePrincipal: 'config.amazonaws.com',
    objectKey: `${prefix}AWSLogs/${ctx.caller.accountId}/Config/ConfigWritabilityCheckFile`,
    context: {
      'aws:SourceAccount': ctx.caller.accountId,
      's3:x-amz-acl': 'bucket-owner-full-control',
      ...(org ? { 'aws:SourceOrgID': org.id } : {}),
    },
  });
  if (!accepted) {
    throw configError(
      'InsufficientDeliveryPolicyException',
      `Insufficient delivery policy to s3 bucket: ${channel.s3BucketName}, unable to write to bucket, provided s3 key prefix is '${channel.s3KeyPrefix ?? 'null'}', provided kms key is 'null'.`,
    );
  }
}

const putDeliveryChannel: OperationHandler = (input, ctx) => {
  const channelInput = (input.DeliveryChannel ?? {}) as Record<string, unknown>;
  const name = channelName(channelInput.name ?? 'default');
  const region = configRegion(ctx);
  if (Object.keys(region.recorders).length === 0) {
    throw configError(
      'NoAvailableConfigurationRecorderException',
      'Configuration recorder is not available to put delivery channel.',
    );
  }
  if (Object.keys(region.deliveryChannels).some((existing) => existing !== name)) {
    throw configError(
      'MaxNumberOfDeliveryChannelsExceededException',
      `Failed to put delivery channel '${name}' because the maximum number of delivery channels: 1 is reached.`,
    );
  }
  const properties = (channelInput.configSnapshotDeliveryProperties ?? {}) as Record<string, unknown>;
  const deliveryFrequency = typeof properties.deliveryFrequency === 'string' ? properties.deliveryFrequency : undefined;
  if (deliveryFrequency !== undefined && !FREQUENCIES.includes(deliveryFrequency)) {
    throw configError(
      'ValidationException',
      `1 validation error detected: Value '${deliveryFrequency}' at 'deliveryChannel.configSnapshotDeliveryProperties.deliveryFrequency' failed to satisfy constraint: Member must satisfy enum value set: [${FREQUENCIES.join(', ')}]`,
    );
  }
  const previous = region.deliveryChannels[name];
  // An update keeps the bucket or topic that the request leaves out.
  const channel: DeliveryChannelRecord = {
    name,
    s3BucketName:
      typeof channelInput.s3BucketName === 'string' ? channelInput.s3BucketName : (previous?.s3BucketName ?? ''),
    s3KeyPrefix:
      typeof channelInput.s3KeyPrefix === 'string' && channelInput.s3KeyPrefix !== ''
        ? channelInput.s3KeyPrefix
        : undefined,
    snsTopicARN: typeof channelInput.snsTopicARN === 'string' ? channelInput.snsTopicARN : previous?.snsTopicARN,
    deliveryFrequency: deliveryFrequency ?? previous?.deliveryFrequency,
  };
  checkBucket(ctx, channel);
  region.deliveryChannels[name] = channel;
  return {};
};

function selectedChannels(ctx: HandlerContext, input: OperationInput): DeliveryChannelRecord[] {
  const names = Array.isArray(input.DeliveryChannelNames) ? input.DeliveryChannelNames : [];
  if (names.length === 0) return Object.values(configRegion(ctx).deliveryChannels);
  return names.map((name) => existingChannel(ctx, name));
}

const describeDeliveryChannels: OperationHandler = (input, ctx) => ({
  DeliveryChannels: selectedChannels(ctx, input).map((channel) => ({
    name: channel.name,
    s3BucketName: channel.s3BucketName,
    s3KeyPrefix: channel.s3KeyPrefix,
    snsTopicARN: channel.snsTopicARN,
    configSnapshotDeliveryProperties: channel.deliveryFrequency
      ? { deliveryFrequency: channel.deliveryFrequency }
      : undefined,
  })),
});

const deleteDeliveryChannel: OperationHandler = (input, ctx) => {
  const channel = existingChannel(ctx, input.DeliveryChannelName);
  const region = configRegion(ctx);
  if (Object.values(region.recorders).some((recorder) => recorder.recording)) {
    throw configError(
      'LastDeliveryChannelDeleteFailedException',
      `Failed to delete last specified delivery channel with name '${channel.name}', because there is a running configuration recorder.`,
    );
  }
  delete region.deliveryChannels[channel.name];
  return {};
};

/** The delivery channel: one per account and region, writing to an S3 bucket. */
export const deliveryChannelOperations: Record<string, OperationHandler> = {
  PutDeliveryChannel: putDeliveryChannel,
  DescribeDeliveryChannels: describeDeliveryChannels,
  DeleteDeliveryChannel: deleteDeliveryChannel,
};
