import { describe, expect, it } from 'vitest';
import { planGuardDuty, type GuardDutyCurrent, type RegionGuardDutyState } from '../../src/baselines/guardduty.js';

const desired = {
  regions: ['us-east-1', 'us-west-2'],
  administrator: 'Security (222222222222)',
  findingPublishingFrequency: 'SIX_HOURS',
};
const enabled: RegionGuardDutyState = {
  detectorId: 'd1',
  status: 'ENABLED',
  findingPublishingFrequency: 'SIX_HOURS',
  relationship: 'Enabled',
};
const both = (state: RegionGuardDutyState, west: RegionGuardDutyState = state): GuardDutyCurrent => ({
  isAdministrator: false,
  regions: { 'us-east-1': state, 'us-west-2': west },
});

describe('planGuardDuty', () => {
  it.each<[string, GuardDutyCurrent, { state: string; actions: string[]; differences?: RegExp[] }]>([
    [
      'nothing: the administrator adds the account (which enables GuardDuty)',
      both({}),
      { state: 'missing', actions: ['create-member', 'create-member'] },
    ],
    ['complete', both(enabled), { state: 'ok', actions: [] }],
    [
      'drifted: detector disabled in one region',
      both(enabled, { ...enabled, status: 'DISABLED' }),
      { state: 'drift', actions: ['update-detector'], differences: [/us-west-2: detector is DISABLED/] },
    ],
    [
      'drifted: monitoring suspended by the administrator',
      both({ ...enabled, relationship: 'Disabled' }, enabled),
      { state: 'drift', actions: ['start-monitoring'], differences: [/us-east-1: membership is Disabled/] },
    ],
    [
      'drifted: an invitation-based member is re-added without invitation',
      both({ ...enabled, relationship: 'Created' }, enabled),
      { state: 'drift', actions: ['create-member'] },
    ],
    [
      'drifted: member whose detector was deleted',
      both({ relationship: 'Enabled' }, enabled),
      { state: 'drift', actions: ['create-detector'], differences: [/no detector/] },
    ],
    [
      'the administrator itself needs only its detectors',
      {
        isAdministrator: true,
        regions: {
          'us-east-1': { detectorId: 'a', status: 'ENABLED', findingPublishingFrequency: 'SIX_HOURS' },
          'us-west-2': {},
        },
      },
      { state: 'drift', actions: ['create-detector'] },
    ],
  ])('%s', (_label, current, expected) => {
    const plan = planGuardDuty(current, desired);
    expect(plan.state).toBe(expected.state);
    expect(plan.changes.map((change) => change.action)).toEqual(expected.actions);
    for (const pattern of expected.differences ?? []) expect(plan.differences.join('\n')).toMatch(pattern);
  });

  it('sets a non-default publishing frequency right after adding the member', () => {
    const plan = planGuardDuty(both({}), { ...desired, findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    expect(plan.changes.map((change) => `${change.action}:${change.region}`)).toEqual([
      'create-member:us-east-1',
      'update-detector:us-east-1',
      'create-member:us-west-2',
      'update-detector:us-west-2',
    ]);
  });
});
