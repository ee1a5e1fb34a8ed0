import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { HttpObservationSchema, LOCAL_REDIRECT_FAILURE, ThroughputObservationSchema } from '../../main/contract/observations.ts';
import { isNonPublicAddress } from '../../main/engine/network.ts';
import { CertificateAuthority } from '../../main/lab/ca.ts';
import { httpFetch } from '../../main/engine/http.ts';
import { download } from '../../main/engine/throughput.ts';
import { extractTitle } from '../../main/engine/title.ts';
import {
  bytes,
  hangingDial,
  html,
  redirect,
  resetMidResponse,
  respond,
  slow,
  startHttpServer,
  startTlsServer,
  testNetwork,
  type HttpServer,
} from '../support/servers.ts';

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

describe('HTTP fetch', () => {
  let ca: CertificateAuthority;
  let site: HttpServer; // https, a.test and b.test on 127.0.0.1
  let other: HttpServer; // https, c.test on 127.0.0.2
  let plain: HttpServer; // http
  let seenHeaders: Record<string, string | string[] | undefined> & { accept?: string; 'user-agent'?: string } = {};
  const page = html('Hello &amp; welcome\n  to   <b>A</b>', 'x'.repeat(100));
  before(async () => {
    ca = await CertificateAuthority.create('Test CA');
    other = await startHttpServer({
      host: '127.0.0.2',
      tls: { ca, hosts: ['c.test'] },
      routes: { '/final': respond(200, html('Final')), '/cookie': (req, res) => respond(200, req.headers.cookie ?? 'none')(req, res) },
    });
    site = await startHttpServer({
      tls: { ca, hosts: ['a.test', 'b.test'] },
      routes: {
        '/': respond(200, page, { 'x-multi': ['one', 'two'] }),
        '/hop1': redirect('/hop2', 301),
        '/hop2': (req, res) => redirect(`https://b.test:${site.port}/hop3`)(req, res),
        '/hop3': (req, res) => redirect(`${other.origin('c.test')}/final?x=1`)(req, res),
        '/loop': redirect('/loop'),
        '/forbidden': respond(403, html('Access denied')),
        '/big': bytes(300_000),
        '/slow': slow(100, 50, 10_000),
        '/reset': resetMidResponse(1000, 50_000),
        '/set-cookie': respond(302, '', { location: '/needs-cookie', 'set-cookie': ['session=abc; Path=/', 'lang=az'] }),
        '/needs-cookie': (req, res) => respond(200, req.headers.cookie ?? 'none')(req, res),
        '/away': redirect('https://unresolvable.test/'),
      },
    });
    plain = await startHttpServer({
      routes: {
        '/headers': (req, res) => {
          seenHeaders = req.headers;
          respond(200, 'ok')(req, res);
        },
      },
    });
  });
  after(async () => {
    await site.close();
    await other.close();
    await plain.close();
  });

  const net = () => testNetwork({ ca });
  const allClosed = async () => {
    for (const s of [site, other, plain]) assert.ok(await s.sockets.allClosed(), 'server-side sockets left open');
  };

  test('200 over HTTPS: status, headers, length, sha256, title', async () => {
    const [hop, ...rest] = await httpFetch(net(), `${site.origin('a.test')}/`, { ip: '127.0.0.1', timeoutMs: 2000, attempt: 1 });
    assert.equal(rest.length, 0);
    assert.ok(hop);
    HttpObservationSchema.parse(hop);
    assert.equal(hop.failure, null);
    assert.equal(hop.status, 200);
    assert.equal(hop.ip, '127.0.0.1');
    assert.equal(hop.attempt, 1);
    assert.equal(hop.bodyLength, Buffer.byteLength(page));
    assert.equal(hop.bodySha256, sha256(page));
    assert.equal(hop.bodyTruncated, false);
    assert.equal(hop.title, 'Hello & welcome to <b>A</b>');
    assert.equal(hop.headers['x-multi'], 'one, two');
    assert.equal(hop.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(hop.redirectTo, null);
    await allClosed();
  });

  test('browser-like request headers over plain HTTP', async () => {
    const [hop] = await httpFetch(net(), `${plain.origin()}/headers`, { ip: '127.0.0.1', timeoutMs: 2000 });
    assert.deepEqual([hop?.status, hop?.title], [200, null]);
    assert.match(seenHeaders['user-agent'] ?? '', /Chrome\/\d+/);
    assert.ok(seenHeaders.accept?.includes('text/html'));
    assert.ok(seenHeaders['accept-language']);
    assert.equal(seenHeaders.host, `127.0.0.1:${plain.port}`);
  });

  test('a redirect to an address of the person own network is recorded, not followed (finding 4)', async () => {
    const before = other.requests.length;
    {
      // Here 127.0.0.1 is the internet and 127.0.0.2 the person's router.
      const network = testNetwork({ ca, isLocalAddress: (ip) => ip === '127.0.0.2' });
      const hops = await httpFetch(network, `${site.origin('a.test')}/hop2`, { ip: '127.0.0.1', timeoutMs: 2000, resolve: async (host) => (host === 'c.test' ? ['127.0.0.2'] : ['127.0.0.1']) });
      hops.forEach((h) => HttpObservationSchema.parse(h));
      const last = hops.at(-1);
      assert.equal(last?.url, `${other.origin('c.test')}/final?x=1`);
      assert.equal(last?.ip, '127.0.0.2');
      assert.equal(last?.failure, LOCAL_REDIRECT_FAILURE);
      assert.equal(last?.status, null);
      assert.equal(last?.title, null);
      assert.equal(other.requests.length, before, 'nothing was asked of the local address');
      // A production network's default rule: private, loopback, link-local are all local.
      for (const ip of ['192.168.1.1', '10.0.0.1', '169.254.169.254', '127.0.0.1', '::1', 'fe80::1', '100.64.1.1']) assert.ok(isNonPublicAddress(ip), ip);
    }
    await allClosed();
  });

  test('a redirect chain across hosts: one observation per hop, the new host resolved', async () => {
    const asked: string[] = [];
    const resolve = async (host: string) => {
      asked.push(host);
      return host === 'c.test' ? ['127.0.0.2'] : ['127.0.0.1'];
    };
    const hops = await httpFetch(net(), `${site.origin('a.test')}/hop1`, { ip: '127.0.0.1', timeoutMs: 2000, resolve });
    hops.forEach((h) => HttpObservationSchema.parse(h));
    assert.deepEqual(
      hops.map((h) => [h.url, h.status, h.ip]),
      [
        [`https://a.test:${site.port}/hop1`, 301, '127.0.0.1'],
        [`https://a.test:${site.port}/hop2`, 302, '127.0.0.1'],
        [`https://b.test:${site.port}/hop3`, 302, '127.0.0.1'],
        [`https://c.test:${other.port}/final?x=1`, 200, '127.0.0.2'],
      ],
    );
    assert.equal(hops[0]?.redirectTo, `https://a.test:${site.port}/hop2`);
    assert.equal(hops.at(-1)?.title, 'Final');
    assert.deepEqual(asked, ['b.test', 'c.test']);
    await allClosed();
  });

  test('redirects stop at maxRedirects; the last hop keeps its redirectTo', async () => {
    const hops = await httpFetch(net(), `${site.origin('a.test')}/loop`, { ip: '127.0.0.1', timeoutMs: 2000, maxRedirects: 2 });
    assert.equal(hops.length, 3);
    assert.ok(hops.every((h) => h.status === 302 && h.failure === null));
    const none = await httpFetch(net(), `${site.origin('a.test')}/hop1`, { ip: '127.0.0.1', timeoutMs: 2000, maxRedirects: 0 });
    assert.equal(none.length, 1);
  });

  test('a redirect host that does not resolve ends the chain with a DNS failure', async () => {
    const hops = await httpFetch(net(), `${site.origin('a.test')}/away`, { ip: '127.0.0.1', timeoutMs: 2000, resolve: async () => [] });
    assert.equal(hops.length, 2);
    assert.deepEqual([hops[1]?.url, hops[1]?.failure, hops[1]?.ip], ['https://unresolvable.test/', 'dns_no_answer', null]);
    const unfollowed = await httpFetch(net(), `${site.origin('a.test')}/away`, { ip: '127.0.0.1', timeoutMs: 2000 });
    assert.equal(unfollowed.length, 1);
  });

  test('cookies set on a redirect come back on the next hop', async () => {
    const hops = await httpFetch(net(), `${site.origin('a.test')}/set-cookie`, { ip: '127.0.0.1', timeoutMs: 2000 });
    assert.equal(hops.length, 2);
    assert.equal(hops[1]?.bodySha256, sha256('session=abc; lang=az'));
  });

  test('403 is a response, not a failure', async () => {
    const [hop] = await httpFetch(net(), `${site.origin('a.test')}/forbidden`, { ip: '127.0.0.1', timeoutMs: 2000 });
    assert.deepEqual([hop?.status, hop?.failure, hop?.title], [403, null, 'Access denied']);
  });

  test('the body is capped: bodyTruncated, length and hash of what was kept', async () => {
    const [hop] = await httpFetch(net(), `${site.origin('a.test')}/big`, { ip: '127.0.0.1', timeoutMs: 2000, maxBodyBytes: 100_000 });
    assert.deepEqual([hop?.status, hop?.failure, hop?.bodyLength, hop?.bodyTruncated], [200, null, 100_000, true]);
    assert.equal(hop?.bodySha256, sha256(Buffer.alloc(100_000, 0x61)));
    await allClosed();
  });

  test('a reset in the middle of the body: connection_reset, with what arrived', async () => {
    const [hop] = await httpFetch(net(), `${site.origin('a.test')}/reset`, { ip: '127.0.0.1', timeoutMs: 2000 });
    assert.equal(hop?.status, 200);
    assert.equal(hop?.failure, 'connection_reset');
    assert.equal(hop?.bodyLength, 1000);
    await allClosed();
  });

  test('the timeout covers the body', async () => {
    const started = Date.now();
    const [hop] = await httpFetch(net(), `${site.origin('a.test')}/slow`, { ip: '127.0.0.1', timeoutMs: 300 });
    assert.equal(hop?.status, 200);
    assert.equal(hop?.failure, 'generic_timeout_error');
    assert.ok((hop?.bodyLength ?? 0) > 0);
    assert.ok(Date.now() - started < 1000);
    await allClosed();
  });

  test('never sends a request over an unverified session', async () => {
    const before = site.requests.length;
    const [wrongName] = await httpFetch(net(), `https://elsewhere.test:${site.port}/`, { ip: '127.0.0.1', timeoutMs: 2000 });
    assert.deepEqual([wrongName?.failure, wrongName?.status, wrongName?.bodyLength], ['ssl_invalid_hostname', null, null]);
    const rogue = await CertificateAuthority.create('Rogue CA');
    const [untrusted] = await httpFetch(testNetwork({ ca: rogue }), `${site.origin('a.test')}/`, { ip: '127.0.0.1', timeoutMs: 2000 });
    assert.equal(untrusted?.failure, 'ssl_unknown_authority');
    assert.equal(site.requests.length, before);
  });

  test('TLS silence and reset before any response', async () => {
    const silent = await startTlsServer({ behaviour: 'silent' });
    const reset = await startTlsServer({ behaviour: 'reset' });
    try {
      const [dropped] = await httpFetch(net(), `https://a.test:${silent.port}/`, { ip: '127.0.0.1', timeoutMs: 200 });
      assert.equal(dropped?.failure, 'generic_timeout_error');
      const [resetHop] = await httpFetch(net(), `https://a.test:${reset.port}/`, { ip: '127.0.0.1', timeoutMs: 2000 });
      assert.equal(resetHop?.failure, 'connection_reset');
      assert.ok(await silent.sockets.allClosed());
    } finally {
      await silent.close();
      await reset.close();
    }
  });

  test('a hanging dial and a caller abort', async () => {
    const [hung] = await httpFetch(testNetwork({ ca, dial: hangingDial }), `${site.origin('a.test')}/`, { ip: '127.0.0.1', timeoutMs: 100 });
    assert.equal(hung?.failure, 'generic_timeout_error');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const hops = await httpFetch(net(), `${site.origin('a.test')}/slow`, { ip: '127.0.0.1', timeoutMs: 5000, signal: controller.signal });
    assert.equal(hops.length, 1);
    assert.equal(hops[0]?.failure, 'interrupted');
    await allClosed();
  });

  test('title extraction: charset, entities, absence', () => {
    const cp1251 = Buffer.concat([Buffer.from('<title>'), Buffer.from([0xcf, 0xf0, 0xe8]), Buffer.from('</title>')]);
    assert.equal(extractTitle(cp1251, 'text/html; charset=windows-1251'), 'При');
    assert.equal(extractTitle(Buffer.from('<TITLE lang="az">Saytа giriş &#8212; &#x41;&nbsp;b</TITLE>')), 'Saytа giriş — A b');
    assert.equal(extractTitle(Buffer.from('<html><body>no title</body></html>')), null);
    assert.equal(extractTitle(Buffer.alloc(0)), null);
  });
});

describe('throughput', () => {
  let ca: CertificateAuthority;
  let site: HttpServer;
  before(async () => {
    ca = await CertificateAuthority.create('Test CA');
    site = await startHttpServer({
      tls: { ca, hosts: ['cdn.test'] },
      routes: {
        '/small': bytes(50_000),
        '/large': bytes(20_000_000),
        '/trickle': slow(1000, 20, 1_000_000),
        '/missing': respond(404, 'no'),
        '/reset': resetMidResponse(5000, 100_000),
      },
    });
  });
  after(() => site.close());
  const url = (path: string) => `${site.origin('cdn.test')}${path}`;
  const opts = { ip: '127.0.0.1', role: 'target' as const, timeoutMs: 3000, maxMs: 2000, maxBytes: 10_000_000 };

  test('a complete download', async () => {
    const obs = await download(testNetwork({ ca }), url('/small'), opts);
    ThroughputObservationSchema.parse(obs);
    assert.deepEqual([obs.failure, obs.bytes, obs.completed, obs.role], [null, 50_000, true, 'target']);
    assert.ok(obs.kbps > 0);
    assert.equal(obs.kbps, (obs.bytes * 8) / obs.ms);
  });

  test('stops at maxBytes', async () => {
    const obs = await download(testNetwork({ ca }), url('/large'), { ...opts, maxBytes: 1_000_000, role: 'control' });
    assert.deepEqual([obs.failure, obs.completed, obs.role], [null, false, 'control']);
    assert.ok(obs.bytes >= 1_000_000 && obs.bytes < 2_000_000, String(obs.bytes));
    assert.ok(await site.sockets.allClosed());
  });

  test('stops at maxMs', async () => {
    const started = Date.now();
    const obs = await download(testNetwork({ ca }), url('/trickle'), { ...opts, maxMs: 300 });
    assert.deepEqual([obs.failure, obs.completed], [null, false]);
    assert.ok(obs.ms >= 250 && obs.ms < 800, String(obs.ms));
    assert.ok(obs.bytes > 0 && obs.bytes < 100_000);
    assert.ok(Date.now() - started < 1500);
    assert.ok(await site.sockets.allClosed());
  });

  test('errors are failures: HTTP status, reset, timeout', async () => {
    const missing = await download(testNetwork({ ca }), url('/missing'), opts);
    assert.equal(missing.failure, 'unknown_failure: HTTP status 404');
    const reset = await download(testNetwork({ ca }), url('/reset'), opts);
    assert.deepEqual([reset.failure, reset.completed, reset.bytes], ['connection_reset', false, 5000]);
    const hung = await download(testNetwork({ ca, dial: hangingDial }), url('/small'), { ...opts, timeoutMs: 100 });
    assert.deepEqual([hung.failure, hung.bytes, hung.kbps], ['generic_timeout_error', 0, 0]);
    assert.ok(await site.sockets.allClosed());
  });
});

