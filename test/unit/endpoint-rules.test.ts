// The endpoint rules without zod (main/contract/endpoint-rules.ts, used by the renderer) accept
// exactly the IP addresses zod's z.ipv4() / z.ipv6() accept, which main's schemas used before:
// Settings → Advanced never accepts an address that main then refuses, nor the other way round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod';
import { dohAddressProblem, ipAddressProblem, isIpAddress, urlIpLiteral } from '../../main/contract/endpoint-rules.ts';
import { DohAddressSchema } from '../../main/contract/endpoints.ts';

const zodIp = z.union([z.ipv4(), z.ipv6()]);

/** Text near the shape of an address: digits, hex, separators, and the characters that re-delimit a URL. */
const addressLike = fc.oneof(
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.ipV6(),
  fc.ipV6().map((ip) => ip.toUpperCase()),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg:.%[]@\\/ \t\n-'.split('')), maxLength: 45 }),
  fc.tuple(fc.ipV6(), fc.constantFrom('%eth0', '/64', ']', ':', '::', '\n', '@1', '.1')).map(([ip, tail]) => ip + tail),
  fc.tuple(fc.ipV4(), fc.constantFrom('.1', ':80', '/24', ' ', '0')).map(([ip, tail]) => ip + tail),
);

test('an IP address is what zod calls one, for random address-like text', () => {
  fc.assert(
    fc.property(addressLike, (text) => {
      assert.equal(isIpAddress(text), zodIp.safeParse(text).success, JSON.stringify(text));
    }),
    { numRuns: 5000 },
  );
});

test('IP addresses written in the corner cases of the notation', () => {
  const yes = ['192.0.2.1', '0.0.0.0', '255.255.255.255', '::', '::1', '2001:db8::1', '2001:DB8:0:0:0:0:0:1', 'fe80::1:2:3:4:5:6', '1::', '::ffff:192.0.2.1'];
  const no = ['', '256.0.0.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '[::1]', '::1%eth0', '::@1\\', '::1\n', '1:2:3:4:5:6:7:8:9', 'example.org', ' 192.0.2.1'];
  for (const text of yes) {
    assert.equal(isIpAddress(text), true, text);
    assert.equal(zodIp.safeParse(text).success, true, `zod agrees on ${text}`);
  }
  for (const text of no) {
    assert.equal(isIpAddress(text), false, text);
    assert.equal(zodIp.safeParse(text).success, false, `zod agrees on ${text}`);
    assert.match(ipAddressProblem(text) ?? '', /is not an IPv4 or IPv6 address/);
  }
});

test("main's DoH address schema and the renderer's check give the same answer", () => {
  for (const text of ['192.0.2.53', '2001:db8::53', 'dns.example', '192.0.2.256']) {
    assert.equal(DohAddressSchema.safeParse(text).success, ipAddressProblem(text) === null, text);
  }
  assert.equal(urlIpLiteral('https://[2001:db8::53]/dns-query'), '2001:db8::53');
  assert.equal(urlIpLiteral('https://192.0.2.53/dns-query'), '192.0.2.53');
  assert.equal(urlIpLiteral('https://dns.example/dns-query'), null);
  assert.equal(dohAddressProblem('https://192.0.2.53/dns-query', null), null);
  assert.match(dohAddressProblem('https://dns.example/dns-query', null) ?? '', /--doh-address/);
});
