import { describe, expect, it } from 'vitest';
import { bundledBaselines, loadBaseline, parseBaseline } from '../../src/baselines/definition.js';
import { selectSteps } from '../../src/baselines/baseline-command.js';

const valid = `
name: small
homeRegion: eu-west-1
regions: [eu-west-1]
steps:
  - step: roles
    roles:
      - { name: audit, trustedAccount: Security, managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
`;

describe('baseline definitions', () => {
  it('loads the bundled default baseline with every step, in order, and its defaults', async () => {
    expect(await bundledBaselines()).toContain('default');
    const baseline = await loadBaseline('default');
    expect(baseline.steps.map((step) => step.step)).toEqual([
      'cloudtrail',
      'config',
      'guardduty',
      'securityhub',
      'network',
      'roles',
    ]);
    expect(baseline).toMatchObject({ homeRegion: 'us-east-1', regions: ['us-east-1', 'us-west-2'] });
    const roles = baseline.steps.find((step) => step.step === 'roles');
    expect(roles).toMatchObject({
      roles: [
        expect.objectContaining({ name: 'awsarch-audit', trustedAccount: 'Security', requireMfa: false }),
        expect.objectContaining({ name: 'awsarch-break-glass', trustedAccount: 'management', requireMfa: true }),
      ],
    });
  });

  it('fills defaults of a small baseline', () => {
    expect(parseBaseline(valid, 'small.yaml').steps[0]).toMatchObject({
      step: 'roles',
      roles: [{ name: 'audit', requireMfa: false, maxSessionDuration: 3600 }],
    });
  });

  it.each([
    [
      'a missing field',
      'name: x\nregions: [us-east-1]\nsteps: [{ step: roles, roles: [{ name: a, trustedAccount: b }] }]',
      /x\.yaml: homeRegion: is required/,
    ],
    [
      'an unknown step',
      valid.replace('step: roles', 'step: backups'),
      /steps\[0\]\.step: step must be one of cloudtrail, config, guardduty, securityhub, network, roles/,
    ],
    [
      'an unknown key',
      valid.replace('homeRegion: eu-west-1', 'homeRegion: eu-west-1\nextra: 1'),
      /Unrecognized key.*extra/,
    ],
    [
      'a home region outside the regions',
      valid.replace('regions: [eu-west-1]', 'regions: [us-east-1]'),
      /regions: must include the home region eu-west-1/,
    ],
    [
      'a step listed twice',
      `${valid}  - step: roles\n    roles: [{ name: b, trustedAccount: x }]\n`,
      /steps\[1\]\.step: step roles is listed twice/,
    ],
    [
      'a bad policy ARN',
      valid.replace('arn:aws:iam::aws:policy/ReadOnlyAccess', 'ReadOnlyAccess'),
      /managedPolicies\[0\]: expected a managed policy ARN/,
    ],
    [
      'a network that does not fit',
      `name: n\nhomeRegion: us-east-1\nregions: [us-east-1]\nsteps:\n  - { step: network, cidrPool: 10.0.0.0/16, vpcPrefixLength: 16, subnetPrefixLength: 18, availabilityZones: 5, transitGateway: { name: t, owner: x } }\n`,
      /steps\[0\]\.availabilityZones: 5 \/18 subnets do not fit in a \/16 VPC/,
    ],
    [
      'a transit gateway with both id and name',
      `name: n\nhomeRegion: us-east-1\nregions: [us-east-1]\nsteps:\n  - { step: network, cidrPool: 10.0.0.0/8, vpcPrefixLength: 16, subnetPrefixLength: 20, availabilityZones: 2, transitGateway: { id: tgw-0123456789abcdef0, name: t, owner: x } }\n`,
      /transitGateway: give exactly one of id or name/,
    ],
    ['YAML that does not parse', 'name: [unclosed', /x\.yaml is not valid YAML/],
  ])('reports %s with its path', (_label, text, message) => {
    expect(() => parseBaseline(text, 'x.yaml')).toThrow(message);
  });

  it('names the bundled baselines when the name is unknown', async () => {
    await expect(loadBaseline('nope')).rejects.toMatchObject({
      code: 'unknown-baseline',
      exitCode: 2,
      hint: expect.stringContaining('default'),
    });
  });

  it('--only keeps the baseline order and refuses steps it does not have', () => {
    const baseline = parseBaseline(valid, 'small.yaml');
    expect(selectSteps(baseline, [])).toEqual(['roles']);
    expect(() => selectSteps(baseline, ['network'])).toThrow(/baseline small has no network step/);
    expect(() => selectSteps(baseline, ['backups'])).toThrow(/"backups" is not a step/);
  });
});
