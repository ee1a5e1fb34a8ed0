// Properties over arbitrary recorded observations: the safety rules hold whatever the network did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, EXPLANATION_KEYS, type AnalysisInput } from '../../main/analysis/index.ts';
import type { CertSummary, Control, Observation } from '../../main/contract/observations.ts';
import { VerdictSchema } from '../../main/contract/verdict.ts';
import { cert, HOST } from '../support/observations.ts';

const ips = ['203.0.113.10', '198.51.100.20', '192.0.2.66', '10.0.0.1', '127.0.0.5', '::1', '2001:db8::1'];
const failures = [
  null,
  null,
  'generic_timeout_error',
  'connection_reset',
  'connection_refused',
  'eof_error',
  'dns_nxdomain_error',
  'ssl_invalid_hostname',
  'ssl_unknown_authority',
  'unknown_failure: weird',
];
const ip = fc.constantFrom(...ips);
const failure = fc.constantFrom(...failures);
const attempt = fc.integer({ min: 0, max: 2 });
const base = { t0: fc.constant(1), t1: fc.constant(2), attempt, failure };

const dnsObs = fc.record({
  step: fc.constant('dns' as const),
  resolver: fc.constantFrom('os' as const, 'network' as const, 'doh' as const),
  server: fc.constant('192.0.2.53:53'),
  query: fc.constant(HOST),
  answers: fc.array(ip, { maxLength: 3 }),
  rcode: fc.constantFrom(null, 'NOERROR', 'NXDOMAIN', 'SERVFAIL'),
  ...base,
});
const tcpObs = fc.record({ step: fc.constant('tcp' as const), ip, port: fc.constantFrom(80, 443), ...base });
const tlsObs = fc.record({
  step: fc.constant('tls' as const),
  ip,
  port: fc.constant(443),
  serverName: fc.constantFrom(HOST, 'example.com'),
  purpose: fc.constantFrom('measure' as const, 'sni-test' as const),
  tlsVersion: fc.constantFrom(null, 'TLSv1.3'),
  cipher: fc.constant(null),
  chain: fc.constantFrom<CertSummary[]>([], [cert()], [cert({ issuer: 'CN=Other' })]),
  verified: fc.constantFrom(null, true, false),
  ...base,
});
const httpObs = fc.record({
  step: fc.constant('http' as const),
  url: fc.constantFrom(`https://${HOST}/`, `http://${HOST}/`, 'http://block.isp.example/'),
  ip: fc.option(ip),
  status: fc.constantFrom(null, 200, 302, 403, 451, 500),
  headers: fc.constantFrom<Record<string, string>>({}, { server: 'nginx', 'x-a': '1' }, { server: 'isp' }),
  bodyLength: fc.option(fc.integer({ min: 0, max: 100_000 })),
  bodyTruncated: fc.boolean(),
  bodySha256: fc.constant(null),
  title: fc.constantFrom(null, '', 'Independent News', 'Giriş qadağandır'),
  redirectTo: fc.constantFrom(null, 'http://block.isp.example/', `https://www.${HOST}/`),
  ...base,
});
const throughputObs = fc.record({
  step: fc.constant('throughput' as const),
  url: fc.constant(`https://${HOST}/a.bin`),
  ip: fc.constant(null),
  role: fc.constantFrom('target' as const, 'control' as const),
  bytes: fc.integer({ min: 0, max: 10_000_000 }),
  ms: fc.integer({ min: 0, max: 10_000 }),
  kbps: fc.constantFrom(0, 10, 100, 1000, 10_000),
  completed: fc.boolean(),
  ...base,
});
const observations: fc.Arbitrary<Observation[]> = fc.array(
  fc.oneof(dnsObs, tcpObs, tlsObs, httpObs, throughputObs).map((o): Observation => o),
  { maxLength: 14 },
);

