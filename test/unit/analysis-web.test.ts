import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../main/analysis/index.ts';
import type { Verdict } from '../../main/contract/verdict.ts';
import { VerdictSchema } from '../../main/contract/verdict.ts';
import {
  CDN_IP,
  FAKE_IP,
  HTTP_INPUT,
  REAL_IP,
  blockpage,
  cert,
  control,
  controlDown,
  dns,
  dnsFail,
  doh,
  http,
  httpControl,
  httpInput,
  httpsOk,
  input,
  sniTest,
  tcp,
  throughput,
  tls,
} from '../support/observations.ts';

function expectVerdict(v: Verdict, status: Verdict['status'], method: Verdict['method'], key: string): void {
  assert.equal(VerdictSchema.safeParse(v).success, true, 'verdict matches the contract');
  assert.deepEqual({ status: v.status, method: v.method, key: v.explanationKey }, { status, method, key }, JSON.stringify(v.evidence));
}

describe('rule 1: whole-run connectivity', () => {
  test('offline is inconclusive, never blocked', () => {
    const v = analyze(input([dnsFail('generic_timeout_error', 0), dnsFail('generic_timeout_error', 1)], { connectivity: 'offline' }));
    expectVerdict(v, 'inconclusive', null, 'verdict.inconclusive.offline');
  });

  test('a captive portal is inconclusive, never blocked', () => {
    const v = analyze(input([dns(), tcp(), tls({ failure: 'ssl_invalid_hostname' }), tls({ failure: 'ssl_invalid_hostname', attempt: 1 })], { connectivity: 'captive-portal' }));
    expectVerdict(v, 'inconclusive', null, 'verdict.inconclusive.captive-portal');
  });
});

describe('rule 2: transient failures', () => {
  test('a reset once, then success on the re-check, is accessible with a note', () => {
    const v = analyze(input([dns(), tcp(), tls({ failure: 'connection_reset' }), tcp({ attempt: 1 }), tls({ attempt: 1 }), http({ attempt: 1 })]));
    expectVerdict(v, 'accessible', null, 'verdict.accessible');
    assert.ok(v.evidence.notes.includes('transient-failure-recovered'));
  });

  test('an HTTP reset once, then the page, is accessible with a note', () => {
    const v = analyze(input([dns(), tcp(), tls(), http({ failure: 'connection_reset' }), http({ attempt: 1 })]));
    expectVerdict(v, 'accessible', null, 'verdict.accessible');
    assert.ok(v.evidence.notes.includes('transient-failure-recovered'));
  });

  test('a single failure without the re-check is inconclusive', () => {
    const v = analyze(input([dns(), tcp(), tls({ failure: 'generic_timeout_error' })]));
    expectVerdict(v, 'inconclusive', null, 'verdict.inconclusive.transient');
    assert.equal(v.evidence.failingStep, 'tls');
    assert.equal(v.evidence.repeated, false);
  });

  test('imported data without a re-check: one failing attempt is enough', () => {
    const v = analyze(input([dns(), tcp(), tls({ failure: 'generic_timeout_error' }), sniTest(true)], { requireRecheck: false }));
    expectVerdict(v, 'blocked', 'tls.sni-drop', 'verdict.blocked.tls.sni-drop');
    assert.equal(v.evidence.repeated, false);
    assert.ok(v.evidence.notes.includes('single-attempt'));
  });
});

