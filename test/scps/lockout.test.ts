import { describe, expect, it } from 'vitest';
import { lockoutRefusals } from '../../src/scps/guardrails.js';
import {
  findLockouts,
  narrowsBelow,
  type LevelPolicy,
  type LockoutInput,
  type OrgNode,
} from '../../src/scps/lockout.js';

// A small action universe is enough: the evaluation is the same over AWS's 22,000 actions.
const UNIVERSE = ['s3:GetObject', 's3:PutObject', 'ec2:RunInstances', 'ec2:DescribeVpcs', 'iam:CreateRole'];

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const FULL: LevelPolicy = { name: 'FullAWSAccess', content: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) };
const DENY_ALL: LevelPolicy = { name: 'StopEverything', content: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) };
const DENY_ALL_BUT_BREAK_GLASS: LevelPolicy = {
  name: 'StopAlmostEveryone',
  content: doc({
    Effect: 'Deny',
    Action: '*',
    Resource: '*',
    Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' } },
  }),
};
const S3_ONLY: LevelPolicy = { name: 'S3Only', content: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) };
const EC2_ONLY: LevelPolicy = { name: 'Ec2Only', content: doc({ Effect: 'Allow', Action: ['ec2:*'], Resource: '*' }) };
const DENY_S3: LevelPolicy = { name: 'DenyS3', content: doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' }) };
const DENY_ALL_BUT_IAM: LevelPolicy = {
  name: 'OnlyIam',
  content: doc({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }),
};
const DENY_EVERYTHING_ONE_BUCKET: LevelPolicy = {
  name: 'LockOneBucket',
  content: doc({ Effect: 'Deny', Action: '*', Resource: 'arn:aws:s3:::secret/*' }),
};

const MANAGEMENT = '000000000000';
const NODES = new Map<string, OrgNode>(
  [
    { id: 'r-root', type: 'ROOT', label: 'root' },
    { id: 'ou-work', type: 'ORGANIZATIONAL_UNIT', label: 'Workloads', parentId: 'r-root' },
    { id: 'ou-empty', type: 'ORGANIZATIONAL_UNIT', label: 'Suspended', parentId: 'r-root' },
    { id: '111111111111', type: 'ACCOUNT', label: 'Dev (111111111111)', parentId: 'ou-work' },
    { id: '222222222222', type: 'ACCOUNT', label: 'Prod (222222222222)', parentId: 'ou-work' },
    { id: MANAGEMENT, type: 'ACCOUNT', label: 'Management (000000000000)', parentId: 'r-root' },
  ].map((node) => [node.id, node as OrgNode]),
);

type Levels = Record<string, LevelPolicy[]>;

function input(before: Levels, after: Levels, targetId: string, attach: string[] = [], update: string[] = []) {
  const value: LockoutInput = {
    nodes: NODES,
    managementAccountId: MANAGEMENT,
    before: new Map(Object.entries(before)),
    after: new Map(Object.entries(after)),
    changes: [{ targetId, attach, detach: [], update }],
    universe: UNIVERSE,
  };
  return value;
}

describe('findLockouts: what a plan would leave unable to do anything', () => {
  it.each([
    [
      'an unconditional Deny * on an OU',
      input({}, { 'ou-work': [FULL, DENY_ALL] }, 'ou-work', ['StopEverything']),
      { target: 'Workloads', reason: 'deny-all', accounts: ['Dev (111111111111)', 'Prod (222222222222)'] },
    ],
    [
      'an unconditional Deny * on the root (the management account is spared, the members are not)',
      input({}, { 'r-root': [FULL, DENY_ALL] }, 'r-root', ['StopEverything']),
      { target: 'root', reason: 'deny-all', accounts: ['Dev (111111111111)', 'Prod (222222222222)'] },
    ],
    [
      'an unconditional Deny * on an OU that holds no account yet',
      input({}, { 'ou-empty': [FULL, DENY_ALL] }, 'ou-empty', ['StopEverything']),
      { target: 'Suspended', reason: 'deny-all', accounts: [] },
    ],
    [
      'an allow list updated to allow nothing',
      input(
        { 'ou-work': [S3_ONLY] },
        { 'ou-work': [{ name: 'S3Only', content: doc({ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }) }] },
        'ou-work',
        [],
        ['S3Only'],
      ),
      { target: 'Workloads', reason: 'no-allow', accounts: ['Dev (111111111111)', 'Prod (222222222222)'] },
    ],
    [
      'a Deny that takes away what an allow list above left',
      input(
        { 'ou-work': [S3_ONLY], '111111111111': [FULL] },
        { 'ou-work': [S3_ONLY], '111111111111': [FULL, DENY_S3] },
        '111111111111',
        ['DenyS3'],
      ),
      { target: 'Dev (111111111111)', reason: 'no-allow', accounts: ['Dev (111111111111)'] },
    ],
    [
      'a Deny on an OU that leaves nothing to an account with its own allow list',
      input(
        { 'ou-work': [FULL], '222222222222': [EC2_ONLY] },
        {
          'ou-work': [FULL, { name: 'DenyEc2', content: doc({ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }) }],
          '222222222222': [EC2_ONLY],
        },
        'ou-work',
        ['DenyEc2'],
      ),
      { target: 'Workloads', reason: 'no-allow', accounts: ['Prod (222222222222)'] },
    ],
    [
      'a Deny of everything but IAM, then an allow list of S3 below: nothing left in common',
      input(
        { '111111111111': [S3_ONLY] },
        { 'ou-work': [FULL, DENY_ALL_BUT_IAM], '111111111111': [S3_ONLY] },
        'ou-work',
        ['OnlyIam'],
      ),
      { target: 'Workloads', reason: 'no-allow', accounts: ['Dev (111111111111)'] },
    ],
  ])('refuses %s', (_name, given, expected) => {
    const [lockout, ...others] = findLockouts(given);
    expect(others).toEqual([]);
    expect({
      target: lockout?.target,
      reason: lockout?.reason,
      accounts: lockout?.accounts.map((account) => account.label),
    }).toEqual(expected);
  });

  it.each([
    [
      'a Deny * that spares a break-glass role',
      input({}, { 'ou-work': [FULL, DENY_ALL_BUT_BREAK_GLASS] }, 'ou-work', ['StopAlmostEveryone']),
    ],
    ['a Deny of everything but IAM', input({}, { 'ou-work': [FULL, DENY_ALL_BUT_IAM] }, 'ou-work', ['OnlyIam'])],
    [
      'a Deny * on one bucket only',
      input({}, { 'ou-work': [FULL, DENY_EVERYTHING_ONE_BUCKET] }, 'ou-work', ['LockOneBucket']),
    ],
    [
      'an allow list that still allows something',
      input({ 'ou-work': [FULL] }, { 'ou-work': [S3_ONLY] }, 'ou-work', [], ['FullAWSAccess']),
    ],
    [
      'a quarantine OU that was locked before the plan already (another SCP added there)',
      input({ 'ou-empty': [FULL, DENY_ALL] }, { 'ou-empty': [FULL, DENY_ALL, S3_ONLY] }, 'ou-empty', ['S3Only']),
    ],
  ])('accepts %s', (_name, given) => {
    expect(findLockouts(given)).toEqual([]);
  });

  it('names the change, the target, the accounts and why in one message', () => {
    const [lockout] = findLockouts(input({}, { 'ou-work': [FULL, DENY_ALL] }, 'ou-work', ['StopEverything']));
    expect(lockout?.message).toBe(
      'attaching StopEverything on Workloads would lock out 2 account(s): Dev (111111111111), Prod (222222222222): StopEverything denies every action on every resource without a condition, so no principal there could do anything',
    );
  });

  it('asks for the levels below a target only when the target allows less than everything', () => {
    expect(narrowsBelow(input({}, { 'ou-work': [FULL, DENY_ALL_BUT_BREAK_GLASS] }, 'ou-work'), 'ou-work')).toBe(false);
    expect(narrowsBelow(input({}, { 'ou-work': [FULL, DENY_S3] }, 'ou-work'), 'ou-work')).toBe(true);
  });
});

describe('lockoutRefusals: --allow-lockout', () => {
  const onOu = findLockouts(input({}, { 'ou-work': [FULL, DENY_ALL] }, 'ou-work', ['StopEverything']));
  const onRoot = findLockouts(input({}, { 'r-root': [FULL, DENY_ALL] }, 'r-root', ['StopEverything']));

  it('refuses every lockout without it', () => {
    expect(lockoutRefusals([...onOu, ...onRoot], false).refusals.map((refusal) => refusal.target)).toEqual([
      'Workloads',
      'root',
    ]);
  });

  it('accepts an OU locked out on purpose with it, and still refuses the root', () => {
    const { refusals, accepted } = lockoutRefusals([...onOu, ...onRoot], true);
    expect(accepted.map((lockout) => lockout.target)).toEqual(['Workloads']);
    expect(refusals).toEqual([
      expect.objectContaining({
        code: 'scp-lockout',
        target: 'root',
        policy: 'StopEverything',
        message: expect.stringMatching(/never allowed on the root/),
      }),
    ]);
  });
});