const endpoint = fc.tuple(ip, fc.constantFrom(80, 443)).map(([a, p]) => (a.includes(':') ? `[${a}]:${p}` : `${a}:${p}`));
const controlArb: fc.Arbitrary<Control> = fc.record({
  tcp_connect: fc.dictionary(endpoint, fc.record({ status: fc.boolean(), failure })),
  tls_handshake: fc.dictionary(endpoint, fc.record({ server_name: fc.constant(HOST), status: fc.boolean(), failure })),
  http_request: fc.record({
    body_length: fc.integer({ min: -1, max: 100_000 }),
    failure,
    title: fc.constantFrom('', 'Independent News'),
    headers: fc.constantFrom<Record<string, string>>({}, { server: 'nginx', 'x-a': '1' }),
    status_code: fc.constantFrom(-1, 200, 403, 500),
  }),
  dns: fc.record({ failure, addrs: fc.option(fc.array(ip, { maxLength: 3 })) }),
}).map((c): Control => c);

const anyInput = (control: fc.Arbitrary<Control | null>): fc.Arbitrary<AnalysisInput> =>
  fc.record({
    target: fc.record({
      input: fc.constantFrom(`https://${HOST}/`, `http://${HOST}/`),
      host: fc.constant(HOST),
      kind: fc.constantFrom('web', 'throughput', 'app-endpoint'),
    }),
    observations,
    control,
    controlFailure: fc.constantFrom(null, 'no-consent', 'generic_timeout_error'),
    connectivity: fc.constantFrom('ok' as const, 'offline' as const, 'captive-portal' as const, 'unknown' as const),
    requireRecheck: fc.option(fc.boolean(), { nil: undefined }),
  });

const RUNS = { numRuns: 2000 };

test('without a control, nothing is ever blocked', () => {
  fc.assert(fc.property(anyInput(fc.constant(null)), (input) => analyze(input).status !== 'blocked'), RUNS);
});

test('offline or behind a captive portal, nothing is ever blocked', () => {
  fc.assert(
    fc.property(anyInput(fc.option(controlArb)), (input) => {
      const v = analyze({ ...input, connectivity: 'offline' });
      const w = analyze({ ...input, connectivity: 'captive-portal' });
      return v.status === 'inconclusive' && w.status === 'inconclusive';
    }),
    RUNS,
  );
});

test('every verdict keeps the contract: schema, method iff blocked, a known explanation key', () => {
  const keys = new Set(EXPLANATION_KEYS);
  fc.assert(
    fc.property(anyInput(fc.option(controlArb)), (input) => {
      const v = analyze(input);
      VerdictSchema.parse(v);
      assert.equal(v.method !== null, v.status === 'blocked');
      assert.ok(keys.has(v.explanationKey), v.explanationKey);
      if (v.status === 'blocked') assert.equal(v.explanationKey, `verdict.blocked.${v.method}`);
      if (input.observations.some((o) => o.step === 'dns')) assert.ok(v.evidence.dns);
    }),
    RUNS,
  );
});

test('deterministic: the same input gives deep-equal verdicts and is left untouched', () => {
  fc.assert(
    fc.property(anyInput(fc.option(controlArb)), (input) => {
      // fast-check builds null-prototype records, so compare the input by its JSON.
      const before = JSON.stringify(input);
      assert.deepEqual(analyze(input), analyze(JSON.parse(before) as AnalysisInput));
      assert.equal(JSON.stringify(input), before);
    }),
    { numRuns: 500 },
  );
});

test('one failing attempt, with the re-check required, never makes a verdict of blocked by itself', () => {
  // Every observation on attempt 0 only: failures are unconfirmed, so only a response can block.
  fc.assert(
    fc.property(anyInput(fc.option(controlArb)), (input) => {
      const single = input.observations.map((o) => ({ ...o, attempt: 0 }));
      const v = analyze({ ...input, observations: single, requireRecheck: true });
      if (v.status === 'blocked') {
        assert.ok(['http.blockpage', 'dns.tampered'].includes(v.method ?? ''), `${v.method} ${v.evidence.code}`);
        assert.equal(v.evidence.failure, null);
      }
    }),
    RUNS,
  );
});