describe('rule 3: a working site', () => {
  test('everything succeeded and matches the control: accessible', () => {
    const v = analyze(input(httpsOk()));
    expectVerdict(v, 'accessible', null, 'verdict.accessible');
    assert.equal(v.evidence.code, 'probe-ok');
    assert.deepEqual(v.evidence.dns, { system: [REAL_IP], doh: [], control: [REAL_IP] });
  });

  test('working without a control is still accessible', () => {
    const v = analyze(input(httpsOk(), { control: null, controlFailure: 'no-consent' }));
    expectVerdict(v, 'accessible', null, 'verdict.accessible');
    assert.ok(v.evidence.notes.includes('control-declined'));
  });

  test('a CDN answer different from the control, with verified TLS, is accessible', () => {
    const obs = [dns({ answers: [CDN_IP] }), doh([REAL_IP]), tcp({ ip: CDN_IP }), tls({ ip: CDN_IP }), http({ ip: CDN_IP })];
    const v = analyze(input(obs));
    expectVerdict(v, 'accessible', null, 'verdict.accessible');
    assert.ok(v.evidence.notes.includes('dns-differs-cdn'));
    assert.deepEqual(v.evidence.dns, { system: [CDN_IP], doh: [REAL_IP], control: [REAL_IP] });
  });

  test('an app endpoint judged by its connection alone', () => {
    const v = analyze({ ...input([dns(), tcp(), tls()]), target: { input: 'https://api.app.example/', host: 'api.app.example', kind: 'app-endpoint' } });
    expectVerdict(v, 'accessible', null, 'verdict.accessible');
    assert.ok(v.evidence.notes.includes('http-not-measured'));
  });
});

describe('rule 4: no control, no blocking', () => {
  test('a repeated SNI drop without a control is inconclusive', () => {
    const obs = [dns(), tcp(), tls({ failure: 'generic_timeout_error' }), tls({ failure: 'generic_timeout_error', attempt: 1 }), sniTest(true)];
    const v = analyze(input(obs, { control: null, controlFailure: 'generic_timeout_error' }));
    expectVerdict(v, 'inconclusive', null, 'verdict.inconclusive.no-control');
    assert.equal(v.evidence.control, null);
    assert.ok(v.evidence.notes.includes('control-failed'));
  });

  test('a control that itself saw nothing is no control', () => {
    const useless = control({
      tcp_connect: {},
      tls_handshake: {},
      dns: { failure: 'generic_timeout_error', addrs: [] },
      http_request: { body_length: -1, failure: 'generic_timeout_error', title: '', headers: {}, status_code: -1 },
    });
    const v = analyze(input([dnsFail('dns_nxdomain_error', 0), dnsFail('dns_nxdomain_error', 1)], { control: useless }));
    expectVerdict(v, 'inconclusive', null, 'verdict.inconclusive.no-control');
  });
});

describe('rule 5: down for everyone', () => {
  test('control fails too: down', () => {
    const obs = [dns(), tcp({ failure: 'connection_refused' }), tcp({ failure: 'connection_refused', attempt: 1 })];
    const v = analyze(input(obs, { control: controlDown() }));
    expectVerdict(v, 'down', null, 'verdict.down');
    assert.equal(v.evidence.control, 'connection_refused');
  });

  test('NXDOMAIN at the probe and the control: down', () => {
    const nx = control({
      tcp_connect: {},
      tls_handshake: {},
      dns: { failure: 'dns_nxdomain_error', addrs: [] },
      http_request: { body_length: -1, failure: 'dns_nxdomain_error', title: '', headers: {}, status_code: -1 },
    });
    const v = analyze(input([dnsFail('dns_nxdomain_error', 0), dnsFail('dns_nxdomain_error', 1)], { control: nx }));
    expectVerdict(v, 'down', null, 'verdict.down');
  });

  test('a single failure the control shares is down, not transient', () => {
    const v = analyze(input([dns(), tcp({ failure: 'connection_refused' })], { control: controlDown() }));
    expectVerdict(v, 'down', null, 'verdict.down');
  });
});

