import { describe, expect, it } from 'vitest';
import { parseTags, validateVendRequest } from '../../src/accounts/vend-request.js';

const valid = {
  name: 'Dev',
  email: 'aws+dev@example.com',
  ou: 'Workloads/Dev',
  tags: {},
  accessRole: 'OrganizationAccountAccessRole',
};

describe('validateVendRequest', () => {
  it('accepts and trims a valid request', () => {
    expect(validateVendRequest({ ...valid, name: ' Dev ', email: ' aws+dev@example.com ' })).toMatchObject({
      name: 'Dev',
      email: 'aws+dev@example.com',
    });
  });

  it.each([
    ['an e-mail without a domain', { email: 'dev@' }, 'bad-email'],
    ['an e-mail without a dot in the domain', { email: 'dev@example' }, 'bad-email'],
    ['an e-mail with spaces', { email: 'de v@example.com' }, 'bad-email'],
    ['an e-mail over 64 characters', { email: `${'a'.repeat(60)}@example.com` }, 'bad-email'],
    ['an empty name', { name: '  ' }, 'bad-account-name'],
    ['a name over 50 characters', { name: 'x'.repeat(51) }, 'bad-account-name'],
    ['a name with non-ASCII characters', { name: 'Prod ✓' }, 'bad-account-name'],
    ['a bad role name', { accessRole: 'bad role' }, 'bad-access-role'],
    ['a reserved tag key', { tags: { 'aws:owner': 'x' } }, 'bad-tag'],
    ['a tag value over 256 characters', { tags: { k: 'v'.repeat(257) } }, 'bad-tag'],
    [
      'more than 50 tags',
      { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      'bad-tag',
    ],
    ['an empty OU', { ou: ' ' }, 'bad-ou-path'],
  ])('rejects %s with exit code 2', (_label, change, code) => {
    expect(() => validateVendRequest({ ...valid, ...change })).toThrow(expect.objectContaining({ code, exitCode: 2 }));
  });
});

describe('parseTags', () => {
  it('parses key=value pairs, keeping = in values', () => {
    expect(parseTags(['env=prod', 'expr=a=b', 'empty='])).toEqual({ env: 'prod', expr: 'a=b', empty: '' });
  });
  it.each([['novalue'], ['=x']])('rejects %j', (pair) => {
    expect(() => parseTags([pair])).toThrow(expect.objectContaining({ code: 'bad-tag' }));
  });
  it('rejects a key given twice', () => {
    expect(() => parseTags(['a=1', 'a=2'])).toThrow(/given twice/);
  });
});
