import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateServiceLinkedRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, test } from 'vitest';
import { applySeed } from '../src/seeds/apply-seed.js';
import { logArchiveBucketName } from '../src/seeds/network.js';
import { failureOf, startTestSandbox } from './helpers.js';
import { testOrganization } from './fixtures/member-accounts.js';

describe('sandbox AWS Config', () => {
  test('one recorder and one delivery channel per region; the recorder starts once the channel exists', async () => {
    const sandbox = await startTestSandbox();
    const org = await testOrganization(sandbox, ['Log Archive', 'Dev']);
    await applySeed(sandbox.stateDir, 'network', 'us-east-1');
    const devId = org.accounts.Dev ?? '';
    const config = new ConfigServiceClient(await org.as(devId));
    const roleARN = `arn:aws:iam::${devId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
    const recorder = {
      name: 'default',
      roleARN,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    };

    expect(
      await failureOf(config.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: recorder }))),
    ).toMatchObject({ name: 'InvalidRoleException' });
    await new IAMClient(await org.as(devId)).send(
      new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }),
    );
    expect(
      await failureOf(
        config.send(
          new PutDeliveryChannelCommand({
            DeliveryChannel: { name: 'default', s3BucketName: logArchiveBucketName(org.organizationId) },
          }),
        ),
      ),
    ).toMatchObject({
      name: 'NoAvailableConfigurationRecorderException',
    });
    await config.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: recorder }));
    expect(
      await failureOf(
        config.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: { ...recorder, name: 'second' } })),
      ),
    ).toMatchObject({
      name: 'MaxNumberOfConfigurationRecordersExceededException',
      message:
        "Failed to put configuration recorder 'second' because the maximum number of configuration recorders: 1 is reached.",
    });
    expect(
      await failureOf(config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }))),
    ).toMatchObject({ name: 'NoAvailableDeliveryChannelException' });
    await config.send(
      new PutDeliveryChannelCommand({
        DeliveryChannel: { name: 'default', s3BucketName: logArchiveBucketName(org.organizationId) },
      }),
    );
    await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));

    expect((await config.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders).toEqual([
      expect.objectContaining({
        name: 'default',
        roleARN,
        recordingGroup: expect.objectContaining({ allSupported: true, includeGlobalResourceTypes: true }),
      }),
    ]);
    expect(
      (await config.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus,
    ).toEqual([expect.objectContaining({ name: 'default', recording: true, lastStatus: 'SUCCESS' })]);
    expect((await config.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels).toEqual([
      expect.objectContaining({ name: 'default', s3BucketName: logArchiveBucketName(org.organizationId) }),
    ]);

    // Regions are separate: nothing is recorded in eu-west-1 yet.
    const europe = new ConfigServiceClient(await org.as(devId, 'eu-west-1'));
    expect((await europe.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders).toEqual([]);
    expect(
      await failureOf(
        europe.send(
          new PutConfigurationRecorderCommand({
            ConfigurationRecorder: {
              ...recorder,
              recordingGroup: { allSupported: false, includeGlobalResourceTypes: true },
            },
          }),
        ),
      ),
    ).toMatchObject({
      name: 'InvalidRecordingGroupException',
    });
  });

  test('a delivery channel needs an existing bucket whose policy lets Config write', async () => {
    const sandbox = await startTestSandbox();
    const org = await testOrganization(sandbox, ['Dev']);
    const devId = org.accounts.Dev ?? '';
    await new IAMClient(await org.as(devId)).send(
      new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }),
    );
    const config = new ConfigServiceClient(await org.as(devId));
    await config.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name: 'default',
          roleARN: `arn:aws:iam::${devId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        },
      }),
    );
    expect(
      await failureOf(
        config.send(
          new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'missing-bucket' } }),
        ),
      ),
    ).toMatchObject({ name: 'NoSuchBucketException' });
    await new S3Client({ ...(await org.as(devId)), forcePathStyle: true }).send(
      new CreateBucketCommand({ Bucket: 'no-policy-bucket' }),
    );
    expect(
      await failureOf(
        config.send(
          new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'no-policy-bucket' } }),
        ),
      ),
    ).toMatchObject({
      name: 'InsufficientDeliveryPolicyException',
    });
  });
});