describe('rule 6: DNS', () => {
  test('consistent NXDOMAIN while the control resolves: dns.nxdomain', () => {
    const v = analyze(input([dnsFail('dns_nxdomain_error', 0), dnsFail('dns_nxdomain_error', 1), doh([REAL_IP])]));
    expectVerdict(v, 'blocked', 'dns.nxdomain', 'verdict.blocked.dns.nxdomain');
    assert.equal(v.evidence.code, 'dns-nxdomain-control-ok');
    assert.equal(v.evidence.failingStep, 'dns');
    assert.equal(v.evidence.control, 'ok');
    assert.equal(v.evidence.repeated, true);
    assert.deepEqual(v.evidence.dns, { system: [], doh: [REAL_IP], control: [REAL_IP] });
  });

  test('NXDOMAIN even when the checker went on with the DoH address and got the page', () => {
    const obs = [dnsFail('dns_nxdomain_error', 0), dnsFail('dns_nxdomain_error', 1), doh([REAL_IP]), tcp(), tls(), http()];
    expectVerdict(analyze(input(obs)), 'blocked', 'dns.nxdomain', 'verdict.blocked.dns.nxdomain');
  });

  test('consistent DNS timeout: dns.timeout', () => {
    const v = analyze(input([dnsFail('generic_timeout_error', 0), dnsFail('generic_timeout_error', 1)]));
    expectVerdict(v, 'blocked', 'dns.timeout', 'verdict.blocked.dns.timeout');
  });

  test('a reply that never came (no rcode) counts as a timeout', () => {
    const silent = (attempt: number) => dns({ answers: [], rcode: null, failure: null, attempt });
    expectVerdict(analyze(input([silent(0), silent(1)])), 'blocked', 'dns.timeout', 'verdict.blocked.dns.timeout');
  });

  test('answers the control does not know, where TLS fails for the host: dns.tampered', () => {
    const bad = { failure: 'ssl_invalid_hostname', chain: [cert({ subject: 'CN=block.isp.example', issuer: 'CN=ISP CA' })], verified: false };
    const obs = [
      dns({ answers: [FAKE_IP] }),
      tcp({ ip: FAKE_IP }),
      tls({ ip: FAKE_IP, ...bad }),
      tls({ ip: FAKE_IP, ...bad, attempt: 1 }),
      sniTest(true, { ip: FAKE_IP }),
    ];
    const v = analyze(input(obs, { control: control({ tcp_connect: { [`${FAKE_IP}:443`]: { status: true, failure: null } }, tls_handshake: { [`${FAKE_IP}:443`]: { server_name: 'news.example', status: false, failure: 'ssl_invalid_hostname' } } }) }));
    expectVerdict(v, 'blocked', 'dns.tampered', 'verdict.blocked.dns.tampered');
    assert.equal(v.evidence.code, 'dns-answers-differ-site-fails');
    assert.ok(v.evidence.notes.includes('site-fails-at-answers'));
  });

  test('a private answer while the control has a public one: dns.tampered', () => {
    const obs = [dns({ answers: ['10.10.34.35'] }), tcp({ ip: '10.10.34.35', failure: 'generic_timeout_error' }), tcp({ ip: '10.10.34.35', failure: 'generic_timeout_error', attempt: 1 })];
    const v = analyze(input(obs));
    expectVerdict(v, 'blocked', 'dns.tampered', 'verdict.blocked.dns.tampered');
    assert.equal(v.evidence.code, 'dns-bogon-answer');
  });

  test('a private answer serving a cleartext page is still tampered', () => {
    const obs = [dns({ answers: ['10.10.34.35'] }), tcp({ ip: '10.10.34.35', port: 80 }), http({ url: HTTP_INPUT, ip: '10.10.34.35' })];
    const v = analyze(httpInput(obs));
    expectVerdict(v, 'blocked', 'dns.tampered', 'verdict.blocked.dns.tampered');
  });

  test('loopback answers are fine when the control also sees loopback (the lab)', () => {
    const lab = '127.0.0.1';
    const obs = [dns({ answers: ['127.0.0.7'] }), tcp({ ip: '127.0.0.7' }), tls({ ip: '127.0.0.7' }), http({ ip: '127.0.0.7' })];
    const v = analyze(input(obs, { control: control({ dns: { failure: null, addrs: [lab] }, tcp_connect: {}, tls_handshake: {} }) }));
    expectVerdict(v, 'accessible', null, 'verdict.accessible');
  });

  test('a different answer serving a different cleartext page: dns.tampered', () => {
    const obs = [dns({ answers: [FAKE_IP] }), tcp({ ip: FAKE_IP, port: 80 }), blockpage({ ip: FAKE_IP })];
    const v = analyze(httpInput(obs));
    expectVerdict(v, 'blocked', 'dns.tampered', 'verdict.blocked.dns.tampered');
    assert.equal(v.evidence.code, 'dns-answers-differ-page-differs');
  });
});

