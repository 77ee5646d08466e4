import { describe, expect, it } from 'vitest';
import { assessCompliance, describeAge, type AssessOptions } from '../../src/compliance/assess.js';
import type { ComplianceSnapshot, LoggingReading } from '../../src/compliance/model.js';
import { DEV, finding, PROD, SECURITY, snapshot, trail, WORKLOADS } from './fixture.js';

const OPTIONS: AssessOptions = { maxLogAgeMinutes: 60, failOn: 'critical', top: 10 };
const assess = (overrides: Partial<ComplianceSnapshot> = {}, options: Partial<AssessOptions> = {}) =>
  assessCompliance(snapshot(overrides), { ...OPTIONS, ...options });
const dev = (result: ReturnType<typeof assess>) => result.accounts.find((account) => account.accountId === DEV);

describe('assessCompliance', () => {
  it('an organization in order: every cell ok, no items, nothing at or above the threshold', () => {
    const result = assess();
    for (const account of result.accounts) {
      expect([account.config.state, account.securityHub.state, account.guardDuty.state]).toEqual(['ok', 'ok', 'ok']);
      expect(account.logging).toMatchObject({ state: 'ok', deliveryAgeMinutes: 10, problems: [] });
      expect(account.scps.state).toBe('ok');
    }
    expect(result).toMatchObject({ worst: [], itemCount: 0, atOrAboveFailOn: 0, problems: [] });
  });

  describe('logging', () => {
    const cases: Array<[string, LoggingReading | undefined, { state: string; problems: RegExp[] }]> = [
      ['delivered 10 minutes ago', { trails: [trail()] }, { state: 'ok', problems: [] }],
      [
        'stopped (its stale deliveries not reported again)',
        {
          trails: [
            trail({
              logging: false,
              stoppedAt: '2026-12-04T09:00:00.000Z',
              latestDelivery: '2026-12-04T09:00:00.000Z',
            }),
          ],
        },
        { state: 'issues', problems: [/not logging \(stopped 3h ago\)/] },
      ],
      [
        'logging but the newest delivery is too old',
        { trails: [trail({ latestDelivery: '2026-12-04T10:30:00.000Z' })] },
        { state: 'issues', problems: [/last delivery 1h ago \(more than 1h\)/] },
      ],
      [
        'never delivered',
        { trails: [trail({ latestDelivery: undefined })] },
        { state: 'issues', problems: [/delivered nothing yet/] },
      ],
      [
        'delivery refused by the bucket policy',
        { trails: [trail({ latestDeliveryError: 'AccessDenied' })] },
        { state: 'issues', problems: [/delivery fails: AccessDenied/] },
      ],
      [
        'another bucket, validation off',
        { trails: [trail({ bucket: 'elsewhere', validation: false })] },
        { state: 'issues', problems: [/delivers to elsewhere, not log-archive/, /validation is off/] },
      ],
      ['no trail: not baselined yet', { trails: [] }, { state: 'missing', problems: [/no trail covers/] }],
      [
        'a single-Region trail elsewhere does not cover the account',
        { trails: [trail({ multiRegion: false, homeRegion: 'eu-west-1' })] },
        { state: 'missing', problems: [/no trail covers/] },
      ],
      [
        'the member role could not be assumed',
        { error: 'AccessDenied: not authorized to assume the role' },
        { state: 'error', problems: [/AccessDenied/] },
      ],
      ['not read at all', undefined, { state: 'unknown', problems: [] }],
    ];
    it.each(cases)('%s', (_name, reading, expected) => {
      const logging = { ...snapshot().logging };
      if (reading) logging[DEV] = reading;
      else delete logging[DEV];
      const cell = dev(assess({ logging }))?.logging;
      expect(cell?.state).toBe(expected.state);
      expect(cell?.problems).toHaveLength(expected.problems.length);
      expected.problems.forEach((pattern, index) => expect(cell?.problems[index]).toMatch(pattern));
    });

    it('prefers the trail that logs into the log archive when several cover the account', () => {
      const logging = {
        ...snapshot().logging,
        [DEV]: { trails: [trail({ name: 'a-old', logging: false }), trail({ name: 'z-good' })] },
      };
      expect(dev(assess({ logging }))?.logging).toMatchObject({ state: 'ok', trail: 'z-good' });
    });

    it('--max-log-age decides what is stale', () => {
      expect(dev(assess({}, { maxLogAgeMinutes: 5 }))?.logging.problems).toEqual([
        'last delivery 10m ago (more than 5m)',
      ]);
    });
  });

  describe('findings', () => {
    it('counts by severity per account and totals; --fail-on counts at or above', () => {
      const findings = [
        finding({ severity: 'critical' }),
        finding({ severity: 'high' }),
        finding({ severity: 'medium' }),
        finding({ severity: 'medium', accountId: PROD }),
      ];
      const base = snapshot();
      const securityHub =
        base.securityHub.state === 'read'
          ? { ...base.securityHub, data: { ...base.securityHub.data, findings } }
          : base.securityHub;
      const table: Array<[AssessOptions['failOn'], number]> = [
        ['critical', 1],
        ['high', 2],
        ['medium', 4],
      ];
      for (const [failOn, expected] of table)
        expect(assess({ securityHub }, { failOn }).atOrAboveFailOn, failOn).toBe(expected);
      const result = assess({ securityHub });
      expect(dev(result)?.securityHub).toEqual({ state: 'issues', counts: { critical: 1, high: 1, medium: 1 } });
      expect(result.totals.securityHub).toEqual({ critical: 1, high: 1, medium: 2 });
      expect(result.worst.map((item) => item.severity)).toEqual(['critical', 'high', 'medium', 'medium']);
      expect(result.worst[0]?.link).toMatch(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\/securityhub\//);
    });

    it('an account that is not a member is MISSING; one with findings is not, whatever its membership', () => {
      const base = snapshot();
      if (base.guardDuty.state !== 'read') throw new Error('fixture');
      const guardDuty = {
        ...base.guardDuty,
        data: { ...base.guardDuty.data, members: [SECURITY], findings: [finding({ accountId: PROD })] },
      };
      const result = assess({ guardDuty });
      expect(result.accounts.map((account) => account.guardDuty.state)).toEqual(['missing', 'issues', 'ok']);
    });

    it('findings of accounts that are not selected are neither counted nor listed', () => {
      const base = snapshot();
      if (base.guardDuty.state !== 'read') throw new Error('fixture');
      const guardDuty = {
        ...base.guardDuty,
        data: { ...base.guardDuty.data, findings: [finding({ accountId: '444444444444', severity: 'critical' })] },
      };
      const result = assess({ guardDuty });
      expect(result).toMatchObject({ atOrAboveFailOn: 0, itemCount: 0 });
    });

    it('an administrator that cannot be read is one problem with its fix; the cells are unknown, not errors', () => {
      const result = assess({
        securityHub: {
          state: 'unavailable',
          problem: 'Security Hub has no delegated administrator in us-east-1',
          fix: 'designate one',
        },
      });
      expect(result.problems).toEqual([
        {
          source: 'securityhub',
          problem: 'Security Hub has no delegated administrator in us-east-1',
          fix: 'designate one',
        },
      ]);
      expect(result.accounts.map((account) => account.securityHub.state)).toEqual(['unknown', 'unknown', 'unknown']);
      expect(result.sources.securityHub).toBeUndefined();
    });
  });

  describe('Config rules', () => {
    it('non-compliant rules make issues; accounts without rules are MISSING; Security Hub rules are not listed twice', () => {
      const base = snapshot();
      if (base.config.state !== 'read') throw new Error('fixture');
      const rules = [
        { rule: 'securityhub-ec2-19', accountId: DEV, region: 'us-east-1', compliance: 'NON_COMPLIANT' as const },
        {
          rule: 's3-bucket-versioning',
          accountId: DEV,
          region: 'us-east-1',
          compliance: 'NON_COMPLIANT' as const,
          nonCompliantResources: 2,
          sampleResource: 'AWS::S3::Bucket logs',
        },
        { rule: 'iam-password-policy', accountId: DEV, region: 'us-east-1', compliance: 'COMPLIANT' as const },
        { rule: 'iam-password-policy', accountId: PROD, region: 'us-east-1', compliance: 'COMPLIANT' as const },
      ];
      const result = assess({ config: { ...base.config, data: { ...base.config.data, rules } } });
      expect(result.accounts.map((account) => account.config)).toEqual([
        { state: 'issues', compliant: 1, nonCompliant: 2 },
        { state: 'ok', compliant: 1, nonCompliant: 0 },
        { state: 'missing', compliant: 0, nonCompliant: 0 },
      ]);
      expect(result.totals.nonCompliantRules).toBe(2);
      expect(result.worst).toEqual([
        expect.objectContaining({
          source: 'config',
          title: 'Config rule s3-bucket-versioning is non-compliant (2 resource(s))',
          resource: 'AWS::S3::Bucket logs',
          accountName: 'Dev',
        }),
      ]);
    });
  });

  describe('SCPs', () => {
    it('compares the set in effect (root, OUs above, the account) with the landing-zone file', () => {
      const base = snapshot();
      if (base.scps.state !== 'read') throw new Error('fixture');
      const scps = {
        ...base.scps,
        data: [
          ...base.scps.data.filter((scp) => scp.name !== 'RequireTags'),
          { id: 'p-x', name: 'Handmade', targets: [PROD] },
        ],
      };
      const result = assess({ scps });
      expect(
        result.accounts.map((account) => [account.scps.state, account.scps.missing, account.scps.unexpected]),
      ).toEqual([
        ['issues', ['RequireTags'], []],
        ['issues', ['RequireTags'], ['Handmade']],
        ['ok', [], []],
      ]);
      expect(result.worst.filter((item) => item.source === 'scp').map((item) => item.title)).toEqual([
        'SCP RequireTags is not in effect (the landing-zone file attaches it)',
        'SCP Handmade is in effect but not in the landing-zone file',
        'SCP RequireTags is not in effect (the landing-zone file attaches it)',
      ]);
    });

    it('without a landing-zone file the SCPs in effect are shown unchecked', () => {
      const result = assess({ expectedScps: undefined });
      expect(dev(result)?.scps).toEqual({
        state: 'unchecked',
        inEffect: ['DenyRootAccountUsage', 'FullAWSAccess', 'RequireTags'],
        missing: [],
        unexpected: [],
      });
      expect(result.sources.scps).toBeUndefined();
    });

    it('an OU between the root and the account passes its SCPs down', () => {
      const result = assess();
      expect(dev(result)?.scps.inEffect).toContain('RequireTags');
      expect(result.accounts.find((account) => account.accountId === SECURITY)?.scps.inEffect).not.toContain(
        'RequireTags',
      );
      expect(WORKLOADS).toMatch(/^ou-/);
    });
  });

  it('worst items: critical and high findings, then logging and SCP problems, then medium findings, then rules; --top cuts', () => {
    const base = snapshot();
    if (base.guardDuty.state !== 'read' || base.config.state !== 'read') throw new Error('fixture');
    const result = assess(
      {
        guardDuty: {
          ...base.guardDuty,
          data: {
            ...base.guardDuty.data,
            findings: [finding({ severity: 'medium' }), finding({ severity: 'critical', accountId: PROD })],
          },
        },
        config: {
          ...base.config,
          data: {
            ...base.config.data,
            rules: [
              ...base.config.data.rules,
              { rule: 'custom', accountId: PROD, region: 'us-east-1', compliance: 'NON_COMPLIANT' },
            ],
          },
        },
        logging: { ...base.logging, [DEV]: { trails: [trail({ validation: false })] } },
      },
      { top: 3 },
    );
    expect(result.itemCount).toBe(4);
    expect(result.worst.map((item) => `${item.source}:${item.severity ?? '-'}`)).toEqual([
      'guardduty:critical',
      'cloudtrail:-',
      'guardduty:medium',
    ]);
  });
});

describe('describeAge', () => {
  it.each([
    [0, '0m'],
    [59, '59m'],
    [60, '1h'],
    [47 * 60, '47h'],
    [48 * 60, '2d'],
  ])('%i minutes -> %s', (minutes, text) => expect(describeAge(minutes)).toBe(text));
});
