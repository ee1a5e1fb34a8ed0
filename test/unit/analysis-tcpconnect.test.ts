// The verdict for a tcpconnect://HOST:PORT input (OONI's whatsapp and facebook_messenger
// endpoints): the same rules, over DNS and TCP only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../main/analysis/index.ts';
import type { Control } from '../../main/contract/observations.ts';
import { VerdictSchema, type Verdict } from '../../main/contract/verdict.ts';
import { HOST, REAL_IP, control, dns, dnsFail, input, tcp } from '../support/observations.ts';
import type { AnalysisInput } from '../../main/analysis/web.ts';

const PORT = 5222;
const TCP_INPUT = `tcpconnect://${HOST}:${PORT}`;
const KEY = `${REAL_IP}:${PORT}`;

/** What OONI's helper says when asked about https://HOST/ with the probe's ip:5222: the connect works; the fetch is about another service. */
function tcpControl(o: Partial<Control> = {}): Control {
  return control({
    tcp_connect: { [KEY]: { status: true, failure: null } },
    tls_handshake: { [KEY]: { server_name: HOST, status: false, failure: 'eof_error' } },
    http_request: { body_length: -1, failure: 'connection_reset', title: '', headers: {}, status_code: -1 },
    ...o,
  });
}

const at = (o: Parameters<typeof tcp>[0] = {}) => tcp({ port: PORT, ...o });

function tcpInput(observations: AnalysisInput['observations'], o: Partial<AnalysisInput> = {}): AnalysisInput {
  return input(observations, { target: { input: TCP_INPUT, host: HOST, kind: 'messenger' }, control: tcpControl(), ...o });
}

function expectVerdict(v: Verdict, status: Verdict['status'], method: Verdict['method'], code: string): void {
  assert.equal(VerdictSchema.safeParse(v).success, true);
  assert.deepEqual({ status: v.status, method: v.method, code: v.evidence.code }, { status, method, code }, JSON.stringify(v.evidence));
}

test('DNS answered and the connect succeeded: accessible, although the helper could not fetch https://HOST/', () => {
  const v = analyze(tcpInput([dns(), at()]));
  expectVerdict(v, 'accessible', null, 'connection-ok');
  assert.equal(v.evidence.control, 'ok');
  assert.ok(v.evidence.notes.includes('http-not-measured'));
});

test('a tcpconnect input is judged by the connection whatever kind a list gave it', () => {
  const v = analyze(tcpInput([dns(), at()], { target: { input: TCP_INPUT, host: HOST, kind: 'web' } }));
  expectVerdict(v, 'accessible', null, 'connection-ok');
});

test('no control: a working connect is still accessible', () => {
  const v = analyze(tcpInput([dns(), at()], { control: null, controlFailure: 'no-consent' }));
  expectVerdict(v, 'accessible', null, 'connection-ok');
  assert.ok(v.evidence.notes.includes('control-declined'));
});

test('connect timed out twice where the helper connected: blocked, tcp.timeout', () => {
  const v = analyze(tcpInput([dns(), at({ failure: 'generic_timeout_error' }), at({ failure: 'generic_timeout_error', attempt: 1 })]));
  expectVerdict(v, 'blocked', 'tcp.timeout', 'tcp-timeout-all-addresses');
  assert.equal(v.evidence.failingStep, 'tcp');
  assert.equal(v.evidence.control, 'ok');
  assert.equal(v.evidence.repeated, true);
});

test('connect reset or refused three times where the helper connected: blocked, tcp.reset', () => {
  for (const failure of ['connection_reset', 'connection_refused']) {
    const v = analyze(tcpInput([dns(), ...[0, 1, 2].map((attempt) => at({ failure, attempt }))]));
    expectVerdict(v, 'blocked', 'tcp.reset', 'tcp-reset-all-addresses');
  }
});

