import { describe, expect, it } from 'vitest';
import type { OrgSnapshot } from '../../src/accounts/org-model.js';
import { guardDutyFindingLink, securityHubFindingLink } from '../../src/compliance/console-links.js';
import { aggregatorRegions, fromAggregate } from '../../src/compliance/read-config.js';
import { fromGuardDuty, guardDutySeverity } from '../../src/compliance/read-guardduty.js';
import { expectedScps } from '../../src/compliance/read-scps.js';
import { findingFilters, fromSecurityHub } from '../../src/compliance/read-securityhub.js';

describe('Security Hub findings', () => {
  it.each([
    ['CRITICAL', 'critical'],
    ['HIGH', 'high'],
    ['MEDIUM', 'medium'],
    ['LOW', undefined],
    ['INFORMATIONAL', undefined],
  ])('label %s counts as %s', (Label, severity) => {
    const finding = fromSecurityHub({
      Id: 'arn:finding/1',
      AwsAccountId: '111111111111',
      Region: 'us-west-2',
      Severity: { Label: Label as 'HIGH' },
      Title: 'S3 general purpose buckets should block public access',
      Resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::logs' }],
      Compliance: { SecurityControlId: 'S3.8' },
    } as never);
    expect(finding?.severity).toBe(severity);
    if (severity) expect(finding).toMatchObject({ region: 'us-west-2', resource: 'arn:aws:s3:::logs', type: 'S3.8' });
  });

  it('asks for active, unresolved findings at medium or above, without GuardDuty, for at most 20 accounts by id', () => {
    const few = findingFilters({ accountIds: ['111111111111'], all: false });
    expect(few).toMatchObject({
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
      WorkflowStatus: [
        { Value: 'NEW', Comparison: 'EQUALS' },
        { Value: 'NOTIFIED', Comparison: 'EQUALS' },
      ],
      ProductName: [{ Value: 'GuardDuty', Comparison: 'NOT_EQUALS' }],
      AwsAccountId: [{ Value: '111111111111', Comparison: 'EQUALS' }],
    });
    expect(few.SeverityLabel?.map((filter) => filter.Value)).toEqual(['CRITICAL', 'HIGH', 'MEDIUM']);
    const ids = Array.from({ length: 21 }, (_, index) => String(index).padStart(12, '0'));
    expect(findingFilters({ accountIds: ids, all: false }).AwsAccountId).toBeUndefined();
    expect(findingFilters({ accountIds: ['111111111111'], all: true }).AwsAccountId).toBeUndefined();
  });
});

describe('GuardDuty findings', () => {
  it.each([
    [10, 'critical'],
    [9, 'critical'],
    [8.9, 'high'],
    [7, 'high'],
    [6.9, 'medium'],
    [4, 'medium'],
    [3.9, undefined],
    [1, undefined],
  ])('severity %d is %s', (score, severity) => expect(guardDutySeverity(score)).toBe(severity));

  it('names the resource the finding is about', () => {
    expect(
      fromGuardDuty({
        Id: 'abc',
        AccountId: '111111111111',
        Region: 'us-east-1',
        Severity: 8,
        Type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
        Title: 'Bitcoin-related domain name queried',
        Resource: { ResourceType: 'Instance', InstanceDetails: { InstanceId: 'i-0abc' } },
      } as never),
    ).toEqual({
      id: 'abc',
      accountId: '111111111111',
      region: 'us-east-1',
      severity: 'high',
      title: 'Bitcoin-related domain name queried',
      resource: 'i-0abc',
      type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
    });
  });
});

describe('Config aggregate compliance', () => {
  it('maps a rule and its capped count of non-compliant resources', () => {
    expect(
      fromAggregate({
        ConfigRuleName: 's3-bucket-versioning',
        AccountId: '111111111111',
        AwsRegion: 'us-west-2',
        Compliance: {
          ComplianceType: 'NON_COMPLIANT',
          ComplianceContributorCount: { CappedCount: 25, CapExceeded: true },
        },
      }),
    ).toEqual({
      rule: 's3-bucket-versioning',
      accountId: '111111111111',
      region: 'us-west-2',
      compliance: 'NON_COMPLIANT',
      nonCompliantResources: 25,
    });
  });

  it.each([
    [{ AwsRegions: ['us-east-1', 'us-west-2'], RoleArn: 'r' }, ['us-east-1', 'us-west-2']],
    [{ AllAwsRegions: true, RoleArn: 'r' }, ['eu-west-1']],
    [{ RoleArn: 'r' }, ['eu-west-1']],
  ])('the Regions of %j', (source, regions) =>
    expect(aggregatorRegions({ OrganizationAggregationSource: source }, 'eu-west-1')).toEqual(regions),
  );
});

describe('expectedScps', () => {
  const org: OrgSnapshot = {
    organization: { id: 'o-1', managementAccountId: '000000000000' },
    root: { id: 'r-1', name: 'Root' },
    ous: [
      { id: 'ou-1-w', name: 'Workloads', parentId: 'r-1', path: ['Workloads'] },
      { id: 'ou-1-p', name: 'Prod', parentId: 'ou-1-w', path: ['Workloads', 'Prod'] },
    ],
    accounts: [
      { id: '111111111111', name: 'Prod', email: 'p@example.com', status: 'ACTIVE', parentId: 'ou-1-p' },
      { id: '222222222222', name: 'Tools', email: 't@example.com', status: 'ACTIVE', parentId: 'r-1' },
    ],
  };
  it('unions what the file attaches to the root, the OUs above and the account; unknown targets attach nothing', () => {
    const desired = {
      rendered: [],
      reports: [],
      declarative: true,
      assignments: [
        { target: 'root', policies: ['DenyRoot'] },
        { target: 'Workloads', policies: ['RequireTags'] },
        { target: 'Workloads/Prod', policies: ['RequireRegions'] },
        { target: 'Tools', policies: ['ToolsOnly'] },
        { target: 'Sandbox', policies: ['Nowhere'] },
      ],
    };
    expect(
      expectedScps(org, desired, [
        { id: '111111111111', parentIds: ['r-1', 'ou-1-w', 'ou-1-p'] },
        { id: '222222222222', parentIds: ['r-1'] },
      ]),
    ).toEqual({
      '111111111111': ['DenyRoot', 'RequireRegions', 'RequireTags'],
      '222222222222': ['DenyRoot', 'ToolsOnly'],
    });
  });
});

describe('console links', () => {
  it('open the one finding', () => {
    expect(guardDutyFindingLink('eu-west-1', 'abc')).toBe(
      'https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current&fId=abc',
    );
    const link = securityHubFindingLink('us-east-1', 'arn:aws:securityhub:us-east-1:1:finding/x');
    expect(decodeURIComponent(new URL(link).hash.split('search=')[1] ?? '')).toBe(
      `Id=${encodeURIComponent('\\operator\\:EQUALS\\:arn:aws:securityhub:us-east-1:1:finding/x')}`,
    );
  });
});
