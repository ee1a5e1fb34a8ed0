// AllowedIPs excluding addresses: property-based proofs of coverage (every address not excluded is
// in exactly one output block), exclusion (no excluded address is in any) and minimality.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allowedIpsExcluding, familyMax, formatCidr, mergeRanges, parseRange, type Family, type Range } from '../../main/vpn/allowed-ips.ts';

const v4Cidr = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 }))
  .map(([bytes, prefix]) => `${bytes.join('.')}/${prefix}`);
const v4Address = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }).map((b) => b.join('.'));
const v6Value = fc.bigInt({ min: 0n, max: familyMax(6) });
const v6Cidr = fc.tuple(v6Value, fc.integer({ min: 0, max: 128 })).map(([v, prefix]) => formatCidr(v, 128, 6).replace(/\/128$/, `/${prefix}`));
/** Exclusions as people type them: addresses and CIDRs of both families, often near each other. */
const exclusions = fc.array(fc.oneof(v4Cidr, v4Address, v6Cidr, v6Value.map((v) => formatCidr(v, 128, 6).replace('/128', ''))), { maxLength: 12 });

const rangesOf = (cidrs: string[], family: Family): Range[] => cidrs.map(parseRange).filter((r) => r.family === family);
const within = (value: bigint, r: Range) => r.start <= value && value <= r.end;

/** The output and the excluded ranges together tile the whole family, alternating, with no gap. */
function assertTiles(output: Range[], excluded: Range[], family: Family) {
  const pieces = [...output.map((r) => ({ ...r, out: true })), ...mergeRanges(excluded, family).map((r) => ({ ...r, out: false }))].sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : 0,
  );
  let next = 0n;
  for (const p of pieces) {
    assert.equal(p.start, next, `gap or overlap at ${p.start}`);
    next = p.end + 1n;
  }
  assert.equal(next, familyMax(family) + 1n, 'covers up to the last address');
}

/** Independent minimum: the canonical prefix-tree decomposition of the kept set. */
function minimalCount(excluded: Range[], family: Family): number {
  const merged = mergeRanges(excluded, family);
  const count = (start: bigint, end: bigint): number => {
    const touching = merged.filter((r) => r.start <= end && r.end >= start);
    if (touching.length === 0) return 1;
    if (touching.some((r) => r.start <= start && r.end >= end)) return 0;
    const mid = start + (end - start + 1n) / 2n;
    return count(start, mid - 1n) + count(mid, end);
  };
  return count(0n, familyMax(family));
}

test('property: every address not excluded is in exactly one block, no excluded address in any', () => {
  fc.assert(
    fc.property(exclusions, fc.array(fc.oneof(v4Address, v6Value.map((v) => formatCidr(v, 128, 6).replace('/128', ''))), { maxLength: 20 }), (excluded, probes) => {
      const out = allowedIpsExcluding(excluded);
      const excludedRanges = excluded.map(parseRange);
      for (const family of [4, 6] as const) {
        const blocks = rangesOf(out, family);
        assertTiles(blocks, excludedRanges, family);
        // Spot checks on addresses chosen at random and at the edges of every exclusion.
        const edges = excludedRanges.filter((r) => r.family === family).flatMap((r) => [r.start, r.end, r.start - 1n, r.end + 1n]);
        const sampled = probes.map(parseRange).filter((r) => r.family === family).map((r) => r.start);
        for (const a of [...edges, ...sampled, 0n, familyMax(family)].filter((a) => a >= 0n && a <= familyMax(family))) {
          const isExcluded = excludedRanges.some((r) => r.family === family && within(a, r));
          assert.equal(blocks.filter((b) => within(a, b)).length, isExcluded ? 0 : 1, `address ${a}`);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('property: every block is a proper CIDR and the count is the minimum', () => {
  fc.assert(
    fc.property(exclusions, (excluded) => {
      const out = allowedIpsExcluding(excluded);
      for (const cidr of out) {
        const r = parseRange(cidr);
        assert.equal(formatCidr(r.start, Number(cidr.split('/')[1]), r.family), cidr, `${cidr} is written canonically`);
      }
      const ranges = excluded.map(parseRange);
      for (const family of [4, 6] as const) assert.equal(rangesOf(out, family).length, minimalCount(ranges, family));
    }),
    { numRuns: 200 },
  );
});

test('minimal for simple cases', () => {
  assert.deepEqual(allowedIpsExcluding([]), ['0.0.0.0/0', '::/0']);
  assert.deepEqual(allowedIpsExcluding(['10.0.0.0/8'], [4]), [
    '0.0.0.0/5',
    '8.0.0.0/7',
    '11.0.0.0/8',
    '12.0.0.0/6',
    '16.0.0.0/4',
    '32.0.0.0/3',
    '64.0.0.0/2',
    '128.0.0.0/1',
  ]);
  // One address leaves one block per bit: 32 for IPv4, 128 for IPv6.
  assert.equal(allowedIpsExcluding(['85.132.0.1'], [4]).length, 32);
  assert.equal(allowedIpsExcluding(['2a03:2880::1'], [6]).length, 128);
  // Two neighbouring /25s make a /24: excluding both costs what excluding the /24 costs.
  assert.deepEqual(allowedIpsExcluding(['192.0.2.0/25', '192.0.2.128/25'], [4]), allowedIpsExcluding(['192.0.2.0/24'], [4]));
  assert.deepEqual(allowedIpsExcluding(['0.0.0.0/0']), ['::/0']);
  assert.deepEqual(allowedIpsExcluding(['0.0.0.0/0', '::/0']), []);
  assert.deepEqual(allowedIpsExcluding(['128.0.0.0/1'], [4]), ['0.0.0.0/1']);
});

test('inputs: host bits are ignored, IPv4-mapped IPv6 is IPv4, garbage is refused', () => {
  assert.deepEqual(parseRange('10.1.2.3/8'), { family: 4, start: 10n << 24n, end: (11n << 24n) - 1n });
  assert.deepEqual(parseRange('::ffff:192.0.2.1'), parseRange('192.0.2.1'));
  assert.deepEqual(parseRange('::ffff:192.0.2.0/120'), parseRange('192.0.2.0/24'));
  for (const bad of ['bank.az', '10.0.0.0/33', '::/129', '1.2.3.4/x', '']) assert.throws(() => parseRange(bad), /not an IP|prefix/, bad);
});
