// Dual stack in the analysis: one working address family is what a dual-stack device uses, so the
// verdict is about the site; the notes say which family's path failed (written from what the
// engine records: one TCP connect per address, a TLS handshake on each that connected).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../main/analysis/index.ts';
import { REAL_IP, dns, http, httpInput, input, tcp, tls } from '../support/observations.ts';

const V6 = '2001:db8:5::10';
const both = [REAL_IP, V6];

test('IPv6 dropped, IPv4 working: accessible, noted ipv6-path-fails', () => {
  const v = analyze(
    input([
      dns({ answers: both }),
      tcp({ ip: REAL_IP }),
      tcp({ ip: V6, failure: 'generic_timeout_error' }),
      tcp({ ip: V6, failure: 'generic_timeout_error', attempt: 1 }),
      tls({ ip: REAL_IP }),
      http(),
    ]),
  );
  assert.equal(v.status, 'accessible');
  assert.deepEqual(v.evidence.notes, ['ipv6-path-fails']);
});

test('IPv4 dropped, IPv6 working: accessible, noted ipv4-path-fails', () => {
  const v = analyze(
    input([
      dns({ answers: both }),
      tcp({ ip: REAL_IP, failure: 'generic_timeout_error' }),
      tcp({ ip: V6 }),
      tcp({ ip: REAL_IP, failure: 'generic_timeout_error', attempt: 1 }),
      tls({ ip: V6 }),
      http({ ip: V6 }),
    ]),
  );
  assert.equal(v.status, 'accessible');
  assert.deepEqual(v.evidence.notes, ['ipv4-path-fails']);
});

test('over HTTPS a family whose handshakes all fail counts as failing, though TCP connected', () => {
  const v = analyze(
    input([dns({ answers: both }), tcp({ ip: REAL_IP }), tcp({ ip: V6 }), tls({ ip: REAL_IP }), tls({ ip: V6, failure: 'connection_reset' }), http()]),
  );
  assert.ok(v.evidence.notes.includes('ipv6-path-fails'), JSON.stringify(v.evidence));
});

test('no note when both families work, when only one was tried, or when both fail', () => {
  const ok = analyze(input([dns({ answers: both }), tcp({ ip: REAL_IP }), tcp({ ip: V6 }), tls({ ip: REAL_IP }), tls({ ip: V6 }), http()]));
  assert.deepEqual(ok.evidence.notes, []);
  const single = analyze(input([dns(), tcp(), tls(), http()]));
  assert.deepEqual(single.evidence.notes, []);
  const plain = analyze(httpInput([dns({ answers: both }), tcp({ ip: REAL_IP, port: 80 }), tcp({ ip: V6, port: 80 }), http({ url: 'http://news.example/' })]));
  assert.ok(!plain.evidence.notes.some((n) => n.endsWith('-path-fails')), JSON.stringify(plain.evidence));
  const none = analyze(
    input([
      dns({ answers: both }),
      tcp({ ip: REAL_IP, failure: 'generic_timeout_error' }),
      tcp({ ip: V6, failure: 'generic_timeout_error' }),
      tcp({ ip: REAL_IP, failure: 'generic_timeout_error', attempt: 1 }),
      tcp({ ip: V6, failure: 'generic_timeout_error', attempt: 1 }),
    ]),
  );
  assert.equal(none.status, 'blocked');
  assert.ok(!none.evidence.notes.some((n) => n.endsWith('-path-fails')));
});
