import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsObservationSchema } from '../../main/contract/observations.ts';
import { CertificateAuthority } from '../../main/lab/ca.ts';
import { resolveSystem } from '../../main/engine/dns.ts';
import { resolveDoh } from '../../main/engine/doh.ts';
import { startDnsServer, startDohServer, testNetwork, type DnsServer, type DohServer, type Zone } from '../support/servers.ts';

const zone: Zone = {
  'site.test': { A: ['127.0.0.10', '127.0.0.11'], AAAA: ['::1'] },
  'v4only.test': { A: ['127.0.0.12'] },
  'www.alias.test': { cname: 'edge.cdn.test' },
  'edge.cdn.test': { A: ['127.0.0.13'] },
  'empty.test': {},
  'broken.test': { rcode: 'SERVFAIL' },
  'refused.test': { rcode: 'REFUSED' },
  'silent.test': { silent: true },
  'big.test': { A: ['127.0.0.14'], truncateOverUdp: true },
};

describe('system resolver', () => {
  let dns: DnsServer;
  before(async () => {
    dns = await startDnsServer(zone);
  });
  after(() => dns.close());
  const net = () => testNetwork({ resolvers: [dns.endpoint] });

  test('A and AAAA answers, server and rcode recorded', async () => {
    const obs = await resolveSystem(net(), 'site.test', { timeoutMs: 1000, attempt: 1 });
    DnsObservationSchema.parse(obs);
    assert.deepEqual(obs.answers, ['127.0.0.10', '127.0.0.11', '::1']);
    assert.equal(obs.failure, null);
    assert.equal(obs.rcode, 'NOERROR');
    assert.equal(obs.resolver, 'network');
    assert.equal(obs.server, `127.0.0.1:${dns.port}`);
    assert.equal(obs.attempt, 1);
    assert.ok(obs.t1 >= obs.t0);
  });

  test('a missing AAAA record is not a failure; CNAMEs are followed', async () => {
    assert.deepEqual((await resolveSystem(net(), 'v4only.test', { timeoutMs: 1000 })).answers, ['127.0.0.12']);
    const alias = await resolveSystem(net(), 'www.alias.test', { timeoutMs: 1000 });
    assert.deepEqual(alias.answers, ['127.0.0.13']);
    assert.equal(alias.failure, null);
  });

  test('NXDOMAIN, no answer, SERVFAIL, REFUSED', async () => {
    const nx = await resolveSystem(net(), 'nowhere.test', { timeoutMs: 1000 });
    assert.deepEqual([nx.failure, nx.rcode, nx.answers], ['dns_nxdomain_error', 'NXDOMAIN', []]);
    const empty = await resolveSystem(net(), 'empty.test', { timeoutMs: 1000 });
    assert.deepEqual([empty.failure, empty.rcode], ['dns_no_answer', 'NOERROR']);
    assert.equal((await resolveSystem(net(), 'broken.test', { timeoutMs: 1000 })).failure, 'dns_servfail_error');
    const refused = await resolveSystem(net(), 'refused.test', { timeoutMs: 1000 });
    assert.deepEqual([refused.failure, refused.rcode], ['dns_refused_error', 'REFUSED']);
  });

  test('silence is a timeout within the budget', async () => {
    const started = Date.now();
    const obs = await resolveSystem(net(), 'silent.test', { timeoutMs: 200 });
    assert.equal(obs.failure, 'generic_timeout_error');
    assert.equal(obs.rcode, null);
    assert.ok(Date.now() - started < 1000);
  });

  test('a truncated UDP reply is asked again over TCP', async () => {
    const obs = await resolveSystem(net(), 'big.test', { timeoutMs: 1000 });
    assert.deepEqual(obs.answers, ['127.0.0.14']);
    assert.ok(dns.queries.includes('tcp A big.test'), dns.queries.join('\n'));
    assert.ok(await dns.sockets.allClosed());
  });

  test('the caller aborting gives interrupted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const obs = await resolveSystem(net(), 'silent.test', { timeoutMs: 5000, signal: controller.signal });
    assert.equal(obs.failure, 'interrupted');
  });

  test('an address literal needs no lookup; no resolver is a failure value', async () => {
    const literal = await resolveSystem(net(), '127.0.0.9', { timeoutMs: 1000 });
    assert.deepEqual([literal.answers, literal.failure], [['127.0.0.9'], null]);
    const none = await resolveSystem(testNetwork(), 'site.test', { timeoutMs: 1000 });
    assert.match(none.failure ?? '', /^unknown_failure/);
  });

  test('the loopback guard turns a foreign resolver into a failure, not a throw', async () => {
    const obs = await resolveSystem(testNetwork({ resolvers: [{ ip: '192.0.2.53', port: 53 }] }), 'site.test', { timeoutMs: 500 });
    assert.equal(obs.failure, 'unknown_failure: loopback guard refused 192.0.2.53');
  });
});

describe('DNS over HTTPS', () => {
  let ca: CertificateAuthority;
  let doh: DohServer;
  before(async () => {
    ca = await CertificateAuthority.create('Test CA');
    doh = await startDohServer({ ca, zone });
  });
  after(() => doh.close());

  test('answers over HTTPS at the bootstrap address', async () => {
    const obs = await resolveDoh(testNetwork({ ca, doh: doh.config }), 'site.test', { timeoutMs: 2000 });
    DnsObservationSchema.parse(obs);
    assert.equal(obs.failure, null);
    assert.equal(obs.resolver, 'doh');
    assert.equal(obs.server, doh.config.url);
    assert.deepEqual(obs.answers, ['127.0.0.10', '127.0.0.11', '::1']);
    assert.equal(obs.rcode, 'NOERROR');
    assert.ok(doh.requests.every((r) => r.startsWith(`doh.test:${doh.port} /dns-query`)));
    assert.ok(await doh.sockets.allClosed());
  });

  test('NXDOMAIN over DoH', async () => {
    const obs = await resolveDoh(testNetwork({ ca, doh: doh.config }), 'nowhere.test', { timeoutMs: 2000 });
    assert.deepEqual([obs.failure, obs.rcode], ['dns_nxdomain_error', 'NXDOMAIN']);
  });

  test('a silent DoH server times out and its connection is closed', async () => {
    const obs = await resolveDoh(testNetwork({ ca, doh: doh.config }), 'silent.test', { timeoutMs: 300 });
    assert.equal(obs.failure, 'generic_timeout_error');
    assert.ok(await doh.sockets.allClosed());
  });

  test('an untrusted DoH certificate is not used', async () => {
    const other = await CertificateAuthority.create('Other CA');
    const obs = await resolveDoh(testNetwork({ ca: other, doh: doh.config }), 'site.test', { timeoutMs: 2000 });
    assert.equal(obs.failure, 'ssl_unknown_authority');
    assert.deepEqual(obs.answers, []);
  });

  test('an HTTP error from the DoH server is a failure', async () => {
    const failing = await startDohServer({ ca, zone, status: 503 });
    try {
      const obs = await resolveDoh(testNetwork({ ca, doh: failing.config }), 'site.test', { timeoutMs: 2000 });
      assert.equal(obs.failure, 'unknown_failure: DoH server answered HTTP 503');
    } finally {
      await failing.close();
    }
  });

  test('no DoH configured is a failure value', async () => {
    const obs = await resolveDoh(testNetwork({ ca }), 'site.test', { timeoutMs: 500 });
    assert.match(obs.failure ?? '', /^unknown_failure/);
  });
});
