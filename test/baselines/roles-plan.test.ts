import { describe, expect, it } from 'vitest';
import { planRoles, type RolesCurrent, type RolesDesired } from '../../src/baselines/roles.js';
import {
  canonicalPolicy,
  decodePolicyDocument,
  describePolicy,
  renderTrustPolicy,
} from '../../src/baselines/trust-policy.js';

const audit = {
  name: 'awsarch-audit',
  trustPolicy: renderTrustPolicy('222222222222', false),
  trustedLabel: 'Security',
  maxSessionDuration: 3600,
  managedPolicies: ['arn:aws:iam::aws:policy/SecurityAudit'],
};
const breakGlass = {
  name: 'awsarch-break-glass',
  trustPolicy: renderTrustPolicy('123456789012', true),
  trustedLabel: 'management',
  maxSessionDuration: 3600,
  managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
};
const desired: RolesDesired = { roles: [audit, breakGlass] };
const state = (role: typeof audit) => ({
  trustPolicy: role.trustPolicy,
  maxSessionDuration: 3600,
  managedPolicies: [...role.managedPolicies],
});
const complete: RolesCurrent = { roles: { 'awsarch-audit': state(audit), 'awsarch-break-glass': state(breakGlass) } };

describe('planRoles', () => {
  it.each<[string, RolesCurrent, { state: string; actions: string[]; differences?: RegExp[] }]>([
    [
      'nothing',
      { roles: {} },
      { state: 'missing', actions: ['create-role', 'attach-policy', 'create-role', 'attach-policy'] },
    ],
    ['complete', complete, { state: 'ok', actions: [] }],
    [
      'drifted: a role deleted',
      { roles: { 'awsarch-audit': state(audit) } },
      {
        state: 'drift',
        actions: ['create-role', 'attach-policy'],
        differences: [/role awsarch-break-glass does not exist/],
      },
    ],
    [
      'drifted: MFA condition removed from the break-glass trust policy',
      {
        roles: {
          ...complete.roles,
          'awsarch-break-glass': { ...state(breakGlass), trustPolicy: renderTrustPolicy('123456789012', false) },
        },
      },
      {
        state: 'drift',
        actions: ['update-trust-policy'],
        differences: [
          /trust policy of awsarch-break-glass is "Allow sts:AssumeRole by arn:aws:iam::123456789012:root", expected "Allow sts:AssumeRole by arn:aws:iam::123456789012:root if Bool aws:MultiFactorAuthPresent=true"/,
        ],
      },
    ],
    [
      'drifted: trusted by another account, an extra policy attached, a longer session',
      {
        roles: {
          ...complete.roles,
          'awsarch-audit': {
            trustPolicy: renderTrustPolicy('999999999999', false),
            maxSessionDuration: 43200,
            managedPolicies: ['arn:aws:iam::aws:policy/SecurityAudit', 'arn:aws:iam::aws:policy/AdministratorAccess'],
          },
        },
      },
      {
        state: 'drift',
        actions: ['update-trust-policy', 'update-role', 'detach-policy'],
        differences: [/999999999999/, /also has arn:aws:iam::aws:policy\/AdministratorAccess/],
      },
    ],
  ])('%s', (_label, current, expected) => {
    const plan = planRoles(current, desired);
    expect(plan.state).toBe(expected.state);
    expect(plan.changes.map((change) => change.action)).toEqual(expected.actions);
    for (const pattern of expected.differences ?? []) expect(plan.differences.join('\n')).toMatch(pattern);
  });
});

describe('trust policies', () => {
  it('compare by meaning: account ids as root ARNs, single values as lists, Sids and key order ignored, booleans as strings', () => {
    const stored = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'x',
          Action: ['sts:AssumeRole'],
          Principal: { AWS: '123456789012' },
          Effect: 'Allow',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } },
        },
      ],
    };
    expect(canonicalPolicy(stored)).toBe(canonicalPolicy(renderTrustPolicy('123456789012', true)));
    expect(canonicalPolicy(stored)).not.toBe(canonicalPolicy(renderTrustPolicy('123456789012', false)));
  });

  it('reads the URL-encoded documents IAM returns, and plain JSON', () => {
    const policy = renderTrustPolicy('123456789012', true);
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(policy)))).toEqual(policy);
    expect(decodePolicyDocument(JSON.stringify(policy))).toEqual(policy);
    expect(decodePolicyDocument('%%%')).toBeUndefined();
    expect(describePolicy(policy)).toBe(
      'Allow sts:AssumeRole by arn:aws:iam::123456789012:root if Bool aws:MultiFactorAuthPresent=true',
    );
  });
});
