import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { startLab, LAB_HOSTS, type Lab } from '../../main/lab/lab.ts';
import { LAB_RESOLVER } from '../../main/lab/lab-network.ts';
import { dial, exchange, fetchVia, handshake, scenario } from './lab-support.ts';

async function withLab(network: Record<string, unknown>, fn: (lab: Lab) => Promise<void>): Promise<void> {
  const lab = await startLab(scenario({ network }));
  try {
    await fn(lab);
  } finally {
    await lab.close();
  }
}

const query = dnsPacket.encode({ type: 'query', id: 1, questions: [{ type: 'A', name: 'www.example.az' }] });

test('rttMs: connect, TLS handshake and the ISP resolver each take at least one round trip', async () => {
  const rtt = 120;
  await withLab({ rttMs: rtt }, async (lab) => {
    let started = performance.now();
    const socket = await dial(lab, 'domestic', 'www.example.az', 443);
    assert.ok(performance.now() - started >= rtt - 1, `connect ${performance.now() - started} ms`);
    socket.destroy();

    started = performance.now();
    (await dial(lab, 'vpn', 'www.example.az', 443)).destroy();
    assert.ok(performance.now() - started >= rtt - 1, 'the vpn path is as far away');

    const secure = await handshake(lab, 'domestic', 'www.example.az');
    secure.destroy();
    started = performance.now();
    const again = await handshake(lab, 'domestic', 'www.example.az');
    assert.ok(performance.now() - started >= 2 * rtt - 2, `connect + handshake ${performance.now() - started} ms`);
    again.destroy();

    started = performance.now();
    await lab.network('domestic').dnsExchange(LAB_RESOLVER, query, 'udp', AbortSignal.timeout(2000));
    assert.ok(performance.now() - started >= rtt - 1);
  });
});

async function resetPattern(seed: number): Promise<string> {
  let pattern = '';
  await withLab({ transientResetPct: 50, seed }, async (lab) => {
    for (let i = 0; i < 16; i += 1) {
      const socket = await dial(lab, 'domestic', 'www.example.az', 80);
      const reply = await exchange(socket, 'GET / HTTP/1.1\r\nHost: www.example.az\r\nConnection: close\r\n\r\n', 1000);
      if (reply.error === 'ECONNRESET') pattern += 'R';
      else if (reply.data.toString().startsWith('HTTP/1.1 200')) pattern += '.';
      else pattern += '?';
    }
  });
  return pattern;
}

test('transient resets: about the given share of connections, the same ones for the same seed', async () => {
  const first = await resetPattern(7);
  assert.match(first, /^[R.]+$/);
  assert.ok(first.includes('R') && first.includes('.'), first);
  assert.equal(await resetPattern(7), first);
  assert.notEqual(await resetPattern(8), first);
});

test('captive portal: every HTTP request is sent to the login page, HTTPS meets the portal certificate', async () => {
  await withLab({ state: 'captive-portal' }, async (lab) => {
    const redirected = await fetchVia(lab, 'domestic', 'http://www.example.az/');
    assert.equal(redirected.status, 302);
    assert.equal(redirected.headers.location, 'http://portal.lab.yoxla/login');
    // Even a hard-coded address reaches the portal.
    const direct = await exchange(
      await lab.network('domestic').dial({ ip: '127.9.9.9', port: 80 }, AbortSignal.timeout(1000)),
      'GET / HTTP/1.1\r\nHost: 127.9.9.9\r\nConnection: close\r\n\r\n',
    );
    assert.match(direct.data.toString(), /^HTTP\/1\.1 302/);
    const portal = await fetchVia(lab, 'domestic', 'http://portal.lab.yoxla/login');
    assert.equal(portal.title, 'Wi-Fi login');
    await assert.rejects(handshake(lab, 'domestic', 'www.example.az'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    (await handshake(lab, 'domestic', LAB_HOSTS.portal)).destroy();
    assert.equal((await fetchVia(lab, 'vpn', 'https://www.example.az/')).title, 'www.example.az');
  });
});

test('offline: the domestic path fails at once with ENETUNREACH; the vpn path is unaffected', async () => {
  await withLab({ state: 'offline' }, async (lab) => {
    const domestic = lab.network('domestic');
    await assert.rejects(dial(lab, 'domestic', 'www.example.az', 443), { code: 'ENETUNREACH' });
    await assert.rejects(domestic.dnsExchange(LAB_RESOLVER, query, 'udp', AbortSignal.timeout(500)), { code: 'ENETUNREACH' });
    await assert.rejects(domestic.dnsExchange(LAB_RESOLVER, query, 'tcp', AbortSignal.timeout(500)), { code: 'ENETUNREACH' });
    (await dial(lab, 'vpn', 'www.example.az', 443)).destroy();
  });
});
