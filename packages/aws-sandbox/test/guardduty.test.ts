import {
  CreateDetectorCommand,
  CreateMembersCommand,
  EnableOrganizationAdminAccountCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GetMembersCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListOrganizationAdminAccountsCommand,
  StartMonitoringMembersCommand,
  StopMonitoringMembersCommand,
} from '@aws-sdk/client-guardduty';
import { ListAWSServiceAccessForOrganizationCommand } from '@aws-sdk/client-organizations';
import { describe, expect, test } from 'vitest';
import { clientConfig, failureOf, organizationsClient, startTestSandbox } from './helpers.js';
import { testOrganization } from './fixtures/member-accounts.js';

describe('sandbox GuardDuty', () => {
  test('a delegated administrator adds organization accounts without invitations, enabling GuardDuty in them', async () => {
    const sandbox = await startTestSandbox();
    const org = await testOrganization(sandbox, ['Security', 'Dev']);
    const securityId = org.accounts.Security ?? '';
    const devId = org.accounts.Dev ?? '';
    const management = new GuardDutyClient(clientConfig(sandbox, {}));
    await management.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: securityId }));
    expect((await management.send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts).toEqual([
      { AdminAccountId: securityId, AdminStatus: 'ENABLED' },
    ]);
    expect(
      (
        await organizationsClient(sandbox).send(new ListAWSServiceAccessForOrganizationCommand({}))
      ).EnabledServicePrincipals?.map((entry) => entry.ServicePrincipal),
    ).toEqual(['guardduty.amazonaws.com']);
    expect(
      await failureOf(management.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: devId }))),
    ).toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });

    const security = new GuardDutyClient(await org.as(securityId));
    const [adminDetector] = (await security.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
    expect(adminDetector).toMatch(/^[0-9a-f]{32}$/);
    const created = await security.send(
      new CreateMembersCommand({
        DetectorId: adminDetector,
        AccountDetails: [
          { AccountId: devId, Email: 'dev@example.com' },
          { AccountId: securityId, Email: 's@example.com' },
        ],
      }),
    );
    expect(created.UnprocessedAccounts).toEqual([expect.objectContaining({ AccountId: securityId })]);
    const members = await security.send(
      new GetMembersCommand({ DetectorId: adminDetector, AccountIds: [devId, '999999999999'] }),
    );
    expect(members.Members).toEqual([
      expect.objectContaining({
        AccountId: devId,
        RelationshipStatus: 'Enabled',
        AdministratorId: securityId,
        DetectorId: expect.stringMatching(/^[0-9a-f]{32}$/),
      }),
    ]);
    expect(members.UnprocessedAccounts?.map((account) => account.AccountId)).toEqual(['999999999999']);

    const dev = new GuardDutyClient(await org.as(devId));
    const [devDetector] = (await dev.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
    const detector = await dev.send(new GetDetectorCommand({ DetectorId: devDetector }));
    expect(detector.Status).toBe('ENABLED');
    // As AWS reports it: the foundational sources always on, protection plans only when asked for.
    expect(detector.DataSources).toMatchObject({
      CloudTrail: { Status: 'ENABLED' },
      DNSLogs: { Status: 'ENABLED' },
      FlowLogs: { Status: 'ENABLED' },
      S3Logs: { Status: 'DISABLED' },
    });
    expect(detector.Features?.map((feature) => feature.Name)).toEqual(
      expect.arrayContaining(['CLOUD_TRAIL', 'DNS_LOGS', 'FLOW_LOGS', 'S3_DATA_EVENTS', 'RUNTIME_MONITORING']),
    );
    expect(
      (await dev.send(new GetAdministratorAccountCommand({ DetectorId: devDetector }))).Administrator,
    ).toMatchObject({ AccountId: securityId, RelationshipStatus: 'Enabled' });

    await security.send(new StopMonitoringMembersCommand({ DetectorId: adminDetector, AccountIds: [devId] }));
    expect(
      (await security.send(new GetMembersCommand({ DetectorId: adminDetector, AccountIds: [devId] }))).Members?.[0]
        ?.RelationshipStatus,
    ).toBe('Disabled');
    await security.send(new StartMonitoringMembersCommand({ DetectorId: adminDetector, AccountIds: [devId] }));
    expect(
      (await security.send(new GetMembersCommand({ DetectorId: adminDetector, AccountIds: [devId] }))).Members?.[0]
        ?.RelationshipStatus,
    ).toBe('Enabled');

    // Each region has its own detectors and designation.
    const devEurope = new GuardDutyClient(await org.as(devId, 'eu-west-1'));
    expect((await devEurope.send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
  });

  test('one detector per account and region; detectors of other accounts are not yours', async () => {
    const sandbox = await startTestSandbox();
    const org = await testOrganization(sandbox, ['Dev']);
    const management = new GuardDutyClient(clientConfig(sandbox, {}));
    const { DetectorId } = await management.send(new CreateDetectorCommand({ Enable: true }));
    expect(await failureOf(management.send(new CreateDetectorCommand({ Enable: true })))).toMatchObject({
      name: 'BadRequestException',
      message: 'The request is rejected because a detector already exists for the current account.',
    });
    const dev = new GuardDutyClient(await org.as(org.accounts.Dev ?? ''));
    expect(await failureOf(dev.send(new GetDetectorCommand({ DetectorId })))).toMatchObject({
      name: 'BadRequestException',
    });
    // Without the organization's delegation, members are invitation-based (Created, not Enabled).
    await management.send(
      new CreateMembersCommand({
        DetectorId,
        AccountDetails: [{ AccountId: org.accounts.Dev ?? '', Email: 'dev@example.com' }],
      }),
    );
    expect(
      (await management.send(new GetMembersCommand({ DetectorId, AccountIds: [org.accounts.Dev ?? ''] }))).Members?.[0]
        ?.RelationshipStatus,
    ).toBe('Created');
    expect(await failureOf(dev.send(new ListOrganizationAdminAccountsCommand({})))).toMatchObject({
      name: 'BadRequestException',
    });
  });
});
