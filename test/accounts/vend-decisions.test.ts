import { describe, expect, it } from 'vitest';
import { decideVendStart, tagsToApply } from '../../src/accounts/vend-decisions.js';
import { PROD_OU, sampleSnapshot } from './fixtures.js';

describe('decideVendStart', () => {
  const accounts = sampleSnapshot().accounts;

  it('creates when nothing matches', () => {
    expect(decideVendStart({ name: 'Dev', email: 'aws+dev@example.com' }, accounts, [])).toEqual({ kind: 'create' });
  });

  it('resumes the account with the same e-mail, ignoring case', () => {
    expect(decideVendStart({ name: 'Log Archive', email: 'AWS+LOG@example.com' }, accounts, [])).toMatchObject({
      kind: 'existing',
      accountId: '210987654321',
    });
  });

  it('refuses when the e-mail belongs to an account with another name', () => {
    expect(() => decideVendStart({ name: 'Dev', email: 'aws+log@example.com' }, accounts, [])).toThrow(
      expect.objectContaining({ code: 'email-in-use' }),
    );
  });

  it('refuses a suspended account', () => {
    const suspended = [
      { id: '555555555555', name: 'Old', email: 'old@example.com', status: 'SUSPENDED', parentId: PROD_OU },
    ];
    expect(() => decideVendStart({ name: 'Old', email: 'old@example.com' }, suspended, [])).toThrow(
      expect.objectContaining({ code: 'account-not-active' }),
    );
  });

  it('lists the in-flight requests for the same name, newest first (their e-mail is learnt when they finish)', () => {
    const inFlight = [
      { id: 'car-old', accountName: 'Dev', requestedAt: 1 },
      { id: 'car-new', accountName: 'Dev', requestedAt: 2 },
      { id: 'car-other', accountName: 'Prod', requestedAt: 3 },
    ];
    expect(decideVendStart({ name: 'Dev', email: 'aws+dev@example.com' }, accounts, inFlight)).toEqual({
      kind: 'in-flight',
      requestIds: ['car-new', 'car-old'],
    });
  });

  it('prefers an existing account over an in-flight request', () => {
    expect(
      decideVendStart({ name: 'Log Archive', email: 'aws+log@example.com' }, accounts, [
        { id: 'car-x', accountName: 'Log Archive' },
      ]).kind,
    ).toBe('existing');
  });
});

describe('tagsToApply', () => {
  it('returns missing and changed tags only, never removing others', () => {
    expect(tagsToApply({ a: '1', b: '2', keep: 'x' }, { a: '1', b: '3', c: '4' })).toEqual({ b: '3', c: '4' });
    expect(tagsToApply({ a: '1' }, { a: '1' })).toEqual({});
  });
});
