import type { ComplianceSnapshot, ServiceFinding, TrailReading } from '../../src/compliance/model.js';

export const NOW = '2026-12-04T12:00:00.000Z';
export const DEV = '111111111111';
export const PROD = '222222222222';
export const SECURITY = '333333333333';
export const ROOT = 'r-root';
export const WORKLOADS = 'ou-root-workloads';

export function trail(overrides: Partial<TrailReading> = {}): TrailReading {
  return {
    name: 'awsarch-baseline',
    arn: `arn:aws:cloudtrail:us-east-1:${DEV}:trail/awsarch-baseline`,
    homeRegion: 'us-east-1',
    bucket: 'log-archive',
    multiRegion: true,
    organizationTrail: false,
    validation: true,
    logging: true,
    latestDelivery: '2026-12-04T11:50:00.000Z',
    ...overrides,
  };
}

export function finding(overrides: Partial<ServiceFinding> = {}): ServiceFinding {
  return {
    id: `finding-${Math.random().toString(36).slice(2)}`,
    accountId: DEV,
    region: 'us-east-1',
    severity: 'high',
    title: 'something is wrong',
    resource: 'i-0123',
    ...overrides,
  };
}

/** Two workload accounts and the Security account, everything read and in order. */
export function snapshot(overrides: Partial<ComplianceSnapshot> = {}): ComplianceSnapshot {
  const members = [DEV, PROD, SECURITY];
  return {
    collectedAt: NOW,
    homeRegion: 'us-east-1',
    accounts: [
      { id: DEV, name: 'Dev', ou: 'Workloads', parentIds: [ROOT, WORKLOADS] },
      { id: PROD, name: 'Prod', ou: 'Workloads', parentIds: [ROOT, WORKLOADS] },
      { id: SECURITY, name: 'Security', ou: 'Security', parentIds: [ROOT, 'ou-root-security'] },
    ],
    config: {
      state: 'read',
      administrator: SECURITY,
      region: 'us-east-1',
      notes: [],
      data: {
        aggregator: 'org',
        failedSources: [],
        rules: members.map((accountId) => ({
          rule: 'securityhub-s3-1',
          accountId,
          region: 'us-east-1',
          compliance: 'COMPLIANT' as const,
        })),
      },
    },
    securityHub: {
      state: 'read',
      administrator: SECURITY,
      region: 'us-east-1',
      notes: [],
      data: { members, findings: [], regions: ['us-east-1'] },
    },
    guardDuty: {
      state: 'read',
      administrator: SECURITY,
      region: 'us-east-1',
      notes: [],
      data: { members, findings: [], regions: ['us-east-1'] },
    },
    logging: Object.fromEntries(
      members.map((id) => [
        id,
        { trails: [trail({ arn: `arn:aws:cloudtrail:us-east-1:${id}:trail/awsarch-baseline` })] },
      ]),
    ),
    scps: {
      state: 'read',
      administrator: '999999999999',
      region: 'global',
      notes: [],
      data: [
        { id: 'p-full', name: 'FullAWSAccess', targets: [ROOT, WORKLOADS, DEV, PROD, SECURITY] },
        { id: 'p-root', name: 'DenyRootAccountUsage', targets: [ROOT] },
        { id: 'p-tags', name: 'RequireTags', targets: [WORKLOADS] },
      ],
    },
    expectedScps: {
      file: 'landing-zone.yaml',
      byAccount: {
        [DEV]: ['DenyRootAccountUsage', 'RequireTags'],
        [PROD]: ['DenyRootAccountUsage', 'RequireTags'],
        [SECURITY]: ['DenyRootAccountUsage'],
      },
    },
    logArchiveBucket: 'log-archive',
    collection: { calls: 10, rounds: 4, durationMs: 100 },
    ...overrides,
  };
}
