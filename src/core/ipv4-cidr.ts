/** An IPv4 CIDR block as numbers: the first address and the prefix length. */
export interface Ipv4Block {
  /** First address as an unsigned 32-bit integer. */
  base: number;
  prefixLength: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "10.1.0.0/16"; undefined for anything else, including host bits set ("10.1.0.1/16"). */
export function parseCidr(text: string): Ipv4Block | undefined {
  const match = CIDR.exec(text.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefixLength > 32) return undefined;
  const base = octets.reduce((value, octet) => value * 256 + octet, 0);
  if (base % blockSize(prefixLength) !== 0) return undefined;
  return { base, prefixLength };
}

export function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

export function formatCidr(block: Ipv4Block): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(block.base / 2 ** shift) % 256);
  return `${octets.join('.')}/${block.prefixLength}`;
}

/** Whether two blocks share any address. */
export function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  const aEnd = a.base + blockSize(a.prefixLength);
  const bEnd = b.base + blockSize(b.prefixLength);
  return a.base < bEnd && b.base < aEnd;
}

/** Whether inner lies entirely within outer. */
export function blockContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.prefixLength >= outer.prefixLength && inner.base >= outer.base && inner.base + blockSize(inner.prefixLength) <= outer.base + blockSize(outer.prefixLength);
}

/** The index-th sub-block of the given prefix length inside block (0-based), or undefined past the end. */
export function subBlock(block: Ipv4Block, prefixLength: number, index: number): Ipv4Block | undefined {
  if (prefixLength < block.prefixLength || index < 0) return undefined;
  const count = 2 ** (prefixLength - block.prefixLength);
  if (index >= count) return undefined;
  return { base: block.base + index * blockSize(prefixLength), prefixLength };
}

/** How many sub-blocks of a prefix length fit in a block. */
export function subBlockCount(block: Ipv4Block, prefixLength: number): number {
  return prefixLength < block.prefixLength ? 0 : 2 ** (prefixLength - block.prefixLength);
}
