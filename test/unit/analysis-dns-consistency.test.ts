import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bogonRange, dnsConsistency, normalizeIp } from '../../main/analysis/dns-consistency.ts';
import { control } from '../support/observations.ts';

const withAddrs = (addrs: string[], extra = {}) => control({ dns: { failure: null, addrs }, tls_handshake: {}, ...extra });

test('bogon ranges', () => {
  for (const ip of ['10.1.2.3', '172.20.0.1', '192.168.1.1', '0.1.2.3', '100.64.0.1', '169.254.1.1', '127.0.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1']) {
    assert.notEqual(bogonRange(ip), null, ip);
  }
  for (const ip of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2a00:1450::1', 'not-an-ip']) assert.equal(bogonRange(ip), null, ip);
});

test('addresses compare in canonical form', () => {
  assert.equal(normalizeIp('2001:DB8:0::1'), normalizeIp('2001:db8::1'));
  const r = dnsConsistency({ system: ['2001:DB8::1'], doh: [], control: withAddrs(['2001:db8:0:0::1']), port: 443 });
  assert.equal(r.verdict, 'consistent');
});

test('shared address, DoH agreement, same ASN, helper TLS: consistent', () => {
  assert.equal(dnsConsistency({ system: ['203.0.113.1'], doh: [], control: withAddrs(['203.0.113.1']), port: 443 }).reason, 'same-address');
  assert.equal(dnsConsistency({ system: ['198.51.100.1'], doh: ['198.51.100.1'], control: withAddrs(['203.0.113.1']), port: 443 }).reason, 'doh-agrees');
  const ipInfo = { '198.51.100.1': { asn: 13335, flags: 0 }, '203.0.113.1': { asn: 13335, flags: 0 } };
  assert.equal(dnsConsistency({ system: ['198.51.100.1'], doh: [], control: withAddrs(['203.0.113.1'], { ip_info: ipInfo }), port: 443 }).reason, 'same-asn');
  const tls = { '198.51.100.1:443': { server_name: 'x', status: true, failure: null } };
  assert.equal(dnsConsistency({ system: ['198.51.100.1'], doh: [], control: withAddrs(['203.0.113.1'], { tls_handshake: tls }), port: 443 }).reason, 'control-tls-validated');
});

test('no shared address: inconsistent; a private one: bogon', () => {
  assert.equal(dnsConsistency({ system: ['192.0.2.9'], doh: [], control: withAddrs(['203.0.113.1']), port: 443 }).verdict, 'inconsistent');
  const bogon = dnsConsistency({ system: ['10.0.0.9'], doh: [], control: withAddrs(['203.0.113.1']), port: 443 });
  assert.deepEqual(bogon, { verdict: 'bogon', reason: 'bogon', bogons: ['10.0.0.9'] });
});

test('loopback is not a bogon when the control is on loopback too (the lab)', () => {
  assert.equal(dnsConsistency({ system: ['127.0.0.9'], doh: [], control: withAddrs(['127.0.0.2']), port: 443 }).verdict, 'inconsistent');
  assert.equal(dnsConsistency({ system: ['127.0.0.9'], doh: [], control: withAddrs(['203.0.113.1']), port: 443 }).verdict, 'bogon');
});

test('nothing to compare: unknown', () => {
  assert.equal(dnsConsistency({ system: [], doh: [], control: withAddrs(['203.0.113.1']), port: 443 }).verdict, 'unknown');
  assert.equal(dnsConsistency({ system: ['192.0.2.9'], doh: [], control: null, port: 443 }).verdict, 'unknown');
});
