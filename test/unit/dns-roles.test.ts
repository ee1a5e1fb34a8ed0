// DNS in three roles: the operating system's lookup (what the person's apps see), the network's
// resolver asked directly, and DoH. The engine records each with its role, connects to the union
// of their answers; the verdict is about the `os` role; the export writes each where OONI does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveOs } from '../../main/engine/dns.ts';
import type { Network } from '../../main/engine/network.ts';
import { analyze } from '../../main/analysis/index.ts';
import { ooniDnsPlacement } from '../../main/report/ooni-format.ts';
import { RunSchema } from '../../main/contract/run.ts';
import { DnsObservationSchema } from '../../main/contract/observations.ts';
import { runLabScenario } from '../../main/lab/run-lab.ts';
import { scenario } from '../lab/lab-support.ts';
import { control, dns, dnsFail, doh, http, input, REAL_IP, FAKE_IP, tcp, tls, HOST } from '../support/observations.ts';

const fakeOs = (lookup: Network['osLookup']): Network => ({
  name: 'fake',
  resolvers: [],
  osLookup: lookup,
  dial: () => Promise.reject(new Error('no dialing here')),
  dnsExchange: () => Promise.reject(new Error('no resolver here')),
});

test("os role: the operating system's answer, its NXDOMAIN, its silence", async () => {
  const ok = await resolveOs(fakeOs(async () => ['192.0.2.1', '2001:db8::1']), 'a.example', { timeoutMs: 500 });
  assert.deepEqual([ok.resolver, ok.server, ok.answers, ok.failure], ['os', 'getaddrinfo', ['192.0.2.1', '2001:db8::1'], null]);
  const nx = await resolveOs(fakeOs(async () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }))), 'b.example', { timeoutMs: 500 });
  assert.deepEqual([nx.failure, nx.rcode], ['dns_nxdomain_error', 'NXDOMAIN']);
  const silent = await resolveOs(fakeOs(() => new Promise(() => {})), 'c.example', { timeoutMs: 50 });
  assert.equal(silent.failure, 'generic_timeout_error');
});

test('runs written before roles say `system`: read as the network resolver', () => {
  const parsed = DnsObservationSchema.parse({ ...dns(), resolver: 'system' });
  assert.equal(parsed.resolver, 'network');
});

const os = (answers: string[] = [REAL_IP]) => dns({ resolver: 'os', server: 'getaddrinfo', answers });
const page = () => http({});

test('the verdict is about the os role: the provider lies but the device resolves another way -> works, and the evidence says so', () => {
  const v = analyze(input([os(), dnsFail('dns_nxdomain_error'), tcp(), tls(), page(), os(), tcp({ attempt: 1 })], { control: control() }));
  assert.equal(v.status, 'accessible');
  assert.ok(v.evidence.notes.includes('provider-dns-differs-os-ok'), v.evidence.notes.join());
  assert.deepEqual(v.evidence.dns?.network, []);
  // The same answers from both: nothing to say.
  const agree = analyze(input([os(), dns(), tcp(), tls(), page()], { control: control() }));
  assert.ok(!agree.evidence.notes.includes('provider-dns-differs-os-ok'));
});

test('the os lookup fails, DoH gives the address and the page works there: blocked by DNS, with evidence from the other lookups', () => {
  const osFail = (attempt: number) => ({ ...dnsFail('dns_nxdomain_error', attempt), resolver: 'os' as const, server: 'getaddrinfo' });
  const v = analyze(input([osFail(0), osFail(1), dns(), doh(), tcp(), tls(), page()], { control: control() }));
  assert.equal(`${v.status}/${v.method}`, 'blocked/dns.nxdomain');
  assert.ok(v.evidence.notes.includes('doh-gives-address'));
  assert.ok(v.evidence.notes.includes('site-works-at-other-address'));
});

