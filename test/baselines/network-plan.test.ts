import { describe, expect, it } from 'vitest';
import {
  isOwnDuplicate,
  keptVpc,
  NETWORK_TAGS,
  planNetwork,
  subnetCidrFor,
  vpcTags,
  type DuplicateVpc,
  type NetworkCurrent,
  type NetworkDesired,
} from '../../src/baselines/network-plan.js';

const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const desired: NetworkDesired = {
  vpcName: 'baseline',
  baselineName: 'default',
  pool: '10.0.0.0/8',
  cidr: '10.3.0.0/16',
  subnetPrefixLength: 20,
  zones,
  transitGatewayId: 'tgw-0123456789abcdef0',
  transitGatewayOwner: 'Shared Services (333333333333)',
  needsAcceptance: true,
};
const subnets = zones.map((zone, i) => ({ id: `subnet-${i}`, zone, cidr: `10.3.${i * 16}.0/20`, baseline: true }));
const complete: NetworkCurrent = {
  vpc: { id: 'vpc-1', cidr: '10.3.0.0/16', tags: vpcTags(desired, '10.3.0.0/16') },
  subnets,
  attachment: { id: 'tgw-attach-1', state: 'available', subnetIds: subnets.map((subnet) => subnet.id) },
  zones: [...zones, 'us-east-1d'],
};

describe('planNetwork', () => {
  it.each<[string, NetworkCurrent, NetworkDesired, { state: string; actions: string[]; differences?: RegExp[] }]>([
    [
      'nothing',
      { subnets: [], zones },
      desired,
      {
        state: 'missing',
        actions: [
          'create-vpc',
          'create-subnet',
          'create-subnet',
          'create-subnet',
          'create-attachment',
          'accept-attachment',
        ],
      },
    ],
    [
      'nothing, the owner account itself (no acceptance)',
      { subnets: [], zones },
      { ...desired, needsAcceptance: false },
      {
        state: 'missing',
        actions: ['create-vpc', 'create-subnet', 'create-subnet', 'create-subnet', 'create-attachment'],
      },
    ],
    ['complete', complete, desired, { state: 'ok', actions: [] }],
    [
      'drifted: attachment awaits acceptance',
      { ...complete, attachment: { id: 'tgw-attach-1', state: 'pendingAcceptance', subnetIds: ['subnet-0'] } },
      desired,
      { state: 'drift', actions: ['accept-attachment'], differences: [/awaits acceptance by Shared Services/] },
    ],
    [
      'drifted: a subnet deleted and detached',
      {
        ...complete,
        subnets: subnets.slice(0, 2),
        attachment: { id: 'tgw-attach-1', state: 'available', subnetIds: ['subnet-0', 'subnet-1'] },
      },
      desired,
      {
        state: 'drift',
        actions: ['create-subnet', 'modify-attachment'],
        differences: [/no private subnet in us-east-1c/, /has no subnet in us-east-1c/],
      },
    ],
    [
      'drifted: the attachment was deleted',
      { ...complete, attachment: { id: 'tgw-attach-1', state: 'deleted', subnetIds: [] } },
      desired,
      { state: 'drift', actions: ['create-attachment', 'accept-attachment'] },
    ],
    [
      'drifted: the allocation is not recorded on the tags',
      {
        ...complete,
        vpc: { id: 'vpc-1', cidr: '10.3.0.0/16', tags: { Name: 'baseline', [NETWORK_TAGS.pool]: '10.0.0.0/8' } },
      },
      desired,
      {
        state: 'drift',
        actions: ['tag-vpc'],
        differences: [/lacks tags awsarch:baseline=default, awsarch:cidr=10.3.0.0\/16/],
      },
    ],
    [
      'an attachment still pending needs nothing but time',
      { ...complete, attachment: { id: 'tgw-attach-1', state: 'pending', subnetIds: [] } },
      desired,
      { state: 'drift', actions: [], differences: [/is pending/] },
    ],
  ])('%s', (_label, current, wanted, expected) => {
    const plan = planNetwork(current, wanted);
    expect(plan.state).toBe(expected.state);
    expect(plan.changes.map((change) => change.action)).toEqual(expected.actions);
    for (const pattern of expected.differences ?? []) expect(plan.differences.join('\n')).toMatch(pattern);
  });

  it('carves the subnets from the allocated CIDR, one per zone', () => {
    const plan = planNetwork({ subnets: [], zones }, desired);
    expect(
      plan.changes
        .filter((change) => change.action === 'create-subnet')
        .map((change) => change.action === 'create-subnet' && `${change.zone}=${change.cidr}`),
    ).toEqual(['us-east-1a=10.3.0.0/20', 'us-east-1b=10.3.16.0/20', 'us-east-1c=10.3.32.0/20']);
    expect(plan.changes[0]).toMatchObject({ action: 'create-vpc', cidr: '10.3.0.0/16' });
  });

  it('says the CIDR will be allocated when status has none to show', () => {
    expect(planNetwork({ subnets: [], zones }, { ...desired, cidr: undefined }).changes[0]?.description).toBe(
      'create VPC baseline with a CIDR allocated from 10.0.0.0/8',
    );
  });
});

