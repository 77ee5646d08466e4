/** An IPv4 or IPv6 CIDR block as numbers, for prefix matching. */
export interface Cidr {
  family: 4 | 6;
  /** The network address (host bits cleared). */
  network: bigint;
  prefixLength: number;
}

const BITS = { 4: 32, 6: 128 } as const;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined) => (half ? half.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** Parses "10.0.0.0/8" or "2001:db8::/32"; a bare address is a host route. Undefined when not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', lengthText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const family = address.includes(':') ? 6 : 4;
  const value = family === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === undefined) return undefined;
  const bits = BITS[family];
  const prefixLength = lengthText === undefined ? bits : /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : Number.NaN;
  if (!(prefixLength >= 0 && prefixLength <= bits)) return undefined;
  return { family, network: value & mask(family, prefixLength), prefixLength };
}

function mask(family: 4 | 6, prefixLength: number): bigint {
  const bits = BigInt(BITS[family]);
  const all = (1n << bits) - 1n;
  return prefixLength === 0 ? 0n : (all >> (bits - BigInt(prefixLength))) << (bits - BigInt(prefixLength));
}

/** True when `inner` lies within `outer` (equal blocks contain each other). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.family === inner.family &&
    outer.prefixLength <= inner.prefixLength &&
    (inner.network & mask(outer.family, outer.prefixLength)) === outer.network
  );
}

export function cidrEquals(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.prefixLength === b.prefixLength && a.network === b.network;
}

/** The canonical text form: host bits cleared, IPv6 compressed. */
export function formatCidr(cidr: Cidr): string {
  if (cidr.family === 4) {
    const octets = [24n, 16n, 8n, 0n].map((shift) => String((cidr.network >> shift) & 255n));
    return `${octets.join('.')}/${cidr.prefixLength}`;
  }
  const groups = Array.from({ length: 8 }, (_, i) => ((cidr.network >> BigInt(112 - i * 16)) & 0xffffn).toString(16));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength && j - i > 1) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const text =
    bestStart < 0
      ? groups.join(':')
      : `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
  return `${text}/${cidr.prefixLength}`;
}

/** A key that sorts CIDRs by family, network, then prefix length. */
export function cidrSortKey(cidr: Cidr): string {
  return `${cidr.family}:${cidr.network.toString(16).padStart(32, '0')}:${String(cidr.prefixLength).padStart(3, '0')}`;
}

/** Canonical form of a CIDR text, or the text unchanged when it does not parse. */
export function normalizeCidr(text: string): string {
  const parsed = parseCidr(text);
  return parsed ? formatCidr(parsed) : text;
}

/** Parses a network block written exactly (no host bits, no bare address), e.g. "10.1.0.0/16"; IPv4 by default. */
export function parseCidrBlock(text: string, family: 4 | 6 = 4): Cidr | undefined {
  const trimmed = text.trim();
  const parsed = parseCidr(trimmed);
  if (!parsed || parsed.family !== family || !trimmed.includes('/') || formatCidr(parsed) !== trimmed.toLowerCase())
    return undefined;
  return parsed;
}

/** True when the blocks share an address (aligned blocks overlap only when one contains the other). */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** How many addresses a block holds (IPv4 sizes are exact numbers). */
export function cidrSize(cidr: Cidr): number {
  return 2 ** (BITS[cidr.family] - cidr.prefixLength);
}

/** How many blocks of the prefix length fit in the block (0 when the prefix is shorter). */
export function subnetCount(block: Cidr, prefixLength: number): number {
  return prefixLength < block.prefixLength || prefixLength > BITS[block.family]
    ? 0
    : 2 ** (prefixLength - block.prefixLength);
}

/** The index-th block (0-based) of the prefix length inside block, or undefined past the end. */
export function subnetAt(block: Cidr, prefixLength: number, index: number): Cidr | undefined {
  if (!Number.isInteger(index) || index < 0 || index >= subnetCount(block, prefixLength)) return undefined;
  const step = 1n << BigInt(BITS[block.family] - prefixLength);
  return { family: block.family, network: block.network + BigInt(index) * step, prefixLength };
}
