import { describe, expect, it } from 'vitest';
import { cidrContains, cidrEquals, cidrSortKey, formatCidr, normalizeCidr, parseCidr } from '../../src/core/cidr.js';

const cidr = (text: string) => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`not a CIDR: ${text}`);
  return parsed;
};

describe('CIDR blocks', () => {
  it('parses IPv4 and IPv6, clears host bits, and prints the canonical form', () => {
    expect(formatCidr(cidr('10.1.2.3/8'))).toBe('10.0.0.0/8');
    expect(formatCidr(cidr('192.168.1.7'))).toBe('192.168.1.7/32');
    expect(formatCidr(cidr('2001:DB8:0:0:1::/32'))).toBe('2001:db8::/32');
    expect(formatCidr(cidr('::/0'))).toBe('::/0');
    expect(formatCidr(cidr('fd00:1:2:3:4:5:6:7/128'))).toBe('fd00:1:2:3:4:5:6:7/128');
    expect(normalizeCidr('172.16.5.0/12')).toBe('172.16.0.0/12');
    expect(normalizeCidr('not-a-cidr')).toBe('not-a-cidr');
  });

  it('rejects what is not a CIDR', () => {
    for (const text of [
      '10.0.0.0/33',
      '10.0.0/8',
      '256.0.0.0/8',
      '10.0.0.0/8/1',
      '1:2:3/64',
      'g::/16',
      '10.0.0.0/-1',
      '',
    ])
      expect(parseCidr(text)).toBeUndefined();
  });

  it('tells containment and equality, never across families', () => {
    expect(cidrContains(cidr('10.0.0.0/8'), cidr('10.1.0.0/16'))).toBe(true);
    expect(cidrContains(cidr('10.1.0.0/16'), cidr('10.0.0.0/8'))).toBe(false);
    expect(cidrContains(cidr('10.0.0.0/8'), cidr('11.0.0.0/16'))).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), cidr('203.0.113.9'))).toBe(true);
    expect(cidrContains(cidr('::/0'), cidr('10.0.0.0/8'))).toBe(false);
    expect(cidrEquals(cidr('10.0.0.0/8'), cidr('10.9.9.9/8'))).toBe(true);
  });

  it('sorts by address, then prefix length', () => {
    const sorted = ['172.16.0.0/12', '10.100.0.0/16', '10.0.0.0/8', '10.0.0.0/16'].sort((a, b) =>
      cidrSortKey(cidr(a)).localeCompare(cidrSortKey(cidr(b))),
    );
    expect(sorted).toEqual(['10.0.0.0/8', '10.0.0.0/16', '10.100.0.0/16', '172.16.0.0/12']);
  });
});
