import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CertificateAuthority } from '../../main/lab/ca.ts';
import { resolveSystem } from '../../main/engine/dns.ts';
import { resolveDoh } from '../../main/engine/doh.ts';
import { tcpConnect } from '../../main/engine/tcp.ts';
import { tlsHandshake } from '../../main/engine/tls.ts';
import { httpFetch } from '../../main/engine/http.ts';
import { download } from '../../main/engine/throughput.ts';
import {
  bytes,
  html,
  redirect,
  resetMidResponse,
  respond,
  slow,
  startDnsServer,
  startDohServer,
  startHttpServer,
  startTlsServer,
  testNetwork,
} from '../support/servers.ts';

/** Handles that would keep the process alive or hold a connection. */
const live = () => process.getActiveResourcesInfo().filter((r) => /TCP|TLS|UDP|Pipe|Timeout/.test(r));

test('every step, on success and on failure, leaves no socket or timer behind', async () => {
  const baseline = live();
  const ca = await CertificateAuthority.create('Test CA');
  const zone = { 'site.test': { A: ['127.0.0.1'] }, 'silent.test': { silent: true } };
  const dns = await startDnsServer(zone);
  const doh = await startDohServer({ ca, zone });
  const site = await startHttpServer({
    tls: { ca, hosts: ['site.test'] },
    routes: {
      '/': respond(200, html('ok')),
      '/r': redirect('/'),
      '/big': bytes(5_000_000),
      '/slow': slow(100, 20, 100_000),
      '/reset': resetMidResponse(100, 10_000),
    },
  });
  const silent = await startTlsServer({ behaviour: 'silent' });
  const net = testNetwork({ ca, resolvers: [dns.endpoint], doh: doh.config });
  const quick = { timeoutMs: 150 };
  const ip = '127.0.0.1';
  const url = (path: string) => `${site.origin('site.test')}${path}`;
  await Promise.all([
    resolveSystem(net, 'site.test', quick),
    resolveSystem(net, 'silent.test', quick),
    resolveDoh(net, 'site.test', quick),
    resolveDoh(net, 'silent.test', quick),
    tcpConnect(net, site.endpoint, quick),
    tlsHandshake(net, site.endpoint, 'site.test', quick),
    tlsHandshake(net, silent.endpoint, 'site.test', quick),
    httpFetch(net, url('/r'), { ...quick, ip }),
    httpFetch(net, url('/big'), { ...quick, ip, maxBodyBytes: 1000 }),
    httpFetch(net, url('/slow'), { ...quick, ip }),
    httpFetch(net, url('/reset'), { ...quick, ip }),
    download(net, url('/big'), { ...quick, ip, role: 'target', maxMs: 100, maxBytes: 100_000 }),
    download(net, url('/slow'), { ...quick, ip, role: 'target', maxMs: 50, maxBytes: 1_000_000 }),
  ]);
  for (const server of [dns, doh, site, silent]) assert.ok(await server.sockets.allClosed(), 'a server-side socket is still open');
  for (const server of [dns, doh, site, silent]) await server.close();
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(live().sort(), baseline.sort());
});
