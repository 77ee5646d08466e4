import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseLandingZone } from '../../src/accounts/landing-zone.js';
import { parseOuPath } from '../../src/accounts/ou-path.js';
import { validateVendRequest } from '../../src/accounts/vend-request.js';

describe('landing-zone files', () => {
  it('the bundled example is valid: six member accounts, each in a listed OU', async () => {
    const zone = parseLandingZone(await readFile('templates/landing-zone.yaml', 'utf8'), 'templates/landing-zone.yaml');
    expect(zone.accounts.map((account) => account.name)).toEqual([
      'Security',
      'Log Archive',
      'Shared Services',
      'Dev',
      'Staging',
      'Prod',
    ]);
    const ous = zone.organizationalUnits.map((path) => parseOuPath(path).join('/'));
    for (const account of zone.accounts) {
      expect(ous).toContain(parseOuPath(account.ou).join('/'));
      expect(() =>
        validateVendRequest({ ...account, tags: account.tags ?? {}, accessRole: 'OrganizationAccountAccessRole' }),
      ).not.toThrow();
    }
  });

  it('turns numbers and booleans in tags into strings', () => {
    const zone = parseLandingZone(
      'accounts:\n  - {name: A, email: a@example.com, ou: X, tags: {tier: 1, pci: true}}\n',
      'x.yaml',
    );
    expect(zone.accounts[0]?.tags).toEqual({ tier: '1', pci: 'true' });
  });

  it.each([
    ['broken YAML', 'accounts: [', /not valid YAML/],
    ['an unknown key', 'acounts: []', /acounts/],
    ['an account without an e-mail', 'accounts:\n  - {name: A, ou: X}', /accounts\[0\]\.email/],
  ])('rejects %s with the place of the problem', (_label, text, message) => {
    expect(() => parseLandingZone(text, 'x.yaml')).toThrow(
      expect.objectContaining({ code: 'bad-landing-zone', message: expect.stringMatching(message) }),
    );
  });
});
