import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { TcpObservationSchema, TlsObservationSchema } from '../../main/contract/observations.ts';
import { CertificateAuthority } from '../../main/lab/ca.ts';
import { tcpConnect } from '../../main/engine/tcp.ts';
import { tlsHandshake } from '../../main/engine/tls.ts';
import { hangingDial, startTcpServer, startTlsServer, testNetwork, type TestServer } from '../support/servers.ts';

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('TCP connect', () => {
  let server: TestServer;
  before(async () => {
    server = await startTcpServer('hold');
  });
  after(() => server.close());

  test('connects, records, and closes', async () => {
    const obs = await tcpConnect(testNetwork(), server.endpoint, { timeoutMs: 1000, attempt: 2 });
    TcpObservationSchema.parse(obs);
    assert.deepEqual([obs.failure, obs.ip, obs.port, obs.attempt], [null, '127.0.0.1', server.port, 2]);
    assert.ok(await server.sockets.allClosed());
    assert.equal(server.sockets.accepted, 1);
  });

  test('refused', async () => {
    const obs = await tcpConnect(testNetwork(), { ip: '127.0.0.1', port: await closedPort() }, { timeoutMs: 1000 });
    assert.equal(obs.failure, 'connection_refused');
  });

  test('a dial that never completes times out within the budget', async () => {
    const started = Date.now();
    const obs = await tcpConnect(testNetwork({ dial: hangingDial }), server.endpoint, { timeoutMs: 150 });
    assert.equal(obs.failure, 'generic_timeout_error');
    assert.ok(Date.now() - started < 600);
  });

  test('a dial that ignores its signal still ends the step, and its late socket is closed', async () => {
    const base = testNetwork();
    const slowDial = (to: { ip: string; port: number }) =>
      new Promise<net.Socket>((resolve) => setTimeout(() => resolve(base.dial(to, new AbortController().signal)), 150));
    const before = server.sockets.accepted;
    const obs = await tcpConnect(testNetwork({ dial: slowDial }), server.endpoint, { timeoutMs: 50 });
    assert.equal(obs.failure, 'generic_timeout_error');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(server.sockets.accepted, before + 1);
    assert.ok(await server.sockets.allClosed());
  });

  test('the caller aborting gives interrupted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const obs = await tcpConnect(testNetwork({ dial: hangingDial }), server.endpoint, { timeoutMs: 5000, signal: controller.signal });
    assert.equal(obs.failure, 'interrupted');
    const already = await tcpConnect(testNetwork(), server.endpoint, { timeoutMs: 5000, signal: AbortSignal.abort() });
    assert.equal(already.failure, 'interrupted');
  });

  test('leaving loopback is refused by the guard', async () => {
    const obs = await tcpConnect(testNetwork(), { ip: '192.0.2.1', port: 443 }, { timeoutMs: 500 });
    assert.equal(obs.failure, 'unknown_failure: loopback guard refused 192.0.2.1');
  });
});