describe('rule 7: connection steps', () => {
  test('TCP timeouts to every address, control connects: tcp.timeout', () => {
    const obs = [dns(), tcp({ failure: 'generic_timeout_error' }), tcp({ failure: 'generic_timeout_error', attempt: 1 })];
    const v = analyze(input(obs));
    expectVerdict(v, 'blocked', 'tcp.timeout', 'verdict.blocked.tcp.timeout');
    assert.equal(v.evidence.failingStep, 'tcp');
    assert.equal(v.evidence.failure, 'generic_timeout_error');
    assert.equal(v.evidence.control, 'ok');
  });

  test('TCP refused three times: tcp.reset', () => {
    const obs = [0, 1, 2].map((attempt) => tcp({ failure: 'connection_refused', attempt }));
    expectVerdict(analyze(input([dns(), ...obs])), 'blocked', 'tcp.reset', 'verdict.blocked.tcp.reset');
  });

  test('one address failing while another works is not blocking', () => {
    const obs = [dns({ answers: [REAL_IP, CDN_IP] }), tcp({ ip: CDN_IP, failure: 'generic_timeout_error' }), tcp({ ip: CDN_IP, failure: 'generic_timeout_error', attempt: 1 }), tcp(), tls(), http()];
    expectVerdict(analyze(input(obs)), 'accessible', null, 'verdict.accessible');
  });

  test('TLS timeout with the real name, harmless name answers: tls.sni-drop, real-sni-only', () => {
    const obs = [dns(), tcp(), tls({ failure: 'generic_timeout_error' }), tls({ failure: 'generic_timeout_error', attempt: 1 }), sniTest(true)];
    const v = analyze(input(obs));
    expectVerdict(v, 'blocked', 'tls.sni-drop', 'verdict.blocked.tls.sni-drop');
    assert.equal(v.evidence.code, 'tls-timeout-real-sni');
    assert.equal(v.evidence.sniTest, 'real-sni-only');
    assert.equal(v.evidence.repeated, true);
  });

  test('TLS reset with the real name: tls.sni-reset', () => {
    const obs = [dns(), tcp(), ...[0, 1, 2].map((attempt) => tls({ failure: 'connection_reset', attempt })), sniTest(true)];
    const v = analyze(input(obs));
    expectVerdict(v, 'blocked', 'tls.sni-reset', 'verdict.blocked.tls.sni-reset');
    assert.equal(v.evidence.sniTest, 'real-sni-only');
  });

  test('eof during the handshake is a reset too', () => {
    const obs = [dns(), tcp(), tls({ failure: 'eof_error' }), tls({ failure: 'eof_error', attempt: 1 }), sniTest(true)];
    expectVerdict(analyze(input(obs)), 'blocked', 'tls.sni-reset', 'verdict.blocked.tls.sni-reset');
  });

  test('the harmless name fails the same way: IP blocking, tcp.timeout', () => {
    const obs = [dns(), tcp(), tls({ failure: 'generic_timeout_error' }), tls({ failure: 'generic_timeout_error', attempt: 1 }), sniTest(false)];
    const v = analyze(input(obs));
    expectVerdict(v, 'blocked', 'tcp.timeout', 'verdict.blocked.tcp.timeout');
    assert.equal(v.evidence.sniTest, 'any-sni');
    assert.equal(v.evidence.failingStep, 'tls');
    assert.ok(v.evidence.notes.includes('ip-blocking-after-handshake'));
  });

  test('the harmless name is reset too: tcp.reset', () => {
    const resets = [0, 1].map((attempt) => tls({ failure: 'connection_reset', attempt }));
    const sni = [0, 1].map((attempt) => tls({ purpose: 'sni-test', serverName: 'example.com', failure: 'connection_reset', attempt }));
    const v = analyze(input([dns(), tcp(), ...resets, ...sni]));
    expectVerdict(v, 'blocked', 'tcp.reset', 'verdict.blocked.tcp.reset');
    assert.equal(v.evidence.sniTest, 'any-sni');
  });

  test('no SNI test recorded: keeps the TLS method and says so', () => {
    const obs = [dns(), tcp(), tls({ failure: 'generic_timeout_error' }), tls({ failure: 'generic_timeout_error', attempt: 1 })];
    const v = analyze(input(obs));
    expectVerdict(v, 'blocked', 'tls.sni-drop', 'verdict.blocked.tls.sni-drop');
    assert.equal(v.evidence.sniTest, 'not-run');
    assert.ok(v.evidence.notes.includes('sni-test-missing'));
  });

  test('an untrusted certificate while the control handshakes: tls.mitm with the issuer', () => {
    const forged = { failure: 'ssl_unknown_authority', chain: [cert({ issuer: 'CN=Interception CA, O=Some ISP' })], verified: false };
    const obs = [dns(), tcp(), tls(forged), tls({ ...forged, attempt: 1 }), sniTest(true)];
    const v = analyze(input(obs));
    expectVerdict(v, 'blocked', 'tls.mitm', 'verdict.blocked.tls.mitm');
    assert.equal(v.evidence.certIssuer, 'CN=Interception CA, O=Some ISP');
    assert.equal(v.evidence.control, 'ok');
  });

  test('no mitm when the control could not handshake either', () => {
    const forged = { failure: 'ssl_invalid_certificate', chain: [cert()], verified: false };
    const ctl = control({ tls_handshake: { [`${REAL_IP}:443`]: { server_name: 'news.example', status: false, failure: 'ssl_invalid_certificate' } }, http_request: { body_length: -1, failure: null, title: '', headers: {}, status_code: -1 } });
    const v = analyze(input([dns(), tcp(), tls(forged), tls({ ...forged, attempt: 1 })], { control: ctl }));
    assert.notEqual(v.status, 'blocked');
  });

  test('HTTP reset after a good connection: http.reset', () => {
    const obs = [dns(), tcp({ port: 80 }), ...[0, 1, 2].map((attempt) => http({ url: HTTP_INPUT, failure: 'connection_reset', attempt }))];
    const v = analyze(httpInput(obs));
    expectVerdict(v, 'blocked', 'http.reset', 'verdict.blocked.http.reset');
    assert.equal(v.evidence.failingStep, 'http');
  });

  test('HTTP timeout twice: honest inconclusive', () => {
    const obs = [dns(), tcp({ port: 80 }), ...[0, 1].map((attempt) => http({ url: HTTP_INPUT, failure: 'generic_timeout_error', attempt }))];
    const v = analyze(httpInput(obs));
    expectVerdict(v, 'inconclusive', null, 'verdict.inconclusive.http-timeout');
  });
});

