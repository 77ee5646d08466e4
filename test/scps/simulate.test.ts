import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  evaluateScps,
  FULL_AWS_ACCESS_POLICY,
  normalizeForEvaluation,
  roleArnOfSession,
  type ScpLevel,
} from '../../src/scps/simulate.js';
import { casesOutcome, runCasesFile } from '../../src/scps/test-cases.js';
import { buildScpRequest, parseContextOptions, principalArnOf } from '../../src/scps/test-request.js';

const denyRegions: ScpLevel['policies'][number] = {
  id: 'p-regions1',
  name: 'Regions',
  arn: 'arn:aws:organizations::123456789012:policy/o-abc/service_control_policy/p-regions1',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyEu',
        Effect: 'Deny',
        NotAction: ['iam:*'],
        Resource: '*',
        Condition: {
          StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] },
          ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' },
        },
      },
    ],
  },
};

const levels = (accountPolicies = [FULL_AWS_ACCESS_POLICY]): ScpLevel[] => [
  { id: 'r-abcd', name: 'root', type: 'ROOT', policies: [FULL_AWS_ACCESS_POLICY] },
  {
    id: 'ou-abcd-11111111',
    name: 'Workloads',
    type: 'ORGANIZATIONAL_UNIT',
    policies: [FULL_AWS_ACCESS_POLICY, denyRegions],
  },
  { id: '111122223333', name: 'Dev', type: 'ACCOUNT', policies: accountPolicies },
];

