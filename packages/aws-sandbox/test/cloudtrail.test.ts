import {
  CloudTrailClient,
  CreateTrailCommand,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { EnableAWSServiceAccessCommand } from '@aws-sdk/client-organizations';
import { describe, expect, test } from 'vitest';
import { applySeed } from '../src/seeds/apply-seed.js';
import { logArchiveBucketName } from '../src/seeds/network.js';
import { clientConfig, failureOf, organizationsClient, startTestSandbox } from './helpers.js';
import { testOrganization } from './fixtures/member-accounts.js';

async function organizationWithLogArchive() {
  const sandbox = await startTestSandbox();
  const org = await testOrganization(sandbox, ['Log Archive', 'Dev']);
  await applySeed(sandbox.stateDir, 'network', 'us-east-1');
  return { sandbox, org, bucket: logArchiveBucketName(org.organizationId), devId: org.accounts.Dev ?? '' };
}

describe('sandbox CloudTrail', () => {
  test('a member account creates a multi-region trail into the log-archive bucket, starts and stops logging', async () => {
    const { org, bucket, devId } = await organizationWithLogArchive();
    const trail = new CloudTrailClient(await org.as(devId));
    const created = await trail.send(
      new CreateTrailCommand({
        Name: 'baseline',
        S3BucketName: bucket,
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
      }),
    );
    expect(created).toMatchObject({
      Name: 'baseline',
      TrailARN: `arn:aws:cloudtrail:us-east-1:${devId}:trail/baseline`,
      IsMultiRegionTrail: true,
      LogFileValidationEnabled: true,
      IncludeGlobalServiceEvents: true,
    });
    expect((await trail.send(new GetTrailStatusCommand({ Name: 'baseline' }))).IsLogging).toBe(false);
    await trail.send(new StartLoggingCommand({ Name: 'baseline' }));
    expect((await trail.send(new GetTrailStatusCommand({ Name: 'baseline' }))).IsLogging).toBe(true);

    // A multi-region trail shows as a shadow trail in other regions, and can only be changed from home.
    const elsewhere = new CloudTrailClient(await org.as(devId, 'eu-west-1'));
    expect((await elsewhere.send(new DescribeTrailsCommand({}))).trailList).toEqual([
      expect.objectContaining({ Name: 'baseline', HomeRegion: 'us-east-1' }),
    ]);
    expect((await elsewhere.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList).toEqual([]);
    expect(await failureOf(elsewhere.send(new StopLoggingCommand({ Name: created.TrailARN })))).toMatchObject({
      name: 'InvalidHomeRegionException',
    });
    await trail.send(new StopLoggingCommand({ Name: 'baseline' }));
    expect((await trail.send(new GetTrailStatusCommand({ Name: 'baseline' }))).IsLogging).toBe(false);
    await trail.send(new UpdateTrailCommand({ Name: 'baseline', EnableLogFileValidation: false }));
    expect(
      (await trail.send(new DescribeTrailsCommand({ trailNameList: ['baseline'] }))).trailList?.[0]
        ?.LogFileValidationEnabled,
    ).toBe(false);
  });

  test("keeps CreateTrail's tags for ListTags, which answers for the caller's own trails only", async () => {
    const { org, bucket, devId } = await organizationWithLogArchive();
    const trail = new CloudTrailClient(await org.as(devId));
    const { TrailARN } = await trail.send(
      new CreateTrailCommand({
        Name: 'tagged',
        S3BucketName: bucket,
        TagsList: [{ Key: 'awsarch:baseline', Value: 'default' }],
      }),
    );
    const { TrailARN: plain } = await trail.send(new CreateTrailCommand({ Name: 'plain', S3BucketName: bucket }));
    expect(
      (await trail.send(new ListTagsCommand({ ResourceIdList: [TrailARN ?? '', plain ?? ''] }))).ResourceTagList,
    ).toEqual([
      { ResourceId: TrailARN, TagsList: [{ Key: 'awsarch:baseline', Value: 'default' }] },
      { ResourceId: plain, TagsList: [] },
    ]);
    const missing = `arn:aws:cloudtrail:us-east-1:${devId}:trail/none`;
    expect(await failureOf(trail.send(new ListTagsCommand({ ResourceIdList: [missing] })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await failureOf(trail.send(new ListTagsCommand({ ResourceIdList: ['not-an-arn'] })))).toMatchObject({
      name: 'CloudTrailARNInvalidException',
    });
  });

  test('refuses a missing bucket, a bucket whose policy does not let CloudTrail write, and duplicate names', async () => {
    const { sandbox, bucket } = await organizationWithLogArchive();
    const trail = new CloudTrailClient(clientConfig(sandbox, {}));
    expect(
      await failureOf(trail.send(new CreateTrailCommand({ Name: 'x-trail', S3BucketName: 'no-such-bucket' }))),
    ).toMatchObject({ name: 'S3BucketDoesNotExistException', $metadata: { httpStatusCode: 400 } });
    // The management account is in the organization too, so the organization-wide policy lets it write.
    await trail.send(new CreateTrailCommand({ Name: 'x-trail', S3BucketName: bucket }));
    expect(
      await failureOf(trail.send(new CreateTrailCommand({ Name: 'x-trail', S3BucketName: bucket }))),
    ).toMatchObject({
      name: 'TrailAlreadyExistsException',
      message: 'Trail x-trail already exists for customer: 123456789012',
    });
    expect(await failureOf(trail.send(new CreateTrailCommand({ Name: '-bad', S3BucketName: bucket })))).toMatchObject({
      name: 'InvalidTrailNameException',
    });
    expect(await failureOf(trail.send(new GetTrailStatusCommand({ Name: 'missing' })))).toMatchObject({
      name: 'TrailNotFoundException',
    });
  });

  test('an organization trail needs trusted access, then member accounts see it and can read its status by ARN', async () => {
    const { sandbox, org, bucket, devId } = await organizationWithLogArchive();
    const management = new CloudTrailClient(clientConfig(sandbox, {}));
    expect(
      await failureOf(
        management.send(
          new CreateTrailCommand({
            Name: 'org-trail',
            S3BucketName: bucket,
            IsOrganizationTrail: true,
            IsMultiRegionTrail: true,
          }),
        ),
      ),
    ).toMatchObject({
      name: 'CloudTrailAccessNotEnabledException',
    });
    await organizationsClient(sandbox).send(
      new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }),
    );
    const { TrailARN } = await management.send(
      new CreateTrailCommand({
        Name: 'org-trail',
        S3BucketName: bucket,
        IsOrganizationTrail: true,
        IsMultiRegionTrail: true,
      }),
    );
    await management.send(new StartLoggingCommand({ Name: 'org-trail' }));

    const member = new CloudTrailClient(await org.as(devId));
    expect((await member.send(new DescribeTrailsCommand({}))).trailList).toEqual([
      expect.objectContaining({ TrailARN, IsOrganizationTrail: true }),
    ]);
    expect((await member.send(new GetTrailStatusCommand({ Name: TrailARN }))).IsLogging).toBe(true);
    expect(await failureOf(member.send(new GetTrailStatusCommand({ Name: 'org-trail' })))).toMatchObject({
      name: 'TrailNotFoundException',
    });
    expect(await failureOf(member.send(new StopLoggingCommand({ Name: TrailARN })))).toMatchObject({
      name: 'NotOrganizationMasterAccountException',
    });
    expect(
      await failureOf(
        member.send(new CreateTrailCommand({ Name: 'rogue', S3BucketName: bucket, IsOrganizationTrail: true })),
      ),
    ).toMatchObject({ name: 'NotOrganizationMasterAccountException' });
  });
});
