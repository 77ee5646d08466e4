import { describe, expect, it } from 'vitest';
import { planCloudTrail, type CloudTrailCurrent, type TrailState } from '../../src/baselines/cloudtrail.js';

const desired = { trailName: 'awsarch-baseline', bucket: 'logs' };
const complete: TrailState = {
  name: 'awsarch-baseline',
  arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/awsarch-baseline',
  bucket: 'logs',
  multiRegion: true,
  logFileValidation: true,
  globalServiceEvents: true,
  logging: true,
};
const orgTrail = {
  name: 'org',
  arn: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/org',
  multiRegion: true,
  logging: true,
};

describe('planCloudTrail', () => {
  it.each<[string, CloudTrailCurrent, { state: string; actions: string[]; differences?: RegExp[] }]>([
    ['nothing', { organizationTrails: [] }, { state: 'missing', actions: ['create-trail', 'start-logging'] }],
    ['complete', { trail: complete, organizationTrails: [] }, { state: 'ok', actions: [] }],
    [
      'complete, with a second trail this baseline created under an earlier name',
      {
        trail: complete,
        organizationTrails: [],
        duplicates: [{ name: 'old-baseline', arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/old-baseline' }],
      },
      {
        state: 'drift',
        actions: ['delete-trail'],
        differences: [
          /^trail old-baseline was also created by this baseline and duplicates awsarch-baseline: delete it$/,
        ],
      },
    ],
    [
      'drifted: logging stopped',
      { trail: { ...complete, logging: false }, organizationTrails: [] },
      { state: 'drift', actions: ['start-logging'], differences: [/logging is stopped/] },
    ],
    [
      'drifted: single-region, no validation, another bucket',
      {
        trail: { ...complete, multiRegion: false, logFileValidation: false, bucket: 'elsewhere' },
        organizationTrails: [],
      },
      {
        state: 'drift',
        actions: ['update-trail'],
        differences: [
          /delivers to bucket elsewhere, not logs/,
          /is a single-region trail/,
          /log file validation is off/,
        ],
      },
    ],
    [
      'covered by a logging multi-region organization trail',
      { organizationTrails: [orgTrail] },
      { state: 'ok', actions: [] },
    ],
    [
      'an organization trail that is not logging covers nothing',
      { organizationTrails: [{ ...orgTrail, logging: false }] },
      {
        state: 'missing',
        actions: ['create-trail', 'start-logging'],
        differences: [/organization trail exists but is not logging/],
      },
    ],
  ])('%s', (_label, current, expected) => {
    const plan = planCloudTrail(current, desired);
    expect(plan.state).toBe(expected.state);
    expect(plan.changes.map((change) => change.action)).toEqual(expected.actions);
    for (const pattern of expected.differences ?? []) expect(plan.differences.join('\n')).toMatch(pattern);
    if (expected.state === 'ok') expect(plan.differences).toEqual([]);
  });

  it('records the organization trail that covers the account', () => {
    expect(
      planCloudTrail({ trail: { ...complete, logging: false }, organizationTrails: [orgTrail] }, desired).summary,
    ).toBe('covered by organization trail org');
  });

  it('updates exactly the fields that differ', () => {
    const plan = planCloudTrail(
      { trail: { ...complete, logFileValidation: false, keyPrefix: 'old' }, organizationTrails: [] },
      { ...desired, keyPrefix: 'new' },
    );
    expect(plan.changes).toEqual([
      expect.objectContaining({ action: 'update-trail', fields: { keyPrefix: 'new', logFileValidation: true } }),
    ]);
  });
});
