import { ListDelegatedAdministratorsCommand, ListRootsCommand } from '@aws-sdk/client-organizations';
import {
  BatchDisableStandardsCommand,
  BatchEnableStandardsCommand,
  BatchImportFindingsCommand,
  CreateConfigurationPolicyCommand,
  CreateFindingAggregatorCommand,
  CreateMembersCommand,
  DescribeHubCommand,
  DescribeOrganizationConfigurationCommand,
  EnableOrganizationAdminAccountCommand,
  EnableSecurityHubCommand,
  GetConfigurationPolicyAssociationCommand,
  GetEnabledStandardsCommand,
  GetFindingsCommand,
  GetMembersCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  SecurityHubClient,
  StartConfigurationPolicyAssociationCommand,
  UpdateOrganizationConfigurationCommand,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { describe, expect, test } from 'vitest';
import { recordConfiguration } from './fixtures/config-recording.js';
import { testOrganization } from './fixtures/member-accounts.js';
import { clientConfig, failureOf, organizationsClient, startTestSandbox } from './helpers.js';

const FSBP = (region: string) =>
  `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
const CIS3 = (region: string) => `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`;
const CIS12 = 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0';

async function organization(names = ['Security', 'Dev', 'Prod']) {
  const sandbox = await startTestSandbox();
  const org = await testOrganization(sandbox, names);
  const id = (name: string) => org.accounts[name] ?? '';
  const hub = async (name: string, region = 'us-east-1') => new SecurityHubClient(await org.as(id(name), region));
  const management = (region = 'us-east-1') => new SecurityHubClient({ ...clientConfig(sandbox, {}), region });
  return { sandbox, org, id, hub, management };
}

function finding(
  accountId: string,
  region: string,
  id: string,
  label: string,
  extra: Partial<AwsSecurityFinding> = {},
) {
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: `arn:aws:securityhub:${region}:${accountId}:product/${accountId}/default`,
    GeneratorId: 'test',
    AwsAccountId: accountId,
    CreatedAt: '2026-12-01T00:00:00.000Z',
    UpdatedAt: '2026-12-01T00:00:00.000Z',
    Title: `finding ${id}`,
    Description: 'a test finding',
    Severity: { Label: label as 'HIGH' },
    Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${accountId}` }],
    ...extra,
  };
}

