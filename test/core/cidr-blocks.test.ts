import { describe, expect, it } from 'vitest';
import {
  cidrSize,
  cidrsOverlap,
  formatCidr,
  parseCidrBlock,
  subnetAt,
  subnetCount,
  type Cidr,
} from '../../src/core/cidr.js';

const block = (text: string) => parseCidrBlock(text) as Cidr;

describe('CIDR blocks (VPC and subnet carving)', () => {
  it('parses only network blocks as written', () => {
    expect(formatCidr(block('10.1.0.0/16'))).toBe('10.1.0.0/16');
    expect(parseCidrBlock('10.1.0.1/16')).toBeUndefined();
    expect(parseCidrBlock('10.1.0.0')).toBeUndefined();
    expect(parseCidrBlock('2001:db8::/32')).toBeUndefined();
    expect(parseCidrBlock('2001:db8::/32', 6)).toBeDefined();
  });

  it('overlap means one block contains the other', () => {
    expect(cidrsOverlap(block('10.0.0.0/8'), block('10.200.0.0/16'))).toBe(true);
    expect(cidrsOverlap(block('10.1.0.0/16'), block('10.2.0.0/16'))).toBe(false);
    expect(cidrsOverlap(block('10.1.0.0/20'), block('10.1.8.0/24'))).toBe(true);
  });

  it('carves blocks by index and counts them', () => {
    expect(subnetCount(block('10.0.0.0/8'), 16)).toBe(256);
    expect(subnetCount(block('10.0.0.0/16'), 8)).toBe(0);
    expect(formatCidr(subnetAt(block('10.3.0.0/16'), 20, 2) as Cidr)).toBe('10.3.32.0/20');
    expect(formatCidr(subnetAt(block('10.0.0.0/8'), 16, 255) as Cidr)).toBe('10.255.0.0/16');
    expect(subnetAt(block('10.0.0.0/8'), 16, 256)).toBeUndefined();
    expect(cidrSize(block('10.3.0.0/20'))).toBe(4096);
  });
});