describe('subnetCidrFor', () => {
  it("takes the zone's own slot when free, else the first free block", () => {
    expect(subnetCidrFor('10.3.0.0/16', 20, 2, [])).toBe('10.3.32.0/20');
    expect(subnetCidrFor('10.3.0.0/16', 20, 2, ['10.3.32.0/24', '10.3.0.0/20'])).toBe('10.3.16.0/20');
    expect(subnetCidrFor('10.3.0.0/24', 25, 0, ['10.3.0.0/25', '10.3.0.128/25'])).toBeUndefined();
  });
});

describe('duplicate VPCs from the pool', () => {
  const duplicate = (overrides: Partial<DuplicateVpc> = {}): DuplicateVpc => ({
    id: 'vpc-2',
    cidr: '10.3.0.0/16',
    tags: vpcTags(desired, '10.3.0.0/16'),
    subnets: [{ id: 'subnet-9', baseline: true }],
    attachments: [{ id: 'tgw-attach-9', state: 'available', transitGatewayId: desired.transitGatewayId }],
    ...overrides,
  });

  it('are DRIFT naming what to delete, and deleted when provably the baseline own', () => {
    const plan = planNetwork({ ...complete, duplicates: [duplicate()] }, desired);
    expect(plan.state).toBe('drift');
    expect(plan.differences).toEqual([
      'duplicate VPC vpc-2 (10.3.0.0/16) from 10.0.0.0/8 besides vpc-1: delete it with its attachment tgw-attach-9 and 1 subnet(s)',
    ]);
    expect(plan.changes).toEqual([
      expect.objectContaining({ action: 'delete-duplicate-vpc', vpc: expect.objectContaining({ id: 'vpc-2' }) }),
    ]);
  });

  it.each([
    ['another baseline', { tags: { ...vpcTags(desired, '10.3.0.0/16'), [NETWORK_TAGS.baseline]: 'other' } }],
    ['a subnet the baseline did not create', { subnets: [{ id: 'subnet-x', baseline: false }] }],
  ])('are reported but left alone when they hold %s', (_name, overrides) => {
    const plan = planNetwork({ ...complete, duplicates: [duplicate(overrides)] }, desired);
    expect(plan.state).toBe('drift');
    expect(plan.differences[0]).toMatch(/delete it by hand with its .*\(it is not provably this baseline's own/);
    expect(plan.changes).toEqual([]);
    expect(isOwnDuplicate(duplicate(overrides), desired)).toBe(false);
  });

  it('keeps the same VPC whichever run asks: the attached one, then the named one, then more subnets, then the lowest id', () => {
    const base = { tags: {}, baselineSubnets: 0 };
    expect(
      keptVpc(
        [
          { ...base, id: 'vpc-a', baselineSubnets: 3 },
          { ...base, id: 'vpc-b', attachmentState: 'available' },
        ],
        'baseline',
      )?.id,
    ).toBe('vpc-b');
    expect(
      keptVpc(
        [
          { ...base, id: 'vpc-a' },
          { ...base, id: 'vpc-b', tags: { Name: 'baseline' } },
        ],
        'baseline',
      )?.id,
    ).toBe('vpc-b');
    expect(
      keptVpc(
        [
          { ...base, id: 'vpc-b' },
          { ...base, id: 'vpc-a' },
        ],
        'baseline',
      )?.id,
    ).toBe('vpc-a');
  });
});
