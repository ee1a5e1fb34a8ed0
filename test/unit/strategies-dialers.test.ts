// Each strategy's network against small servers on 127.0.0.1: what really reaches the other side
// (two reads, two records, a mixed-case Host, a DoH lookup instead of the ISP's), that the origin
// still answers through it, and that failures keep their OONI names through the rewriting stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CertificateAuthority } from '../../main/lab/ca.ts';
import { tlsHandshake } from '../../main/engine/tls.ts';
import { httpFetch } from '../../main/engine/http.ts';
import { resolveSystem } from '../../main/engine/dns.ts';
import { dohResolverNetwork, hostCaseNetwork, tcpSplitNetwork, tlsRecordSplitNetwork } from '../../main/strategies/dialers.ts';
import { firstRecordLength, serverNameRange } from '../../main/strategies/client-hello.ts';
import { html, respond, startDnsServer, startDohServer, startHttpServer, startTlsServer, testNetwork } from '../support/servers.ts';

const ca = await CertificateAuthority.create('Yoxla strategies test CA');
const NAME = 'www.tiktok.com';

/**
 * A TCP server that never answers and keeps the reads of its first connection: what arrived in
 * the first 200 ms after the first byte (the pieces are 10 ms apart).
 */
async function recordingServer(): Promise<{ port: number; reads: Promise<Buffer[]>; close(): Promise<void> }> {
  let deliver: (reads: Buffer[]) => void = () => undefined;
  const reads = new Promise<Buffer[]>((resolve) => (deliver = resolve));
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    const seen: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      if (seen.push(chunk) === 1) setTimeout(() => deliver(seen), 200);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    reads,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

test('tcp-split: the ClientHello arrives as two reads, the first ending inside the server name', async () => {
  const server = await recordingServer();
  try {
    const net0 = testNetwork({ ca });
    const handshake = tlsHandshake(tcpSplitNetwork(net0), { ip: '127.0.0.1', port: server.port }, NAME, { timeoutMs: 1000 });
    const reads = await server.reads;
    assert.equal(reads.length, 2, 'two reads on the other side');
    const [first, second] = reads as [Buffer, Buffer];
    const whole = Buffer.concat([first, second]);
    assert.equal(firstRecordLength(whole), whole.length, 'together they are one unchanged record');
    const range = serverNameRange(whole);
    assert.ok(range && first.length > range.start && first.length < range.end, 'the first piece ends inside the name');
    assert.ok(!first.includes('tiktok.com') && !second.includes('tiktok.com'));
    assert.equal((await handshake).failure, 'generic_timeout_error', 'the recording server never answers');
  } finally {
    await server.close();
  }
});

test('tls-record-split: one write that holds two records, the first ending inside the server name', async () => {
  const server = await recordingServer();
  try {
    const handshake = tlsHandshake(tlsRecordSplitNetwork(testNetwork({ ca })), { ip: '127.0.0.1', port: server.port }, NAME, { timeoutMs: 1000 });
    const whole = Buffer.concat(await server.reads);
    const firstLength = firstRecordLength(whole) as number;
    assert.ok(firstLength < whole.length, 'more than one record');
    const second = whole.subarray(firstLength);
    assert.equal(firstRecordLength(second), second.length, 'the rest is exactly one more record');
    assert.deepEqual(second.subarray(0, 3), whole.subarray(0, 3), 'same content type and version');
    assert.ok(!whole.subarray(0, firstLength).includes('tiktok.com') && !second.includes('tiktok.com'));
    assert.ok(whole.subarray(0, firstLength).includes('www.tik'), 'the first record ends inside the name');
    await handshake;
  } finally {
    await server.close();
  }
});

test('through either split a real origin completes the handshake with a valid certificate and serves its page', async () => {
  const origin = await startHttpServer({ routes: { '/': respond(200, html('Origin')) }, tls: { ca, hosts: [NAME] } });
  try {
    const base = testNetwork({ ca });
    for (const strategy of [tcpSplitNetwork(base), tlsRecordSplitNetwork(base)]) {
      const tls = await tlsHandshake(strategy, origin.endpoint, NAME, { timeoutMs: 2000 });
      assert.equal(tls.failure, null, strategy.name);
      assert.equal(tls.verified, true, strategy.name);
      const [page] = await httpFetch(strategy, `${origin.origin(NAME)}/`, { ip: origin.host, timeoutMs: 2000 });
      assert.equal(page?.failure, null, strategy.name);
      assert.equal(page?.status, 200);
      assert.equal(page?.title, 'Origin');
    }
  } finally {
    await origin.close();
  }
});

test('failures keep their OONI names through the rewriting stream: reset, clean close, silence', async () => {
  const base = testNetwork({ ca });
  const expected = { reset: 'connection_reset', eof: 'eof_error', silent: 'generic_timeout_error' } as const;
  for (const [behaviour, failure] of Object.entries(expected)) {
    const server = await startTlsServer({ behaviour: behaviour as keyof typeof expected });
    try {
      for (const strategy of [tcpSplitNetwork(base), tlsRecordSplitNetwork(base)]) {
        const plain = await tlsHandshake(base, server.endpoint, NAME, { timeoutMs: 500 });
        const split = await tlsHandshake(strategy, server.endpoint, NAME, { timeoutMs: 500 });
        assert.equal(plain.failure, failure, `plain ${behaviour}`);
        assert.equal(split.failure, failure, `${strategy.name} ${behaviour}`);
      }
      assert.ok(await server.sockets.allClosed(), `${behaviour}: every connection closed`);
    } finally {
      await server.close();
    }
  }
});

test('host-case: the origin receives the Host in mixed case and answers as usual', async () => {
  const seen: string[] = [];
  const origin = http.createServer((req, res) => {
    const index = req.rawHeaders.findIndex((h) => h.toLowerCase() === 'host');
    seen.push(req.rawHeaders[index + 1] ?? '');
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html('Meydan'));
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  const port = (origin.address() as AddressInfo).port;
  try {
    const hops = await httpFetch(hostCaseNetwork(testNetwork()), `http://www.meydan.tv:${port}/`, { ip: '127.0.0.1', timeoutMs: 2000 });
    assert.equal(hops[0]?.status, 200);
    assert.equal(hops[0]?.title, 'Meydan');
    assert.deepEqual(seen, [`WwW.mEyDaN.tV:${port}`]);
  } finally {
    origin.closeAllConnections();
    await new Promise<void>((resolve) => origin.close(() => resolve()));
  }
});

test('host-case leaves TLS alone: an HTTPS fetch through it still validates and loads', async () => {
  const origin = await startHttpServer({ routes: { '/': respond(200, html('Secure')) }, tls: { ca, hosts: [NAME] } });
  try {
    const [page] = await httpFetch(hostCaseNetwork(testNetwork({ ca })), `${origin.origin(NAME)}/`, { ip: origin.host, timeoutMs: 2000 });
    assert.equal(page?.status, 200);
    assert.deepEqual(origin.requests, [`${NAME}:${origin.port} /`]);
  } finally {
    await origin.close();
  }
});

test('doh: names are resolved by the DoH server, and the ISP resolver is never asked', async () => {
  const isp = await startDnsServer({ 'blocked.test': { A: ['10.10.34.35'] } });
  const doh = await startDohServer({ ca, zone: { 'blocked.test': { A: ['127.0.0.9'] } } });
  try {
    const base = testNetwork({ ca, resolvers: [isp.endpoint], doh: doh.config });
    const viaDoh = dohResolverNetwork(base);
    assert.ok(viaDoh);
    const answer = await resolveSystem(viaDoh, 'blocked.test', { timeoutMs: 2000 });
    assert.equal(answer.failure, null);
    assert.deepEqual(answer.answers, ['127.0.0.9']);
    assert.equal(answer.server, 'doh.test:443', 'the evidence names the DoH resolver');
    assert.equal(isp.queries.length, 0);
    assert.equal(dohResolverNetwork(testNetwork({ resolvers: [isp.endpoint] })), null, 'no DoH resolver configured');
  } finally {
    await Promise.all([isp.close(), doh.close()]);
  }
});

test('doh: an unreachable DoH server is a DNS failure with its OONI name', async () => {
  const doh = await startTlsServer({ behaviour: 'reset' });
  try {
    const viaDoh = dohResolverNetwork(testNetwork({ ca, doh: { url: `https://doh.test:${doh.port}/dns-query`, bootstrap: [doh.host] } }));
    assert.ok(viaDoh);
    const answer = await resolveSystem(viaDoh, 'blocked.test', { timeoutMs: 1000 });
    assert.equal(answer.failure, 'connection_reset');
    assert.deepEqual(answer.answers, []);
  } finally {
    await doh.close();
  }
});