describe('rule 8: block pages', () => {
  test('a different title and a much shorter body over cleartext: http.blockpage', () => {
    const obs = [dns(), tcp({ port: 80 }), blockpage()];
    const v = analyze(httpInput(obs));
    expectVerdict(v, 'blocked', 'http.blockpage', 'verdict.blocked.http.blockpage');
    assert.equal(v.evidence.code, 'blockpage-title-and-body-differ');
  });

  test('a 403 where the control got 200: http.blockpage', () => {
    const obs = [dns(), tcp({ port: 80 }), http({ url: HTTP_INPUT, status: 403 })];
    const v = analyze(httpInput(obs));
    expectVerdict(v, 'blocked', 'http.blockpage', 'verdict.blocked.http.blockpage');
    assert.equal(v.evidence.code, 'blockpage-status-error');
  });

  test('a redirect to another host where the control got 200: http.blockpage', () => {
    const obs = [dns(), tcp({ port: 80 }), http({ url: HTTP_INPUT, status: 302, redirectTo: 'http://warning.isp.example/blocked', bodyLength: 0, title: null })];
    const v = analyze(httpInput(obs));
    expectVerdict(v, 'blocked', 'http.blockpage', 'verdict.blocked.http.blockpage');
    assert.equal(v.evidence.code, 'blockpage-redirect-elsewhere');
  });

  test('geofenced from abroad: probe 200, control 403, is accessible', () => {
    const geo = httpControl({ http_request: { body_length: 300, failure: null, title: 'Access denied', headers: { server: 'cdn' }, status_code: 403 } });
    const v = analyze(httpInput([dns(), tcp({ port: 80 }), http({ url: HTTP_INPUT })], { control: geo }));
    expectVerdict(v, 'accessible', null, 'verdict.accessible');
  });

  test('a slightly different page (same title) is not a block page', () => {
    const v = analyze(httpInput([dns(), tcp({ port: 80 }), http({ url: HTTP_INPUT, bodyLength: 20_000 })]));
    expectVerdict(v, 'accessible', null, 'verdict.accessible');
  });

  test('a different page over verified HTTPS (a check page, a refusal) is the site\'s own: accessible, with a note', () => {
    const v = analyze(input([dns(), tcp(), tls(), http({ status: 451, title: 'Unavailable', bodyLength: 500 })]));
    expectVerdict(v, 'accessible', null, 'verdict.accessible');
    assert.ok(v.evidence.notes.includes('page-differs-verified-https'));
  });
});

