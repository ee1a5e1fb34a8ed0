// WireGuard `AllowedIPs` that send everything through the tunnel except some addresses: the
// complement of the excluded ranges within 0.0.0.0/0 and ::/0, as the fewest CIDR blocks.
// Pure: no I/O, so property tests can check coverage, exclusion and minimality.
import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

/** An inclusive range of addresses of one family, as integers. */
export interface Range {
  family: Family;
  start: bigint;
  end: bigint;
}

export class AddressError extends Error {}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

export const familyMax = (family: Family): bigint => (1n << BigInt(BITS[family])) - 1n;

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}

function fromBigInt(value: bigint, family: Family): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes: number[] = [];
  let v = value;
  for (let i = 0; i < BITS[family] / 8; i++) {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes);
}

/**
 * An address or CIDR as a range. Host bits of a CIDR are ignored (`10.1.2.3/8` is 10.0.0.0/8), and
 * an IPv4-mapped IPv6 address is the IPv4 address it carries, because that is where the packets go.
 */
export function parseRange(text: string): Range {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addressPart = slash >= 0 ? trimmed.slice(0, slash) : trimmed;
  if (!ipaddr.isValid(addressPart)) throw new AddressError(`not an IP address or CIDR: ${text}`);
  const parsed = ipaddr.parse(addressPart);
  const mapped = parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress();
  const address = mapped ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
  const family: Family = address.kind() === 'ipv4' ? 4 : 6;
  let prefix = BITS[family];
  if (slash >= 0) {
    const prefixText = trimmed.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText)) throw new AddressError(`bad prefix length in ${text}`);
    prefix = Number(prefixText) - (mapped ? 96 : 0);
    if (prefix < 0 || prefix > BITS[family]) throw new AddressError(`bad prefix length in ${text}`);
  }
  const hostBits = BigInt(BITS[family] - prefix);
  const value = toBigInt(address.toByteArray());
  const start = (value >> hostBits) << hostBits;
  return { family, start, end: start + (1n << hostBits) - 1n };
}

export function formatCidr(start: bigint, prefix: number, family: Family): string {
  return `${fromBigInt(start, family).toString()}/${prefix}`;
}

/** Sorted, merged ranges of one family (touching ranges join). */
export function mergeRanges(ranges: readonly Range[], family: Family): Range[] {
  const sorted = ranges.filter((r) => r.family === family).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: Range[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end + 1n) {
      if (r.end > last.end) last.end = r.end;
    } else {
      merged.push({ ...r });
    }
  }
  return merged;
}

/**
 * The fewest CIDR blocks covering exactly [start, end]: greedily the largest aligned block that
 * starts at the current address and does not pass the end (optimal for one interval).
 */
export function rangeToCidrs(start: bigint, end: bigint, family: Family): string[] {
  const bits = BITS[family];
  const out: string[] = [];
  let at = start;
  while (at <= end) {
    let size = bits; // host bits of the block
    while (size > 0) {
      const block = 1n << BigInt(size);
      if (at % block === 0n && at + block - 1n <= end) break;
      size -= 1;
    }
    out.push(formatCidr(at, bits - size, family));
    at += 1n << BigInt(size);
  }
  return out;
}

/** The addresses of a family that no excluded range touches, as merged ranges. */
export function complement(excluded: readonly Range[], family: Family): Range[] {
  const gaps: Range[] = [];
  let next = 0n;
  for (const r of mergeRanges(excluded, family)) {
    if (r.start > next) gaps.push({ family, start: next, end: r.start - 1n });
    next = r.end + 1n;
  }
  if (next <= familyMax(family)) gaps.push({ family, start: next, end: familyMax(family) });
  return gaps;
}

/**
 * AllowedIPs for the given families covering every address except the excluded ones. Each kept
 * address is in exactly one block and none is split further than needed: a block can't span an
 * excluded address, so the minimum is the sum of the per-gap minima, which the greedy split gives.
 */
export function allowedIpsExcluding(excluded: readonly string[], families: readonly Family[] = [4, 6]): string[] {
  const ranges = excluded.map(parseRange);
  return families.flatMap((family) => complement(ranges, family).flatMap((gap) => rangeToCidrs(gap.start, gap.end, family)));
}