test('one failed connect, then a working one: accessible with a note; one failure alone: inconclusive', () => {
  const recovered = analyze(tcpInput([dns(), at({ failure: 'connection_reset' }), at({ attempt: 1 })]));
  expectVerdict(recovered, 'accessible', null, 'connection-ok');
  assert.ok(recovered.evidence.notes.includes('transient-failure-recovered'));
  expectVerdict(analyze(tcpInput([dns(), at({ failure: 'generic_timeout_error' })])), 'inconclusive', null, 'failure-not-repeated');
});

test('no control, offline, or a helper that says nothing about the endpoint: inconclusive, never blocked', () => {
  const failing = [dns(), at({ failure: 'generic_timeout_error' }), at({ failure: 'generic_timeout_error', attempt: 1 })];
  const none = analyze(tcpInput(failing, { control: null, controlFailure: 'no-consent' }));
  expectVerdict(none, 'inconclusive', null, 'no-control');
  assert.equal(none.explanationKey, 'verdict.inconclusive.no-control');
  expectVerdict(analyze(tcpInput(failing, { connectivity: 'offline' })), 'inconclusive', null, 'connectivity-offline');
  // The helper fetched https://HOST/ fine but did not connect to our endpoint: the fetch says nothing about port 5222.
  const silent = analyze(tcpInput(failing, { control: control({ tcp_connect: {}, tls_handshake: {} }) }));
  expectVerdict(silent, 'inconclusive', null, 'tcp-failed-control-not-ok');
});

test('DNS: NXDOMAIN or silence where the helper resolved is blocked; NXDOMAIN for the helper too is down; a helper without an answer is no control', () => {
  const nx = [dnsFail('dns_nxdomain_error'), dnsFail('dns_nxdomain_error', 1)];
  expectVerdict(analyze(tcpInput(nx)), 'blocked', 'dns.nxdomain', 'dns-nxdomain-control-ok');
  const timeouts = [dnsFail('generic_timeout_error'), dnsFail('generic_timeout_error', 1)];
  expectVerdict(analyze(tcpInput(timeouts)), 'blocked', 'dns.timeout', 'dns-timeout-control-ok');
  const helperFails = tcpControl({ dns: { failure: 'dns_server_failure', addrs: [] }, tcp_connect: {}, tls_handshake: {} });
  expectVerdict(analyze(tcpInput(timeouts, { control: helperFails })), 'inconclusive', null, 'no-control');
  const nxEverywhere = tcpControl({ dns: { failure: 'dns_nxdomain_error', addrs: [] }, tcp_connect: {}, tls_handshake: {} });
  expectVerdict(analyze(tcpInput(nx, { control: nxEverywhere })), 'down', null, 'nxdomain-everywhere');
});

test('a connect that works only at a private address the helper never saw: dns.tampered', () => {
  const lie = '10.10.34.35';
  const v = analyze(tcpInput([dns({ answers: [lie] }), dns({ answers: [lie], attempt: 1 }), at({ ip: lie })]));
  expectVerdict(v, 'blocked', 'dns.tampered', 'dns-bogon-answer');
  assert.equal(v.evidence.failingStep, 'dns');
});

test('a connect refused at an address the helper never got, which it cannot connect to either: the DNS answer is the block', () => {
  const other = '192.0.2.77';
  const refusedThere = tcpControl({ tcp_connect: { [`${other}:${PORT}`]: { status: false, failure: 'connection_refused' } } });
  const v = analyze(tcpInput([dns({ answers: [other] }), ...[0, 1, 2].map((attempt) => at({ ip: other, failure: 'connection_refused', attempt }))], { control: refusedThere }));
  expectVerdict(v, 'blocked', 'dns.tampered', 'dns-answers-differ-site-fails');
  // The same failure at the address the helper resolved too is the service being down.
  const down = analyze(
    tcpInput([dns(), ...[0, 1, 2].map((attempt) => at({ failure: 'connection_refused', attempt }))], {
      control: tcpControl({ tcp_connect: { [KEY]: { status: false, failure: 'connection_refused' } } }),
    }),
  );
  expectVerdict(down, 'down', null, 'control-tcp-failed');
});
