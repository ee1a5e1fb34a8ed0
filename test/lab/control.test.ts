// The production test-helper client against the lab's test helper: the same protocol, for real.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLab, LAB_HOSTS, type Lab } from '../../main/lab/lab.ts';
import { ScenarioSchema } from '../../main/lab/scenario.ts';
import { testHelperClient } from '../../main/engine/control.ts';

let lab: Lab;

before(async () => {
  lab = await startLab(
    ScenarioSchema.parse({
      schema: 'yoxla.lab/1',
      name: 'control',
      network: { rttMs: 10 },
      sites: { 'www.example.az': {}, 'gone.example.az': { down: true } },
      censor: [{ host: 'www.example.az', at: 'sni', do: 'drop' }],
    }),
  );
});
after(() => lab.close());

const helper = () => testHelperClient(lab.network('domestic'), { url: lab.controlUrl, addresses: [lab.addressOf(LAB_HOSTS.control)] });

test('the control sees a site the domestic path censors, with DNS, TCP, TLS and HTTP', async () => {
  const address = lab.addressOf('www.example.az');
  const { control, failure } = await helper().query({ input: 'https://www.example.az/', tcpConnect: [`${address}:443`] }, 10_000);
  assert.equal(failure, null);
  assert.ok(control);
  assert.deepEqual(control.dns.addrs, [address]);
  assert.deepEqual(control.tcp_connect[`${address}:443`], { status: true, failure: null });
  assert.equal(control.tls_handshake[`${address}:443`]?.status, true);
  assert.equal(control.http_request.status_code, 200);
  assert.equal(control.http_request.title, 'www.example.az');
  assert.ok(control.http_request.body_length > 1000);
});

test('a site down for everyone is down for the control too', async () => {
  const address = lab.addressOf('gone.example.az');
  const { control } = await helper().query({ input: 'https://gone.example.az/', tcpConnect: [`${address}:443`] }, 10_000);
  assert.ok(control);
  assert.equal(control.tcp_connect[`${address}:443`]?.status, false);
  assert.equal(control.tcp_connect[`${address}:443`]?.failure, 'connection_refused');
  assert.notEqual(control.http_request.failure, null);
});

test('an unreachable or absent helper is a failure string, not an exception', async () => {
  const none = testHelperClient(lab.network('domestic'), { url: lab.controlUrl, addresses: [] });
  const outcome = await none.query({ input: 'https://www.example.az/', tcpConnect: [] }, 2_000);
  assert.equal(outcome.control, null);
  assert.match(outcome.failure ?? '', /^unknown_failure/);
  // The helper's name is censored here: its handshake is dropped, so the call times out.
  const censored = await startLab(
    ScenarioSchema.parse({ schema: 'yoxla.lab/1', name: 'no-helper', censor: [{ host: LAB_HOSTS.control, at: 'sni', do: 'drop' }] }),
  );
  try {
    const client = testHelperClient(censored.network('domestic'), { url: censored.controlUrl, addresses: [censored.addressOf(LAB_HOSTS.control)] });
    const blocked = await client.query({ input: 'https://www.example.az/', tcpConnect: [] }, 1_500);
    assert.equal(blocked.control, null);
    assert.equal(blocked.failure, 'generic_timeout_error');
  } finally {
    await censored.close();
  }
});

test("oohelperd's words: NXDOMAIN is dns_name_error, ip_info flags every address, an http URL is tried on 80 and 443", async () => {
  const nowhere = await helper().query({ input: 'https://gone.example.invalid/', tcpConnect: [] }, 10_000);
  assert.deepEqual(nowhere.control?.dns, { failure: 'dns_name_error', addrs: [] });
  assert.deepEqual(nowhere.control?.tcp_connect, {});

  const address = lab.addressOf('www.example.az');
  const bogon = '10.1.2.3';
  const { control } = await helper().query({ input: 'http://www.example.az/', tcpConnect: [`${address}:80`, `${bogon}:80`] }, 10_000);
  assert.ok(control);
  // 1 resolved by the probe, 2 by the helper, 4 bogon, 8 a TLS handshake for the name worked there.
  assert.equal(control.ip_info?.[address]?.flags, 1 | 2 | 8);
  assert.equal(control.ip_info?.[bogon]?.flags, 1 | 4);
  assert.deepEqual(Object.keys(control.tcp_connect).sort(), [`${address}:443`, `${address}:80`].sort(), 'bogons are never contacted');
  assert.equal(control.tls_handshake[`${address}:443`]?.status, true);
});
