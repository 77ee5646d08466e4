/**
 * CIDR blocks as EC2 and transit gateways use them (RFC 4632 for IPv4, RFC 4291 / RFC 5952 for IPv6):
 * an address family, the network address with its host bits cleared, and the prefix length.
 */
export interface CidrBlock {
  version: 4 | 6;
  network: bigint;
  prefixLength: number;
}

const ADDRESS_BITS: Record<4 | 6, number> = { 4: 32, 6: 128 };

function dottedQuad(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4 || octets.some((octet) => !/^\d{1,3}$/.test(octet) || Number(octet) > 255)) return undefined;
  return octets.reduce((value, octet) => value * 256n + BigInt(Number(octet)), 0n);
}

function hexGroups(text: string): bigint | undefined {
  const [head = '', tail, extra] = text.toLowerCase().split('::');
  if (extra !== undefined) return undefined;
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = 8 - left.length - right.length;
  if (tail === undefined ? zeros !== 0 : zeros < 1) return undefined;
  const groups = [...left, ...new Array<string>(tail === undefined ? 0 : zeros).fill('0'), ...right];
  if (groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return groups.reduce((value, group) => (value << 16n) | BigInt(`0x${group}`), 0n);
}

function networkMask(version: 4 | 6, prefixLength: number): bigint {
  const hostBits = BigInt(ADDRESS_BITS[version] - prefixLength);
  return ((1n << BigInt(ADDRESS_BITS[version])) - 1n) ^ ((1n << hostBits) - 1n);
}

/** "10.0.0.0/8", "2001:db8::/32", or a bare address (a host route); host bits are cleared. Undefined when not a CIDR. */
export function parseCidr(text: string): CidrBlock | undefined {
  const parts = text.trim().split('/');
  if (parts.length > 2) return undefined;
  const [address = '', length] = parts;
  const version = address.includes(':') ? 6 : 4;
  const value = version === 4 ? dottedQuad(address) : hexGroups(address);
  if (value === undefined) return undefined;
  if (length !== undefined && !/^\d{1,3}$/.test(length)) return undefined;
  const prefixLength = length === undefined ? ADDRESS_BITS[version] : Number(length);
  if (prefixLength > ADDRESS_BITS[version]) return undefined;
  return { version, network: value & networkMask(version, prefixLength), prefixLength };
}

/** The block in its canonical text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run as ::). */
export function formatCidr(block: CidrBlock): string {
  if (block.version === 4) {
    const octets = [3, 2, 1, 0].map((index) => Number((block.network >> BigInt(index * 8)) & 0xffn));
    return `${octets.join('.')}/${block.prefixLength}`;
  }
  const groups = [7, 6, 5, 4, 3, 2, 1, 0].map((index) => (block.network >> BigInt(index * 16)) & 0xffffn);
  let run = { start: -1, length: 0 };
  let start = -1;
  groups.forEach((group, index) => {
    if (group !== 0n) start = -1;
    else {
      if (start < 0) start = index;
      if (index - start + 1 > run.length) run = { start, length: index - start + 1 };
    }
  });
  const hex = groups.map((group) => group.toString(16));
  const text =
    run.length < 2
      ? hex.join(':')
      : `${hex.slice(0, run.start).join(':')}::${hex.slice(run.start + run.length).join(':')}`;
  return `${text}/${block.prefixLength}`;
}

/** The canonical text of a CIDR, or the text itself when it is not one. */
export function canonicalCidr(text: string): string {
  const block = parseCidr(text);
  return block ? formatCidr(block) : text;
}

/**
 * A VPC or subnet CidrBlock parameter: an IPv4 block written with its host bits already clear
 * ("10.1.0.0/16", not "10.1.0.1/16" nor a bare address).
 */
export function parseIpv4NetworkBlock(text: string): CidrBlock | undefined {
  if (!text.includes('/')) return undefined;
  const block = parseCidr(text);
  return block?.version === 4 && formatCidr(block) === text.trim() ? block : undefined;
}

/** True when every address of `inner` is in `outer` (a block contains itself). */
export function blockContains(outer: CidrBlock, inner: CidrBlock): boolean {
  if (outer.version !== inner.version || inner.prefixLength < outer.prefixLength) return false;
  return (inner.network & networkMask(outer.version, outer.prefixLength)) === outer.network;
}

export function sameBlock(a: CidrBlock, b: CidrBlock): boolean {
  return a.version === b.version && a.network === b.network && a.prefixLength === b.prefixLength;
}

/** Two aligned blocks share addresses exactly when one of them contains the other. */
export function blocksOverlap(a: CidrBlock, b: CidrBlock): boolean {
  return blockContains(a, b) || blockContains(b, a);
}

/** The number of addresses in the block. */
export function addressCount(block: CidrBlock): number {
  return 2 ** (ADDRESS_BITS[block.version] - block.prefixLength);
}

/** Orders blocks as route tables list them: IPv4 before IPv6, then by address, then shorter prefix first. */
export function cidrOrderKey(block: CidrBlock): string {
  return [
    block.version,
    block.network.toString(16).padStart(32, '0'),
    String(block.prefixLength).padStart(3, '0'),
  ].join('|');
}
