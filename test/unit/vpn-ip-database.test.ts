// The offline network lookup: the byte-offset binary search on small recorded files (first, last,
// between ranges, quoted names, IPv6), a property against a linear scan, and the bundled database
// for the Azerbaijani networks research section 5 names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { addressNumber, lookupNetwork, parseRangeLine, searchRangeFile, type IpDatabase } from '../../main/vpn/ip-database.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'vpn', 'ip-db');
const FIXTURE_DB: IpDatabase = {
  asn: { 4: join(DIR, 'asn-ipv4-num.csv'), 6: join(DIR, 'asn-ipv6-num.csv') },
  country: { 4: join(DIR, 'asn-country-ipv4-num.csv'), 6: join(DIR, 'asn-country-ipv6-num.csv') },
};

test('CSV lines: numbers, plain and quoted names with doubled quotes and commas', () => {
  assert.deepEqual(parseRangeLine('1,2,13335,"Cloudflare, Inc."'), { start: 1n, end: 2n, fields: ['13335', 'Cloudflare, Inc.'] });
  assert.deepEqual(parseRangeLine('3,4,31721,"""Azercell Telecom Ltd"" Joint Venture"')?.fields, ['31721', '"Azercell Telecom Ltd" Joint Venture']);
  assert.deepEqual(parseRangeLine('5,6,AZ')?.fields, ['AZ']);
  assert.equal(parseRangeLine(''), null);
  assert.equal(parseRangeLine('start,end,asn'), null);
});

test('lookups in recorded files: first row, last row, between rows, outside, IPv6, bad input', async () => {
  assert.deepEqual(await lookupNetwork('1.0.0.1', FIXTURE_DB), { asn: 'AS13335', cc: 'AU', name: 'Cloudflare, Inc.' });
  assert.deepEqual(await lookupNetwork('5.191.10.20', FIXTURE_DB), { asn: 'AS31721', cc: 'AZ', name: '"Azercell Telecom Ltd" Azerbaijan-Turkey Joint Venture' });
  assert.deepEqual(await lookupNetwork('85.132.127.255', FIXTURE_DB), { asn: 'AS29049', cc: 'AZ', name: 'Delta Telecom Ltd' });
  assert.deepEqual(await lookupNetwork('255.255.255.255', FIXTURE_DB), { asn: 'AS64512', cc: 'ZZ', name: 'Last Row Networks' });
  assert.deepEqual(await lookupNetwork('85.132.128.0', FIXTURE_DB), { asn: 'AS0', cc: 'ZZ' }, 'between two ranges');
  assert.deepEqual(await lookupNetwork('0.0.0.0', FIXTURE_DB), { asn: 'AS0', cc: 'ZZ' }, 'before the first range');
  assert.deepEqual(await lookupNetwork('2a07:b944::2:2', FIXTURE_DB), { asn: 'AS209103', cc: 'CH', name: 'Proton AG' });
  assert.deepEqual(await lookupNetwork('::ffff:85.132.0.1', FIXTURE_DB), { asn: 'AS29049', cc: 'AZ', name: 'Delta Telecom Ltd' });
  assert.deepEqual(await lookupNetwork('not an ip', FIXTURE_DB), { asn: 'AS0', cc: 'ZZ' });
  const missing = { asn: { 4: join(DIR, 'nope.csv'), 6: join(DIR, 'nope.csv') }, country: FIXTURE_DB.country };
  assert.deepEqual(await lookupNetwork('85.132.0.1', missing), { asn: 'AS0', cc: 'AZ' }, 'an unreadable file only loses its half');
});

test('property: the byte-offset search finds what a linear scan finds, whatever the line lengths', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'yoxla-ipdb-'));
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.string({ minLength: 0, maxLength: 3000 }).map((s) => s.replace(/[\r\n"]/g, '')), { minLength: 60, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 101_000 }), { minLength: 1, maxLength: 10 }),
        async (starts, names, probes) => {
          const sorted = [...starts].sort((a, b) => a - b);
          const rows = sorted.map((s, i) => ({ start: s, end: Math.min((sorted[i + 1] ?? 101_000) - 1, s + 500), name: `"${names[i] ?? ''}"` }));
          const path = join(dir, 'db.csv');
          await writeFile(path, rows.map((r) => `${r.start},${r.end},${r.name}\n`).join(''));
          for (const p of probes) {
            const expected = rows.find((r) => r.start <= p && p <= r.end);
            const got = await searchRangeFile(path, BigInt(p));
            assert.equal(got?.start ?? null, expected ? BigInt(expected.start) : null, `probe ${p}`);
          }
        },
      ),
      { numRuns: 60 },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the bundled database knows the Azerbaijani networks of research section 5', async () => {
  const cases: [string, string][] = [
    ['85.132.0.1', 'AS29049'], // Delta Telecom
    ['5.191.0.1', 'AS31721'], // Azercell
    ['5.44.32.1', 'AS197830'], // Bakcell
    ['46.22.224.1', 'AS41997'], // Connect CJSC
  ];
  for (const [ip, asn] of cases) {
    const found = await lookupNetwork(ip);
    assert.equal(found.asn, asn, ip);
    assert.equal(found.cc, 'AZ', ip);
  }
  assert.notEqual((await lookupNetwork('185.159.157.1')).cc, 'AZ', 'a VPN provider abroad');
  assert.deepEqual(addressNumber('0.0.1.0'), { family: 4, value: 256n });
});
