import { describe, expect, it } from 'vitest';
import {
  addressCount,
  blockContains,
  blocksOverlap,
  canonicalCidr,
  cidrOrderKey,
  parseCidr,
  parseIpv4NetworkBlock,
} from '../src/services/ec2/cidr-blocks.js';

const block = (text: string) => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`not a CIDR: ${text}`);
  return parsed;
};

describe('CIDR blocks', () => {
  it('parses IPv4 and IPv6, clears host bits and writes the canonical form', () => {
    expect(canonicalCidr('10.1.2.3/8')).toBe('10.0.0.0/8');
    expect(canonicalCidr('192.168.1.7')).toBe('192.168.1.7/32');
    expect(canonicalCidr('2001:DB8:0:0:1:0:0:1/128')).toBe('2001:db8::1:0:0:1/128');
    expect(canonicalCidr('2001:db8::/32')).toBe('2001:db8::/32');
    expect(canonicalCidr('::/0')).toBe('::/0');
    expect(canonicalCidr('not-a-cidr')).toBe('not-a-cidr');
    for (const bad of ['10.0.0.256/8', '10.0.0/8', '10.0.0.0/33', '1::2::3/64', '1:2:3:4:5:6:7:8:9/64', '10.0.0.0/8/1'])
      expect(parseCidr(bad)).toBeUndefined();
  });

  it('takes a VPC or subnet block only as an IPv4 network written without host bits', () => {
    expect(parseIpv4NetworkBlock('10.1.0.0/16')).toBeDefined();
    expect(parseIpv4NetworkBlock('10.1.0.1/16')).toBeUndefined();
    expect(parseIpv4NetworkBlock('10.1.0.0')).toBeUndefined();
    expect(parseIpv4NetworkBlock('2001:db8::/56')).toBeUndefined();
    expect(addressCount(block('10.1.0.0/24'))).toBe(256);
  });

  it('knows containment and overlap, per address family', () => {
    expect(blockContains(block('10.0.0.0/8'), block('10.20.0.0/16'))).toBe(true);
    expect(blockContains(block('10.20.0.0/16'), block('10.0.0.0/8'))).toBe(false);
    expect(blockContains(block('10.0.0.0/8'), block('10.0.0.0/8'))).toBe(true);
    expect(blocksOverlap(block('10.0.0.0/16'), block('10.0.128.0/17'))).toBe(true);
    expect(blocksOverlap(block('10.0.0.0/17'), block('10.0.128.0/17'))).toBe(false);
    expect(blockContains(block('::/0'), block('10.0.0.0/8'))).toBe(false);
  });

  it('orders IPv4 before IPv6, then by address, then the shorter prefix first', () => {
    const sorted = ['2001:db8::/32', '10.0.0.0/16', '10.0.0.0/8', '9.0.0.0/8'].sort((a, b) =>
      cidrOrderKey(block(a)).localeCompare(cidrOrderKey(block(b))),
    );
    expect(sorted).toEqual(['9.0.0.0/8', '10.0.0.0/8', '10.0.0.0/16', '2001:db8::/32']);
  });
});