describe('rule 9: throttling', () => {
  const slow = (attempt: number) => [throughput('target', 40, attempt), throughput('control', 4000, attempt)];

  test('slow on two attempts while the reference is fast: throttled', () => {
    const v = analyze(input([...httpsOk(), ...slow(0), ...slow(1)], { target: { input: 'https://news.example/', host: 'news.example', kind: 'throughput' } }));
    expectVerdict(v, 'blocked', 'throttled', 'verdict.blocked.throttled');
    assert.equal(v.evidence.throughputRatio, 0.01);
    assert.equal(v.evidence.failingStep, 'throughput');
    assert.equal(v.evidence.repeated, true);
  });

  test('one slow attempt is not enough', () => {
    const v = analyze(input([...httpsOk(), ...slow(0), throughput('target', 3000, 1), throughput('control', 4000, 1)]));
    expectVerdict(v, 'accessible', null, 'verdict.accessible');
    assert.ok(v.evidence.notes.includes('throughput-slow-once'));
    assert.equal(v.evidence.throughputRatio, 0.01);
  });

  test('one slow attempt is enough for imported data', () => {
    const v = analyze(input([...httpsOk(), ...slow(0)], { requireRecheck: false }));
    expectVerdict(v, 'blocked', 'throttled', 'verdict.blocked.throttled');
  });

  test('slow everywhere (slow reference too) is not throttling', () => {
    const v = analyze(input([...httpsOk(), throughput('target', 40, 0), throughput('control', 100, 0), throughput('target', 40, 1), throughput('control', 100, 1)]));
    expectVerdict(v, 'accessible', null, 'verdict.accessible');
  });

  test('throttled without a control is not blocked', () => {
    const v = analyze(input([...httpsOk(), ...slow(0), ...slow(1)], { control: null, controlFailure: 'no-consent' }));
    expectVerdict(v, 'inconclusive', null, 'verdict.inconclusive.no-control');
  });
});

describe('determinism', () => {
  test('the same input twice gives deep-equal verdicts, and the input is not changed', () => {
    const obs = [dns({ answers: [CDN_IP, REAL_IP] }), doh(), tcp(), tls({ failure: 'generic_timeout_error' }), tls({ failure: 'generic_timeout_error', attempt: 1 }), sniTest(true)];
    const data = input(obs);
    const before = structuredClone(data);
    const a = analyze(data);
    const b = analyze(structuredClone(data));
    assert.deepEqual(a, b);
    assert.deepEqual(data, before);
  });
});

test('a real SNI drop seen through random resets (timeout, reset, reset) is still a drop', async () => {
  const { summarize } = await import('../../main/analysis/steps.ts');
  const items = [
    { attempt: 0, failure: 'generic_timeout_error' },
    { attempt: 1, failure: 'connection_reset' },
    { attempt: 2, failure: 'connection_reset' },
  ];
  const outcome = summarize('tls', items, (o) => o.failure, true);
  assert.equal(outcome.failure, 'generic_timeout_error');
  assert.equal(outcome.varied, true);
  assert.equal(outcome.consistent, true);
});