describe('TLS handshake', () => {
  let ca: CertificateAuthority;
  let rogue: CertificateAuthority;
  const servers: TestServer[] = [];
  const start = async (...args: Parameters<typeof startTlsServer>) => {
    const server = await startTlsServer(...args);
    servers.push(server);
    return server;
  };
  before(async () => {
    ca = await CertificateAuthority.create('Test CA');
    rogue = await CertificateAuthority.create('ISP Interception CA');
  });
  after(async () => {
    for (const s of servers) await s.close();
  });

  test('ok: the certificate for the SNI sent, chain recorded and verified', async () => {
    // The server's default certificate is for another name: getting example.test's proves the SNI.
    const server = await start({ behaviour: 'ok', ca, hosts: ['default.test', 'example.test'] });
    const obs = await tlsHandshake(testNetwork({ ca }), server.endpoint, 'example.test', { timeoutMs: 2000 });
    TlsObservationSchema.parse(obs);
    assert.equal(obs.failure, null);
    assert.equal(obs.verified, true);
    assert.equal(obs.purpose, 'measure');
    assert.equal(obs.tlsVersion, 'TLSv1.3');
    assert.match(obs.cipher ?? '', /^TLS_/);
    assert.equal(obs.chain[0]?.subject, 'CN=example.test');
    assert.equal(obs.chain[0]?.issuer, 'CN=Test CA');
    assert.deepEqual(obs.chain[0]?.san, ['example.test']);
    assert.match(obs.chain[0]?.fingerprint256 ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.ok(Date.parse(obs.chain[0]?.validTo ?? '') > Date.now());
    assert.equal(obs.chain.at(-1)?.subject, 'CN=Test CA');
    assert.ok(await server.sockets.allClosed());
  });

  test('silent after the ClientHello: generic_timeout_error within the timeout', async () => {
    const server = await start({ behaviour: 'silent' });
    const started = Date.now();
    const obs = await tlsHandshake(testNetwork({ ca }), server.endpoint, 'blocked.test', { timeoutMs: 200 });
    assert.equal(obs.failure, 'generic_timeout_error');
    assert.deepEqual([obs.chain, obs.verified, obs.tlsVersion], [[], null, null]);
    assert.ok(Date.now() - started < 700);
    assert.ok(await server.sockets.allClosed());
  });

  test('reset after the ClientHello: connection_reset', async () => {
    const server = await start({ behaviour: 'reset' });
    const obs = await tlsHandshake(testNetwork({ ca }), server.endpoint, 'blocked.test', { timeoutMs: 2000, purpose: 'sni-test' });
    assert.equal(obs.failure, 'connection_reset');
    assert.equal(obs.purpose, 'sni-test');
  });

  test('clean close after the ClientHello: eof_error', async () => {
    const server = await start({ behaviour: 'eof' });
    const obs = await tlsHandshake(testNetwork({ ca }), server.endpoint, 'blocked.test', { timeoutMs: 2000 });
    assert.equal(obs.failure, 'eof_error');
  });

  test('untrusted issuer: verified false, ssl_unknown_authority, issuer recorded', async () => {
    const server = await start({ behaviour: 'ok', ca: rogue, hosts: ['example.test'] });
    const obs = await tlsHandshake(testNetwork({ ca }), server.endpoint, 'example.test', { timeoutMs: 2000 });
    assert.equal(obs.verified, false);
    assert.equal(obs.failure, 'ssl_unknown_authority');
    assert.equal(obs.chain[0]?.issuer, 'CN=ISP Interception CA');
    assert.ok(await server.sockets.allClosed());
  });

  test('certificate for another name: ssl_invalid_hostname', async () => {
    const server = await start({ behaviour: 'ok', ca, hosts: ['other.test'] });
    const obs = await tlsHandshake(testNetwork({ ca }), server.endpoint, 'example.test', { timeoutMs: 2000 });
    assert.deepEqual([obs.verified, obs.failure], [false, 'ssl_invalid_hostname']);
    assert.deepEqual(obs.chain[0]?.san, ['other.test']);
  });

  test('TCP failure is carried by the TLS observation', async () => {
    const refused = await tlsHandshake(testNetwork({ ca }), { ip: '127.0.0.1', port: await closedPort() }, 'example.test', {
      timeoutMs: 1000,
    });
    assert.deepEqual([refused.failure, refused.chain, refused.verified], ['connection_refused', [], null]);
    const hung = await tlsHandshake(testNetwork({ ca, dial: hangingDial }), { ip: '127.0.0.1', port: 9 }, 'example.test', {
      timeoutMs: 100,
    });
    assert.equal(hung.failure, 'generic_timeout_error');
  });

  test('the caller aborting mid-handshake gives interrupted and closes the connection', async () => {
    const server = await start({ behaviour: 'silent' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const obs = await tlsHandshake(testNetwork({ ca }), server.endpoint, 'blocked.test', { timeoutMs: 5000, signal: controller.signal });
    assert.equal(obs.failure, 'interrupted');
    assert.ok(await server.sockets.allClosed());
  });
});
