import {
  CloudTrailClient,
  CreateTrailCommand,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, StopConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import {
  CreateVpcCommand,
  DeleteVpcCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { GuardDutyClient, ListDetectorsCommand, StopMonitoringMembersCommand } from '@aws-sdk/client-guardduty';
import {
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  IAMClient,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { EnableAWSServiceAccessCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { describeOrganization } from '../../src/accounts/org-reader.js';
import { baselineOutcome } from '../../src/baselines/report.js';
import { exitCodeOf } from '../../src/core/exit-code.js';
import { logArchiveBucketName } from '../../packages/aws-sandbox/src/seeds/network.js';
import { clientConfig, startTestSandbox } from '../../packages/aws-sandbox/test/helpers.js';
import {
  buildDemoOrganization,
  cellStates,
  memberConfig,
  runDemoBaseline,
  sandboxContext,
} from './fixtures/demo-organization.js';

const MEMBERS = ['Shared Services', 'Log Archive', 'Security', 'Dev', 'Staging', 'Prod'];

async function demo(options: { seed?: boolean } = {}) {
  const { stateDir, accounts } = await buildDemoOrganization(options);
  const sandbox = await startTestSandbox({ stateDir });
  const { ctx, io } = sandboxContext(sandbox);
  return { sandbox, ctx, io, accounts, id: (name: string) => accounts[name] ?? '' };
}

describe('the baseline runner against the sandbox', () => {
  it('applies the default baseline to the demo organization; a second apply makes no write call; status is all OK', async () => {
    const { sandbox, ctx, id } = await demo();
    const first = await runDemoBaseline(ctx, 'apply');
    const states = cellStates(first);
    expect(Object.entries(states).filter(([, state]) => state === 'error')).toEqual([]);
    expect(states['organization/guardduty']).toBe('applied');
    expect(states['Dev/network']).toBe('applied');
    expect(first.accounts.map((account) => account.name).sort()).toEqual([...MEMBERS].sort());

    const before = ctx.aws.calls.snapshot();
    const second = await runDemoBaseline(ctx, 'apply');
    const after = ctx.aws.calls.snapshot();
    expect(Object.values(cellStates(second)).every((state) => state === 'ok')).toBe(true);
    expect(after.writes - before.writes).toBe(0);
    expect(after.reads - before.reads).toBeGreaterThan(100);

    const status = await runDemoBaseline(ctx, 'status');
    expect(Object.values(cellStates(status)).every((state) => state === 'ok')).toBe(true);
    expect(exitCodeOf(baselineOutcome(status, true))).toBe(0);

    // What the steps built, seen through the SDK in a member account.
    const dev = await memberConfig(sandbox, id('Dev'));
    const [trail] =
      (await new CloudTrailClient(dev).send(new DescribeTrailsCommand({ trailNameList: ['awsarch-baseline'] })))
        .trailList ?? [];
    const organizationId = (await describeOrganization(ctx.aws))?.id ?? '';
    expect(trail).toMatchObject({
      IsMultiRegionTrail: true,
      LogFileValidationEnabled: true,
      S3BucketName: logArchiveBucketName(organizationId),
    });
    expect(
      (await new CloudTrailClient(dev).send(new GetTrailStatusCommand({ Name: 'awsarch-baseline' }))).IsLogging,
    ).toBe(true);
    const cidrs: string[] = [];
    for (const name of MEMBERS) {
      const ec2 = new EC2Client(await memberConfig(sandbox, id(name)));
      const vpcs =
        (
          await ec2.send(
            new DescribeVpcsCommand({ Filters: [{ Name: 'tag:awsarch:cidr-pool', Values: ['10.128.0.0/9'] }] }),
          )
        ).Vpcs ?? [];
      expect(vpcs).toHaveLength(1);
      expect(vpcs[0]?.Tags).toEqual(expect.arrayContaining([{ Key: 'awsarch:cidr', Value: vpcs[0]?.CidrBlock }]));
      cidrs.push(vpcs[0]?.CidrBlock ?? '');
      const attachments =
        (
          await ec2.send(
            new DescribeTransitGatewayVpcAttachmentsCommand({
              Filters: [{ Name: 'vpc-id', Values: [vpcs[0]?.VpcId ?? ''] }],
            }),
          )
        ).TransitGatewayVpcAttachments ?? [];
      expect(attachments.map((attachment) => [attachment.State, attachment.SubnetIds?.length])).toEqual([
        ['available', 3],
      ]);
    }
    // Allocated in account order (OU, then name): Infrastructure, Security, then Workloads.
    expect(cidrs).toEqual([
      '10.128.0.0/16',
      '10.129.0.0/16',
      '10.130.0.0/16',
      '10.131.0.0/16',
      '10.132.0.0/16',
      '10.133.0.0/16',
    ]);
  });

  it('shows hand-made drift as DRIFT with what differs, and a re-apply repairs it', async () => {
    const { sandbox, ctx, id } = await demo();
    await runDemoBaseline(ctx, 'apply');

    const dev = await memberConfig(sandbox, id('Dev'));
    await new CloudTrailClient(dev).send(new StopLoggingCommand({ Name: 'awsarch-baseline' }));
    const prodIam = new IAMClient(await memberConfig(sandbox, id('Prod')));
    await prodIam.send(
      new DetachRolePolicyCommand({
        RoleName: 'awsarch-break-glass',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    await prodIam.send(new DeleteRoleCommand({ RoleName: 'awsarch-break-glass' }));
    const stagingIam = new IAMClient(await memberConfig(sandbox, id('Staging')));
    await stagingIam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'awsarch-audit',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    const logArchive = await memberConfig(sandbox, id('Log Archive'));
    await new ConfigServiceClient({ ...logArchive, region: 'us-west-2' }).send(
      new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }),
    );
    const security = new GuardDutyClient({ ...(await memberConfig(sandbox, id('Security'))), region: 'us-west-2' });
    const [adminDetector] = (await security.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
    await security.send(new StopMonitoringMembersCommand({ DetectorId: adminDetector, AccountIds: [id('Dev')] }));

    const status = await runDemoBaseline(ctx, 'status');
    const drifted = Object.entries(cellStates(status)).filter(([, state]) => state !== 'ok');
    expect(Object.fromEntries(drifted)).toEqual({
      'Dev/cloudtrail': 'drift',
      'Dev/guardduty': 'drift',
      'Log Archive/config': 'drift',
      // Security Hub's standards cannot run without Config recording: drift this step does not repair itself.
      'Log Archive/securityhub': 'drift',
      'Staging/roles': 'drift',
      'Prod/roles': 'drift',
    });
    const differences = (name: string, step: string) =>
      status.accounts
        .find((account) => account.name === name)
        ?.cells.find((cell) => cell.step === step)
        ?.differences.join('\n');
    expect(differences('Dev', 'cloudtrail')).toMatch(/logging is stopped/);
    expect(differences('Dev', 'guardduty')).toMatch(/us-west-2: membership is Disabled/);
    expect(differences('Log Archive', 'config')).toMatch(/us-west-2: recorder default is not recording/);
    expect(differences('Log Archive', 'securityhub')).toMatch(
      /us-west-2: FSBP v1\.0\.0 is INCOMPLETE \(AWS Config is not recording; the config step records\)/,
    );
    expect(differences('Staging', 'roles')).toMatch(
      /trust policy of awsarch-audit is "Allow sts:AssumeRole by arn:aws:iam::999999999999:root"/,
    );
    expect(differences('Prod', 'roles')).toMatch(/role awsarch-break-glass does not exist/);
    expect(exitCodeOf(baselineOutcome(status, true))).toBe(3);
    expect(exitCodeOf(baselineOutcome(status, false))).toBe(0);

    const repair = await runDemoBaseline(ctx, 'apply');
    expect(Object.fromEntries(Object.entries(cellStates(repair)).filter(([, state]) => state !== 'ok'))).toEqual({
      'Dev/cloudtrail': 'applied',
      'Dev/guardduty': 'applied',
      'Log Archive/config': 'applied',
      'Staging/roles': 'applied',
      'Prod/roles': 'applied',
    });
    expect(Object.values(cellStates(await runDemoBaseline(ctx, 'status'))).every((state) => state === 'ok')).toBe(true);
  });

  it('keeps one failing account from stopping the others, and a re-run completes what is missing', async () => {
    const { sandbox, ctx, id } = await demo();
    // Dev already has five VPCs, the regional quota, so its baseline VPC cannot be created.
    const devEc2 = new EC2Client(await memberConfig(sandbox, id('Dev')));
    const handMade: string[] = [];
    for (let i = 0; i < 5; i++)
      handMade.push((await devEc2.send(new CreateVpcCommand({ CidrBlock: `172.${16 + i}.0.0/16` }))).Vpc?.VpcId ?? '');

    const first = await runDemoBaseline(ctx, 'apply');
    const failed = Object.entries(cellStates(first)).filter(([, state]) => state === 'error');
    expect(failed).toEqual([['Dev/network', 'error']]);
    expect(
      first.accounts.find((account) => account.name === 'Dev')?.cells.find((cell) => cell.step === 'network')?.error
        ?.message,
    ).toMatch(/VpcLimitExceeded/);
    expect(exitCodeOf(baselineOutcome(first, false))).toBe(1);
    expect(
      Object.entries(cellStates(first)).filter(
        ([key, state]) => key !== 'Dev/network' && state !== 'applied' && state !== 'ok',
      ),
    ).toEqual([]);

    await devEc2.send(new DeleteVpcCommand({ VpcId: handMade[0] }));
    const second = await runDemoBaseline(ctx, 'apply');
    expect(Object.fromEntries(Object.entries(cellStates(second)).filter(([, state]) => state !== 'ok'))).toEqual({
      'Dev/network': 'applied',
    });
  });

  it('records an organization trail that covers the accounts and creates no trail of their own', async () => {
    const { sandbox, ctx, id, io } = await demo();
    await new OrganizationsClient(clientConfig(sandbox, {})).send(
      new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }),
    );
    const organizationId = (await describeOrganization(ctx.aws))?.id ?? '';
    const management = new CloudTrailClient(clientConfig(sandbox, {}));
    await management.send(
      new CreateTrailCommand({
        Name: 'organization',
        S3BucketName: logArchiveBucketName(organizationId),
        IsOrganizationTrail: true,
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
      }),
    );
    await management.send(new StartLoggingCommand({ Name: 'organization' }));

    const report = await runDemoBaseline(ctx, 'apply', { only: ['cloudtrail'] });
    expect(report.steps).toEqual(['cloudtrail']);
    expect(
      report.accounts.map((account) => [account.name, account.cells[0]?.state, account.cells[0]?.summary]),
    ).toEqual(expect.arrayContaining([['Dev', 'ok', 'covered by organization trail organization']]));
    expect(Object.values(cellStates(report)).every((state) => state === 'ok')).toBe(true);
    const devTrails =
      (await new CloudTrailClient(await memberConfig(sandbox, id('Dev'))).send(new DescribeTrailsCommand({})))
        .trailList ?? [];
    expect(devTrails.map((trail) => trail.Name)).toEqual(['organization']);
    expect(io.tasks.some((task) => /Apply baseline default on 6 account\(s\)/.test(task.path))).toBe(true);
  });

  it('reports missing organization-level prerequisites once, blocking the steps that need them', async () => {
    const { ctx } = await demo({ seed: false });
    const report = await runDemoBaseline(ctx, 'status');
    const states = cellStates(report);
    expect(states).toMatchObject({
      'organization/cloudtrail': 'error',
      'organization/config': 'error',
      'organization/network': 'error',
      'organization/roles': 'ok',
      'Dev/cloudtrail': 'error',
      'Dev/roles': 'missing',
    });
    expect(report.organization.find((cell) => cell.step === 'cloudtrail')?.summary).toMatch(
      /bucket awsarch-log-archive-o-\w+ in Log Archive \(\d{12}\) does not exist/,
    );
    expect(report.organization.find((cell) => cell.step === 'network')?.summary).toMatch(
      /no available transit gateway Name=awsarch-shared-tgw owned by Shared Services/,
    );
    expect(
      report.accounts.find((account) => account.name === 'Dev')?.cells.find((cell) => cell.step === 'network')?.summary,
    ).toMatch(/^blocked: /);
    expect(exitCodeOf(baselineOutcome(report, true))).toBe(1);
  });
});
