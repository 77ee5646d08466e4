import { describe, expect, it } from 'vitest';
import { planConfig, type ConfigCurrent, type RegionConfigState } from '../../src/baselines/config.js';

const desired = {
  regions: ['us-east-1', 'us-west-2'],
  homeRegion: 'us-east-1',
  recorderName: 'default',
  channelName: 'default',
  bucket: 'logs',
  roleArn: 'arn:aws:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
};
const region = (global: boolean): RegionConfigState => ({
  recorder: {
    name: 'default',
    roleArn: desired.roleArn,
    allSupported: true,
    includeGlobalResourceTypes: global,
    resourceTypes: [],
  },
  recording: true,
  channel: { name: 'default', bucket: 'logs' },
});
const complete: ConfigCurrent = { regions: { 'us-east-1': region(true), 'us-west-2': region(false) } };

describe('planConfig', () => {
  it.each<[string, ConfigCurrent, { state: string; actions: string[]; differences?: RegExp[] }]>([
    [
      'nothing (and no service-linked role)',
      { regions: { 'us-east-1': { recording: false }, 'us-west-2': { recording: false } }, serviceLinkedRole: false },
      {
        state: 'missing',
        actions: [
          'create-service-linked-role',
          'put-recorder',
          'put-delivery-channel',
          'start-recorder',
          'put-recorder',
          'put-delivery-channel',
          'start-recorder',
        ],
      },
    ],
    ['complete', complete, { state: 'ok', actions: [] }],
    [
      'drifted: global resources recorded outside the home region, recorder stopped',
      { regions: { 'us-east-1': region(true), 'us-west-2': { ...region(true), recording: false } } },
      {
        state: 'drift',
        actions: ['put-recorder', 'start-recorder'],
        differences: [/us-west-2: recorder default records global resources outside the home region/, /not recording/],
      },
    ],
    [
      'drifted: only some resource types, channel to another bucket',
      {
        regions: {
          'us-east-1': {
            ...region(true),
            recorder: {
              ...(region(true).recorder as NonNullable<RegionConfigState['recorder']>),
              allSupported: false,
              resourceTypes: ['AWS::EC2::Instance'],
            },
            channel: { name: 'mine', bucket: 'other' },
          },
          'us-west-2': region(false),
        },
      },
      {
        state: 'drift',
        actions: ['put-recorder', 'put-delivery-channel'],
        differences: [/does not record all supported resource types/, /delivers to s3:\/\/other, not s3:\/\/logs/],
      },
    ],
    [
      'one region missing: the service-linked role exists already',
      { regions: { 'us-east-1': region(true), 'us-west-2': { recording: false } }, serviceLinkedRole: true },
      { state: 'drift', actions: ['put-recorder', 'put-delivery-channel', 'start-recorder'] },
    ],
  ])('%s', (_label, current, expected) => {
    const plan = planConfig(current, desired);
    expect(plan.state).toBe(expected.state);
    expect(plan.changes.map((change) => change.action)).toEqual(expected.actions);
    for (const pattern of expected.differences ?? []) expect(plan.differences.join('\n')).toMatch(pattern);
  });

  it('keeps the names of an existing recorder and channel (one of each per region)', () => {
    const current: ConfigCurrent = {
      regions: {
        'us-east-1': {
          ...region(false),
          recorder: { ...(region(false).recorder as NonNullable<RegionConfigState['recorder']>), name: 'legacy' },
          channel: { name: 'legacy-channel', bucket: 'old' },
        },
        'us-west-2': region(false),
      },
    };
    const plan = planConfig(current, desired);
    expect(plan.changes).toEqual([
      expect.objectContaining({
        action: 'put-recorder',
        region: 'us-east-1',
        name: 'legacy',
        includeGlobalResourceTypes: true,
      }),
      expect.objectContaining({ action: 'put-delivery-channel', region: 'us-east-1', name: 'legacy-channel' }),
    ]);
  });
});
