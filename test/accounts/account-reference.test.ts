import { describe, expect, it } from 'vitest';
import { matchAccountReference } from '../../src/accounts/account-reference.js';
import { findAccount } from '../../src/accounts/account-queries.js';
import { sampleSnapshot } from './fixtures.js';

const ACCOUNTS = [
  { id: '111111111111', name: 'Dev', email: 'aws+dev@example.com' },
  { id: '222222222222', name: 'Shared Services', email: 'aws+shared@example.com' },
  { id: '333333333333', name: "O'Brien Sandbox", email: 'aws+ob@example.com' },
];

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as { code: string; exitCode: number; message: string; hint?: string };
  }
  throw new Error('expected a usage error');
};

describe('account references (--account, account show NAME)', () => {
  it('finds an account by id, e-mail in any case, exact name, and a unique name in another case', () => {
    expect(matchAccountReference(ACCOUNTS, '222222222222').name).toBe('Shared Services');
    expect(matchAccountReference(ACCOUNTS, 'AWS+DEV@example.com').name).toBe('Dev');
    expect(matchAccountReference(ACCOUNTS, 'Dev').id).toBe('111111111111');
    expect(matchAccountReference(ACCOUNTS, 'dev').id).toBe('111111111111');
    expect(matchAccountReference(ACCOUNTS, ' shared services ').id).toBe('222222222222');
  });

  it('suggests the closest name, with a hint to paste for the option the user gave', () => {
    expect(failure(() => matchAccountReference(ACCOUNTS, 'Dve'))).toMatchObject({
      code: 'unknown-account',
      exitCode: 2,
      message: 'no account named "Dve"; did you mean Dev?',
      hint: 'use --account Dev',
    });
    expect(failure(() => matchAccountReference(ACCOUNTS, 'Shared Servics'))).toMatchObject({
      message: 'no account named "Shared Servics"; did you mean Shared Services?',
      hint: "use --account 'Shared Services'",
    });
    // A prefix of a longer name is suggested too; a positional argument gets the bare, quoted name.
    expect(failure(() => matchAccountReference(ACCOUNTS, 'shared', {}))).toMatchObject({
      message: 'no account named "shared"; did you mean Shared Services?',
      hint: "use 'Shared Services'",
    });
    expect(failure(() => matchAccountReference(ACCOUNTS, "O'Brien Sandbx"))).toMatchObject({
      hint: `use --account 'O'\\''Brien Sandbox'`,
    });
  });

  it('says what to give when nothing is close', () => {
    expect(failure(() => matchAccountReference(ACCOUNTS, 'Payments'))).toMatchObject({
      code: 'unknown-account',
      message: 'no account in the organization matches "Payments"',
    });
    expect(failure(() => matchAccountReference(ACCOUNTS, '999999999999')).code).toBe('unknown-account');
  });

  it('refuses a name two accounts share in some case, naming both; an exact name still wins', () => {
    const twins = [...ACCOUNTS, { id: '444444444444', name: 'dev', email: 'aws+dev2@example.com' }];
    expect(matchAccountReference(twins, 'dev').id).toBe('444444444444');
    expect(matchAccountReference(twins, 'Dev').id).toBe('111111111111');
    expect(failure(() => matchAccountReference(twins, 'DEV'))).toMatchObject({
      code: 'ambiguous-account',
      exitCode: 2,
      message: '2 accounts match "DEV": Dev (111111111111), dev (444444444444)',
      hint: 'give the account id instead, e.g. --account 111111111111',
    });
  });

  it('is what findAccount uses for the organization snapshot', () => {
    expect(findAccount(sampleSnapshot(), 'log archive').id).toBe('210987654321');
    expect(failure(() => findAccount(sampleSnapshot(), 'Log Archiv')).hint).toBe("use --account 'Log Archive'");
  });
});