describe('evaluateScps', () => {
  test('an explicit deny names the policy, where it is attached, the statement and why', async () => {
    const request = buildScpRequest({
      accountId: '111122223333',
      action: 'ec2:RunInstances',
      resource: 'arn:aws:ec2:us-west-2:111122223333:instance/*',
    });
    const decision = await evaluateScps(levels(), request);
    expect(decision.decision).toBe('Denied');
    expect(decision.denial).toMatchObject({
      kind: 'explicit',
      level: { id: 'ou-abcd-11111111', name: 'Workloads' },
      policy: { id: 'p-regions1', name: 'Regions', arn: denyRegions.arn },
      sid: 'OnlyEu',
    });
    expect(decision.denial?.reason).toContain('aws:RequestedRegion is us-west-2 (StringNotEquals eu-west-1)');
  });

  test('the exemptions hold: a global service, the break-glass role (also as an assumed-role session), an allowed Region', async () => {
    const allowed = async (input: Parameters<typeof buildScpRequest>[0]) =>
      (await evaluateScps(levels(), buildScpRequest(input))).decision;
    expect(await allowed({ accountId: '111122223333', action: 'iam:CreateRole', region: 'us-west-2' })).toBe('Allowed');
    expect(
      await allowed({
        accountId: '111122223333',
        action: 'ec2:RunInstances',
        region: 'us-west-2',
        principal: 'BreakGlass',
      }),
    ).toBe('Allowed');
    expect(
      await allowed({
        accountId: '111122223333',
        action: 'ec2:RunInstances',
        region: 'us-west-2',
        principal: 'arn:aws:sts::111122223333:assumed-role/BreakGlass/alice',
      }),
    ).toBe('Allowed');
    expect(await allowed({ accountId: '111122223333', action: 'ec2:RunInstances', region: 'eu-west-1' })).toBe(
      'Allowed',
    );
  });

  test('a level where no SCP allows the action denies it implicitly', async () => {
    const allowS3 = {
      id: 'p-allows3x',
      name: 'AllowS3',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
    };
    const decision = await evaluateScps(
      levels([allowS3]),
      buildScpRequest({ accountId: '111122223333', action: 'dynamodb:GetItem', region: 'eu-west-1' }),
    );
    expect(decision.denial).toMatchObject({
      kind: 'implicit',
      level: { id: '111122223333', name: 'Dev' },
      reason: 'no SCP attached to Dev (111122223333) allows it',
    });
    expect(
      (
        await evaluateScps(
          levels([allowS3]),
          buildScpRequest({ accountId: '111122223333', action: 's3:GetObject', region: 'eu-west-1' }),
        )
      ).decision,
    ).toBe('Allowed');
  });

  test('an action missing from the authorization reference cannot be evaluated', async () => {
    await expect(
      evaluateScps(levels(), buildScpRequest({ accountId: '111122223333', action: 'ec2:LaunchRocket' })),
    ).rejects.toThrow(/not in AWS's service authorization reference/);
  });

  test('statements without Resource apply to every resource, as in AWS', () => {
    expect(normalizeForEvaluation({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*' } })).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    });
  });
});

describe('test requests', () => {
  test('principals: root, a role name, ARNs; sessions condition on their role ARN', () => {
    expect(principalArnOf('root', '111122223333')).toBe('arn:aws:iam::111122223333:root');
    expect(principalArnOf('BreakGlass', '111122223333')).toBe('arn:aws:iam::111122223333:role/BreakGlass');
    expect(() => principalArnOf('arn:aws:s3:::bucket', '111122223333')).toThrow(/not an IAM role/);
    expect(roleArnOfSession('arn:aws:sts::111122223333:assumed-role/Admin/alice')).toBe(
      'arn:aws:iam::111122223333:role/Admin',
    );
  });

  test('the Region comes from the resource ARN unless given; tags become request tags', () => {
    const request = buildScpRequest({
      accountId: '111122223333',
      action: 'ec2:RunInstances',
      resource: 'arn:aws:ec2:ap-south-1:111122223333:instance/*',
      tags: { owner: 'a' },
    });
    expect(request.context).toEqual({
      'aws:RequestedRegion': 'ap-south-1',
      'aws:RequestTag/owner': 'a',
      'aws:TagKeys': ['owner'],
    });
    expect(() => buildScpRequest({ accountId: '1', action: 'RunInstances' })).toThrow(/not an action/);
    expect(parseContextOptions(['aws:TagKeys=a,b', 's3:x-amz-server-side-encryption=aws:kms'])).toEqual({
      'aws:TagKeys': ['a', 'b'],
      's3:x-amz-server-side-encryption': 'aws:kms',
    });
  });
});

describe('cases files', () => {
  test('the bundled cases pass, offline', async () => {
    const report = await runCasesFile(undefined, 'templates/scps/cases.yaml');
    expect(report.mode).toBe('offline');
    expect(report.results.filter((result) => !result.passed)).toEqual([]);
    expect(report.passed).toBeGreaterThanOrEqual(20);
    expect(casesOutcome(report)).toBe('ok');
  });

  test('a wrong expectation, a wrong policy and a wrong statement each fail the run (exit 1)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'awsarch-cases-'));
    const file = join(dir, 'cases.yaml');
    await writeFile(
      file,
      [
        'policies: [RequireRegions, PreventSecurityChanges]',
        'parameters: { allowedRegions: [eu-west-1] }',
        'cases:',
        '  - { name: right, action: "ec2:RunInstances", region: us-east-1, expect: Denied, deniedBy: RequireRegions, sid: DenyOutsideAllowedRegions }',
        '  - { name: wrong outcome, action: "ec2:RunInstances", region: eu-west-1, expect: Denied }',
        '  - { name: wrong policy, action: "ec2:RunInstances", region: us-east-1, expect: Denied, deniedBy: PreventSecurityChanges }',
        '  - { name: wrong sid, action: "cloudtrail:StopLogging", region: eu-west-1, expect: Denied, sid: ProtectConfig }',
      ].join('\n'),
    );
    const report = await runCasesFile(undefined, file);
    expect(report.results.map((result) => [result.name, result.passed, result.mismatch])).toEqual([
      ['right', true, undefined],
      ['wrong outcome', false, 'expected Denied, got Allowed'],
      ['wrong policy', false, 'expected to be denied by PreventSecurityChanges, denied by RequireRegions'],
      ['wrong sid', false, 'expected statement ProtectConfig, got ProtectCloudTrail'],
    ]);
    expect(casesOutcome(report)).toBe('failed');
  });

  test('a cases file that is not valid says where', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'awsarch-cases-'));
    const file = join(dir, 'cases.yaml');
    await writeFile(
      file,
      'policies: [RequireRegions]\ncases:\n  - { name: x, action: "s3:GetObject", expect: Maybe }\n',
    );
    await expect(runCasesFile(undefined, file)).rejects.toThrow(/cases\[0\]\.expect/);
  });
});
