import { describe, expect, it } from 'vitest';
import { selectBaselineAccounts } from '../../src/baselines/select-accounts.js';
import type { OrgSnapshot } from '../../src/accounts/org-model.js';

const snapshot: OrgSnapshot = {
  organization: { id: 'o-abcdefghij', managementAccountId: '100000000000' },
  root: { id: 'r-abcd', name: 'Root' },
  ous: [
    { id: 'ou-abcd-11111111', name: 'Workloads', parentId: 'r-abcd', path: ['Workloads'] },
    { id: 'ou-abcd-22222222', name: 'Prod', parentId: 'ou-abcd-11111111', path: ['Workloads', 'Prod'] },
    { id: 'ou-abcd-33333333', name: 'Security', parentId: 'r-abcd', path: ['Security'] },
  ],
  accounts: [
    { id: '100000000000', name: 'Management', email: 'm@example.com', status: 'ACTIVE', parentId: 'r-abcd' },
    { id: '200000000000', name: 'Prod', email: 'p@example.com', status: 'ACTIVE', parentId: 'ou-abcd-22222222' },
    { id: '300000000000', name: 'Dev', email: 'd@example.com', status: 'ACTIVE', parentId: 'ou-abcd-11111111' },
    { id: '400000000000', name: 'Security', email: 's@example.com', status: 'ACTIVE', parentId: 'ou-abcd-33333333' },
    { id: '500000000000', name: 'Old', email: 'o@example.com', status: 'SUSPENDED', parentId: 'ou-abcd-11111111' },
  ],
};

const names = (selector: Parameters<typeof selectBaselineAccounts>[1]) =>
  selectBaselineAccounts(snapshot, selector).accounts.map((account) => `${account.ou}:${account.name}`);

describe('selectBaselineAccounts', () => {
  it('--all: every active member account, by OU then name, never the management account', () => {
    expect(names({ accounts: [], all: true })).toEqual(['Security:Security', 'Workloads:Dev', 'Workloads/Prod:Prod']);
    expect(selectBaselineAccounts(snapshot, { accounts: [], all: true }).skipped).toEqual([
      'Old (500000000000) is SUSPENDED',
    ]);
  });

  it('--ou includes child OUs; --account adds accounts by id, e-mail or name', () => {
    expect(names({ accounts: [], ou: 'Workloads', all: false })).toEqual(['Workloads:Dev', 'Workloads/Prod:Prod']);
    expect(names({ accounts: ['s@example.com', '200000000000'], ou: 'Workloads/Prod', all: false })).toEqual([
      'Security:Security',
      'Workloads/Prod:Prod',
    ]);
  });

  it.each([
    ['nothing selected', { accounts: [], all: false }, 'no-accounts-selected'],
    ['--all with --ou', { accounts: [], ou: 'Workloads', all: true }, 'conflicting-options'],
    ['the management account', { accounts: ['Management'], all: false }, 'management-account'],
    ['a suspended account', { accounts: ['Old'], all: false }, 'account-not-active'],
    ['an unknown account', { accounts: ['Nobody'], all: false }, 'unknown-account'],
    ['an unknown OU', { accounts: [], ou: 'Nowhere', all: false }, 'unknown-ou'],
  ])('refuses %s with a usage error', (_label, selector, code) => {
    expect(() => selectBaselineAccounts(snapshot, selector)).toThrow(expect.objectContaining({ code, exitCode: 2 }));
  });
});
