import { describe, expect, it } from 'vitest';
import {
  planSecurityHub,
  type RegionHubState,
  type SecurityHubCurrent,
  type SecurityHubDesired,
} from '../../src/baselines/securityhub-plan.js';
import { DEFAULT_STANDARDS, SECURITY_HUB_DEFAULT_STANDARDS } from '../../src/baselines/securityhub-standards.js';

const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
const CIS3 = 'cis-aws-foundations-benchmark/v/3.0.0';
const CIS12 = 'cis-aws-foundations-benchmark/v/1.2.0';

const local: SecurityHubDesired = {
  mode: 'local',
  administrator: 'Security (222222222222)',
  regions: ['us-east-1', 'us-west-2'],
  standards: DEFAULT_STANDARDS,
  policyName: 'awsarch-default',
};
const central: SecurityHubDesired = { ...local, mode: 'central', policyId: 'policy-1' };
const running = (ids: string[]) => ids.map((id) => ({ id, status: 'READY' }));
const member: RegionHubState = { hub: true, memberStatus: 'Enabled', standards: running(DEFAULT_STANDARDS) };
const both = (east: RegionHubState, west: RegionHubState = east, extra: Partial<SecurityHubCurrent> = {}) => ({
  isAdministrator: false,
  regions: { 'us-east-1': east, 'us-west-2': west },
  ...extra,
});
const ours = { configurationPolicyId: 'policy-1', associationType: 'INHERITED', status: 'SUCCESS' };

describe('planSecurityHub, local configuration', () => {
  it.each<[string, SecurityHubCurrent, { state: string; actions: string[]; differences?: RegExp[] }]>([
    ['complete', both(member), { state: 'ok', actions: [] }],
    [
      'nothing: the administrator adds the account, then the baseline swaps the default standards for its own',
      both({ hub: false, standards: [] }),
      {
        state: 'missing',
        actions: [
          'create-member',
          'enable-standards',
          'disable-standards',
          'create-member',
          'enable-standards',
          'disable-standards',
        ],
      },
    ],
    [
      'Security Hub on but not a member',
      both({ hub: true, standards: running(DEFAULT_STANDARDS) }, member),
      { state: 'drift', actions: ['create-member'], differences: [/us-east-1: not a member of Security/] },
    ],
    [
      'a standard turned off, another turned on',
      both(member, { ...member, standards: running([FSBP, CIS12]) }),
      {
        state: 'drift',
        actions: ['enable-standards', 'disable-standards'],
        differences: [/us-west-2: standards are FSBP v1.0.0, CIS v1.2.0, not FSBP v1.0.0, CIS v3.0.0/],
      },
    ],
    [
      'a standard that cannot run without AWS Config recording is drift with nothing of its own to change',
      both(member, {
        ...member,
        standards: [
          { id: FSBP, status: 'READY' },
          { id: CIS3, status: 'INCOMPLETE', reason: 'NO_AVAILABLE_CONFIGURATION_RECORDER' },
        ],
      }),
      {
        state: 'drift',
        actions: [],
        differences: [/us-west-2: CIS v3.0.0 is INCOMPLETE \(AWS Config is not recording/],
      },
    ],
    [
      'the administrator itself is never its own member',
      both(
        { hub: true, standards: running(DEFAULT_STANDARDS) },
        { hub: false, standards: [] },
        { isAdministrator: true },
      ),
      { state: 'drift', actions: ['enable-hub', 'enable-standards'], differences: [/us-west-2: Security Hub is off/] },
    ],
  ])('%s', (_name, current, expected) => {
    const plan = planSecurityHub(current, local);
    expect(plan.state).toBe(expected.state);
    expect(plan.changes.map((change) => change.action)).toEqual(expected.actions);
    for (const pattern of expected.differences ?? []) expect(plan.differences.join('\n')).toMatch(pattern);
  });

  it('a new member starts with the standards EnableSecurityHub turns on by default, which the plan replaces', () => {
    const plan = planSecurityHub(both({ hub: false, standards: [] }), local);
    const east = plan.changes.filter((change) => 'region' in change && change.region === 'us-east-1');
    expect(east).toEqual([
      expect.objectContaining({ action: 'create-member' }),
      expect.objectContaining({ action: 'enable-standards', standards: [CIS3] }),
      expect.objectContaining({
        action: 'disable-standards',
        standards: SECURITY_HUB_DEFAULT_STANDARDS.filter((id) => !DEFAULT_STANDARDS.includes(id)),
      }),
    ]);
  });
});

describe('planSecurityHub, central configuration', () => {
  it.each<
    [string, SecurityHubCurrent, SecurityHubDesired, { state: string; actions: string[]; differences?: RegExp[] }]
  >([
    ['configured by our policy', both(member, member, { association: ours }), central, { state: 'ok', actions: [] }],
    [
      'self-managed: the policy is applied to the account directly',
      both(member, member, { association: { ...ours, configurationPolicyId: 'SELF_MANAGED_SECURITY_HUB' } }),
      central,
      { state: 'drift', actions: ['associate'], differences: [/self-managed, not configured by the policy/] },
    ],
    [
      'the policy failed to apply',
      both(member, member, { association: { ...ours, status: 'FAILED', message: 'no access' } }),
      central,
      { state: 'drift', actions: ['associate'], differences: [/policy awsarch-default failed to apply: no access/] },
    ],
    [
      'the policy is still being applied: not as wanted yet, and not applied again',
      both(
        { hub: false, standards: [] },
        { hub: false, standards: [] },
        { association: { ...ours, status: 'PENDING' } },
      ),
      central,
      { state: 'missing', actions: [], differences: [/policy awsarch-default is still being applied/] },
    ],
    [
      'a dry run that would create the policy changes nothing per account',
      both({ hub: false, standards: [] }),
      { ...central, policyId: undefined },
      { state: 'missing', actions: [] },
    ],
  ])('%s', (_name, current, desired, expected) => {
    const plan = planSecurityHub(current, desired);
    expect(plan.state).toBe(expected.state);
    expect(plan.changes.map((change) => change.action)).toEqual(expected.actions);
    for (const pattern of expected.differences ?? []) expect(plan.differences.join('\n')).toMatch(pattern);
  });

  it('says when the policy will configure an account once it exists', () => {
    const plan = planSecurityHub(both({ hub: false, standards: [] }), { ...central, policyId: undefined });
    expect(plan.summary).toBe(
      'Security Hub is not enabled (policy awsarch-default will configure it once on the root)',
    );
  });
});