describe('sandbox Security Hub CSPM', () => {
  test('the management account designates the administrator; errors carry the modeled codes and statuses', async () => {
    const { id, hub, management, sandbox } = await organization();
    expect(await failureOf((await hub('Dev')).send(new DescribeHubCommand({})))).toMatchObject({
      name: 'InvalidAccessException',
      $metadata: { httpStatusCode: 401 },
      message: `Account ${id('Dev')} is not subscribed to AWS Security Hub`,
    });
    expect(
      await failureOf(
        (await hub('Dev')).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: id('Dev') })),
      ),
    ).toMatchObject({ name: 'InvalidAccessException' });
    await management().send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: id('Security') }));
    expect((await management().send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts).toEqual([
      { AccountId: id('Security'), Status: 'ENABLED' },
    ]);
    expect(
      await failureOf(
        management('us-west-2').send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: id('Dev') })),
      ),
    ).toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } });
    // Designating enables Security Hub in the administrator and registers it with Organizations.
    expect((await (await hub('Security')).send(new DescribeHubCommand({}))).HubArn).toBe(
      `arn:aws:securityhub:us-east-1:${id('Security')}:hub/default`,
    );
    const delegated = await organizationsClient(sandbox).send(
      new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'securityhub.amazonaws.com' }),
    );
    expect(delegated.DelegatedAdministrators?.map((entry) => entry.Id)).toEqual([id('Security')]);
    expect(await failureOf((await hub('Security')).send(new EnableSecurityHubCommand({})))).toMatchObject({
      name: 'ResourceConflictException',
      $metadata: { httpStatusCode: 409 },
    });
  });

  test('local configuration: CreateMembers enables Security Hub and the default standards; standards need a recorder', async () => {
    const { id, hub, management, org } = await organization();
    await management().send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: id('Security') }));
    const security = await hub('Security');
    const created = await security.send(
      new CreateMembersCommand({ AccountDetails: [{ AccountId: id('Dev') }, { AccountId: id('Security') }] }),
    );
    expect(created.UnprocessedAccounts?.map((entry) => entry.AccountId)).toEqual([id('Security')]);
    expect((await security.send(new ListMembersCommand({}))).Members).toEqual([
      expect.objectContaining({ AccountId: id('Dev'), MemberStatus: 'Enabled', AdministratorId: id('Security') }),
    ]);
    expect(
      (await security.send(new GetMembersCommand({ AccountIds: [id('Prod')] }))).UnprocessedAccounts?.[0]?.AccountId,
    ).toBe(id('Prod'));
    const dev = await hub('Dev');
    const standards = (await dev.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions ?? [];
    expect(
      standards.map((entry) => [
        entry.StandardsArn,
        entry.StandardsStatus,
        entry.StandardsStatusReason?.StatusReasonCode,
      ]),
    ).toEqual([
      [FSBP('us-east-1'), 'INCOMPLETE', 'NO_AVAILABLE_CONFIGURATION_RECORDER'],
      [CIS12, 'INCOMPLETE', 'NO_AVAILABLE_CONFIGURATION_RECORDER'],
    ]);
    await recordConfiguration(org, id('Dev'));
    await dev.send(
      new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS3('us-east-1') }] }),
    );
    await dev.send(
      new BatchDisableStandardsCommand({
        StandardsSubscriptionArns: [
          `arn:aws:securityhub:us-east-1:${id('Dev')}:subscription/cis-aws-foundations-benchmark/v/1.2.0`,
        ],
      }),
    );
    const after = (await dev.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions ?? [];
    expect(after.map((entry) => [entry.StandardsArn, entry.StandardsStatus])).toEqual([
      [FSBP('us-east-1'), 'READY'],
      [CIS3('us-east-1'), 'READY'],
    ]);
    expect(
      await failureOf(
        dev.send(
          new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS3('us-west-2') }] }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidInputException' });
  });

  test('central configuration needs an aggregator; a policy on the root configures every account in every linked Region', async () => {
    const { id, hub, management, sandbox } = await organization();
    await management().send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: id('Security') }));
    const security = await hub('Security');
    const central = new UpdateOrganizationConfigurationCommand({
      AutoEnable: false,
      AutoEnableStandards: 'NONE',
      OrganizationConfiguration: { ConfigurationType: 'CENTRAL' },
    });
    expect(await failureOf(security.send(central))).toMatchObject({ name: 'InvalidInputException' });
    await security.send(
      new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['us-west-2'] }),
    );
    expect(
      await failureOf(
        security.send(
          new UpdateOrganizationConfigurationCommand({
            AutoEnable: true,
            OrganizationConfiguration: { ConfigurationType: 'CENTRAL' },
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidInputException' });
    await security.send(central);
    expect((await security.send(new DescribeOrganizationConfigurationCommand({}))).OrganizationConfiguration).toEqual({
      ConfigurationType: 'CENTRAL',
      Status: 'ENABLED',
    });
    const policy = await security.send(
      new CreateConfigurationPolicyCommand({
        Name: 'awsarch-default',
        ConfigurationPolicy: {
          SecurityHub: {
            ServiceEnabled: true,
            EnabledStandardIdentifiers: [FSBP('us-east-1'), CIS3('us-east-1')],
            SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: [] },
          },
        },
      }),
    );
    const [root] = (await organizationsClient(sandbox).send(new ListRootsCommand({}))).Roots ?? [];
    await security.send(
      new StartConfigurationPolicyAssociationCommand({
        ConfigurationPolicyIdentifier: policy.Id,
        Target: { RootId: root?.Id ?? '' },
      }),
    );
    expect(
      await security.send(new GetConfigurationPolicyAssociationCommand({ Target: { AccountId: id('Prod') } })),
    ).toMatchObject({ ConfigurationPolicyId: policy.Id, AssociationType: 'INHERITED', AssociationStatus: 'SUCCESS' });
    const prodWest = await hub('Prod', 'us-west-2');
    const standards = (await prodWest.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions ?? [];
    expect(standards.map((entry) => entry.StandardsArn)).toEqual([FSBP('us-west-2'), CIS3('us-west-2')]);
    expect(
      await failureOf(
        prodWest.send(new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS12 }] })),
      ),
    ).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    const west = await hub('Security', 'us-west-2');
    expect((await west.send(new GetMembersCommand({ AccountIds: [id('Prod')] }))).Members?.[0]?.MemberStatus).toBe(
      'Enabled',
    );
  });

  test('findings: imports are checked, the administrator sees its members across linked Regions, filters and pages', async () => {
    const { id, hub, management } = await organization();
    await management().send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: id('Security') }));
    const security = await hub('Security');
    await security.send(
      new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['us-west-2'] }),
    );
    await security.send(new CreateMembersCommand({ AccountDetails: [{ AccountId: id('Dev') }] }));
    await management('us-west-2').send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: id('Security') }));
    await (
      await hub('Security', 'us-west-2')
    ).send(new CreateMembersCommand({ AccountDetails: [{ AccountId: id('Dev') }] }));
    const dev = await hub('Dev');
    const devWest = await hub('Dev', 'us-west-2');
    const imported = await dev.send(
      new BatchImportFindingsCommand({
        Findings: [
          finding(id('Dev'), 'us-east-1', 'f-critical', 'CRITICAL'),
          finding(id('Dev'), 'us-east-1', 'f-low', 'LOW'),
          finding(id('Prod'), 'us-east-1', 'f-other-account', 'HIGH'),
          { ...finding(id('Dev'), 'us-east-1', 'f-bad', 'HIGH'), Resources: [] },
        ],
      }),
    );
    expect(imported).toMatchObject({ SuccessCount: 2, FailedCount: 2 });
    expect(imported.FailedFindings?.map((failure) => [failure.Id, failure.ErrorCode])).toEqual([
      ['f-other-account', 'AccessDeniedException'],
      ['f-bad', 'InvalidInput'],
    ]);
    const many = Array.from({ length: 7 }, (_, index) => finding(id('Dev'), 'us-west-2', `w-${index}`, 'HIGH'));
    await devWest.send(new BatchImportFindingsCommand({ Findings: many }));

    const filters = {
      SeverityLabel: [
        { Value: 'CRITICAL', Comparison: 'EQUALS' as const },
        { Value: 'HIGH', Comparison: 'EQUALS' as const },
      ],
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' as const }],
    };
    const seen: AwsSecurityFinding[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await security.send(
        new GetFindingsCommand({
          Filters: filters,
          SortCriteria: [{ Field: 'SeverityNormalized', SortOrder: 'desc' }],
          MaxResults: 3,
          NextToken: token,
        }),
      );
      seen.push(...(page.Findings ?? []));
      token = page.NextToken;
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(seen.map((entry) => entry.Id)).toEqual(['f-critical', ...many.map((entry) => entry.Id).sort()]);
    expect(seen[0]).toMatchObject({
      ProductName: 'Default',
      Region: 'us-east-1',
      Severity: { Label: 'CRITICAL', Normalized: 90 },
    });
    // Dev alone sees only its own Region; Prod sees nothing of Dev's.
    expect((await dev.send(new GetFindingsCommand({}))).Findings?.map((entry) => entry.Id).sort()).toEqual([
      'f-critical',
      'f-low',
    ]);
    await (await hub('Prod')).send(new EnableSecurityHubCommand({}));
    expect((await (await hub('Prod')).send(new GetFindingsCommand({}))).Findings).toEqual([]);
    expect(
      await failureOf(
        security.send(
          new GetFindingsCommand({
            Filters: {
              SeverityLabel: [
                { Value: 'HIGH', Comparison: 'EQUALS' },
                { Value: 'LOW', Comparison: 'NOT_EQUALS' },
              ],
            },
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidInputException' });
    expect(await failureOf(security.send(new GetFindingsCommand({ NextToken: 'bogus' })))).toMatchObject({
      name: 'InvalidInputException',
    });
  });
});