test('a bogus os answer whose TLS fails, while the real address works: dns.tampered, not works', () => {
  const obs = [os([FAKE_IP]), os([FAKE_IP]), doh(), tcp({ ip: FAKE_IP }), tcp({ ip: FAKE_IP, attempt: 1 }), tls({ ip: FAKE_IP, failure: 'ssl_invalid_hostname', verified: false, chain: [] }), tls({ ip: FAKE_IP, failure: 'ssl_invalid_hostname', verified: false, chain: [], attempt: 1 }), tcp(), tls(), page()];
  const v = analyze(input(obs, { control: control() }));
  assert.equal(`${v.status}/${v.method}`, 'blocked/dns.tampered', v.evidence.code);
});

test('export: the os role as ooniprobe writes getaddrinfo (one ANY query per try), network in x_do53 as udp, DoH in x_doh', () => {
  const placed = ooniDnsPlacement([os([REAL_IP, '2001:db8::10']), dns(), doh()], 1_700_000_000_000);
  assert.deepEqual(placed.queries.map((q) => [q.engine, q.query_type, q.answers?.map((a) => a.ipv4 ?? a.ipv6)]), [['getaddrinfo', 'ANY', [REAL_IP, '2001:db8::10']]]);
  assert.equal(placed.queries[0]?.hostname, HOST);
  const do53 = placed.x_do53.queries as { engine: string; query_type: string }[];
  assert.deepEqual(do53.map((q) => [q.engine, q.query_type]), [['udp', 'A'], ['udp', 'AAAA']]);
  const xdoh = placed.x_doh.queries as { engine: string }[];
  assert.deepEqual([...new Set(xdoh.map((q) => q.engine))], ['doh']);
  // A run from before roles: its network lookups stay the measurement's own.
  assert.deepEqual(ooniDnsPlacement([dns()], 0).queries.map((q) => q.engine), ['udp', 'udp']);
});

test('the engine in the lab: three roles recorded, connects to the union with provenance', async () => {
  const run = await runLabScenario(
    scenario({ sites: { 'www.azadliq.org': {}, 'www.bbc.com': {} }, censor: [{ host: 'www.azadliq.org', at: 'dns', do: 'nxdomain' }] }),
    { concurrency: 2 },
  );
  RunSchema.parse(run);
  const blocked = run.results.find((r) => r.host === 'www.azadliq.org');
  const fine = run.results.find((r) => r.host === 'www.bbc.com');
  assert.ok(blocked && fine);
  const roles = (r: typeof fine) => [...new Set(r.observations.flatMap((o) => (o.step === 'dns' ? [o.resolver] : [])))].sort();
  assert.deepEqual(roles(fine), ['doh', 'network', 'os']);
  assert.deepEqual(roles(blocked), ['doh', 'network', 'os']);
  assert.equal(`${blocked.status}/${blocked.method}`, 'blocked/dns.nxdomain');
  const tcps = blocked.observations.flatMap((o) => (o.step === 'tcp' ? [o] : []));
  assert.ok(tcps.length > 0 && tcps.every((o) => o.addressFrom?.includes('doh') && !o.addressFrom.includes('os')), 'connected at DoH’s address only');
  assert.ok(blocked.evidence.notes.includes('doh-gives-address'));
  assert.ok(blocked.evidence.notes.includes('site-works-at-other-address'));
  const fineTcp = fine.observations.find((o) => o.step === 'tcp');
  assert.ok(fineTcp?.step === 'tcp' && fineTcp.addressFrom?.includes('os'));
});

test('a reset inside verified HTTPS, after the handshake with the real name went through, names no method', () => {
  const resets = [0, 1, 2].map((attempt) => http({ failure: 'connection_reset', status: null, attempt, title: null, bodyLength: null }));
  const v = analyze(input([os(), tcp(), tls(), ...resets], { control: control() }));
  assert.equal(`${v.status}/${v.method}`, 'inconclusive/null');
  assert.equal(v.evidence.code, 'reset-inside-verified-https');
});
