import { describe, expect, it } from 'vitest';
import { closestOuPath, findOuByPath, formatOuPath, parseOuPath, resolveParent } from '../../src/accounts/ou-path.js';
import { PROD_OU, ROOT_ID, sampleSnapshot } from './fixtures.js';

describe('OU paths', () => {
  it('parses paths with optional surrounding slashes and trims names', () => {
    expect(parseOuPath('Workloads/Prod')).toEqual(['Workloads', 'Prod']);
    expect(parseOuPath('/Workloads / Prod/')).toEqual(['Workloads', 'Prod']);
  });

  it.each(['', '/', 'a//b', 'x'.repeat(129)])('rejects %j with a usage error', (text) => {
    expect(() => parseOuPath(text)).toThrow(expect.objectContaining({ code: 'bad-ou-path', exitCode: 2 }));
  });

  it('accepts five levels below the root and refuses six (AWS Organizations nesting quota)', () => {
    expect(parseOuPath('A/B/C/D/E')).toHaveLength(5);
    expect(() => parseOuPath('A/B/C/D/E/F')).toThrow(
      expect.objectContaining({
        code: 'ou-too-deep',
        exitCode: 2,
        hint: 'use a path of at most 5 OUs, e.g. A/B/C/D/E',
      }),
    );
  });

  it('formats the root as /', () => {
    expect(formatOuPath([])).toBe('/');
    expect(formatOuPath(['a', 'b'])).toBe('a/b');
  });

  it('resolves root, ids and paths', () => {
    const snapshot = sampleSnapshot();
    expect(resolveParent(snapshot, 'root')).toEqual({ id: ROOT_ID, path: [] });
    expect(resolveParent(snapshot, ROOT_ID)).toEqual({ id: ROOT_ID, path: [] });
    expect(resolveParent(snapshot, 'Workloads/Prod')).toEqual({ id: PROD_OU, path: ['Workloads', 'Prod'] });
    expect(resolveParent(snapshot, PROD_OU)).toEqual({ id: PROD_OU, path: ['Workloads', 'Prod'] });
    expect(findOuByPath(snapshot, ['Prod'])).toBeUndefined();
  });

  it('names the missing OU and how to create it', () => {
    expect(() => resolveParent(sampleSnapshot(), 'Workloads/Dev')).toThrow(/OU "Workloads\/Dev" does not exist/);
    expect(() => resolveParent(sampleSnapshot(), 'ou-ab12-99999999')).toThrow(
      expect.objectContaining({ code: 'unknown-ou' }),
    );
    expect(() => resolveParent(sampleSnapshot(), 'r-zzzz')).toThrow(expect.objectContaining({ code: 'unknown-ou' }));
  });
});

describe('OU path suggestions', () => {
  const ous = [
    ...sampleSnapshot().ous,
    { id: 'ou-ab12-44444444', name: 'NonProd', parentId: 'ou-ab12-22222222', path: ['Workloads', 'NonProd'] },
  ];

  it('compares segment by segment, case-insensitively, then by spelling among siblings', () => {
    expect(closestOuPath(ous, ['Workload'])).toEqual(['Workloads']);
    expect(closestOuPath(ous, ['workloads', 'nonprd'])).toEqual(['Workloads', 'NonProd']);
    expect(closestOuPath(ous, ['WORKLOADS', 'PROD'])).toEqual(['Workloads', 'Prod']);
    expect(closestOuPath(ous, ['Workloads', 'Payments'])).toBeUndefined();
    expect(closestOuPath(ous, ['Sandbox'])).toBeUndefined();
  });

  it('turns a near miss into "did you mean" with a pasteable --ou, and keeps the create hint for a new OU', () => {
    expect(() => resolveParent(sampleSnapshot(), 'Workload')).toThrow(
      expect.objectContaining({
        code: 'unknown-ou',
        exitCode: 2,
        message: 'OU "Workload" does not exist; did you mean Workloads?',
        hint: 'use --ou Workloads',
      }),
    );
    expect(() => resolveParent(sampleSnapshot(), 'workloads/prod')).toThrow(
      expect.objectContaining({ hint: 'use --ou Workloads/Prod' }),
    );
    expect(() => resolveParent(sampleSnapshot(), 'Workloads/Payments')).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('awsarch org init --ou Workloads/Payments') }),
    );
  });
});
