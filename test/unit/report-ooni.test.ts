// The OONI export: OONI's envelope and web_connectivity keys built from the real observations,
// checked against the JSON schema written from OONI's spec (which also accepts the spec's own
// example measurement and rejects broken ones).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ooniValidator } from '../support/ooni-collector.ts';
import { PUBLIC_IP, sampleRun } from '../support/report-fixtures.ts';
import * as o from '../support/observations.ts';
import { exportMeasurements, ooniVerdict, toJsonl, webConnectivityMeasurement } from '../../main/report/ooni-export.ts';
import { ooniQueries, ooniRequests, ooniTcpConnect, ooniTime } from '../../main/report/ooni-format.ts';
import { makeRedactor, SCRUBBED } from '../../main/report/redact.ts';
import { METHODS } from '../../main/contract/verdict.ts';
import { summariseMessengers } from '../../main/analysis/index.ts';
import type { Result } from '../../main/contract/run.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ooni');
const validate = ooniValidator();
const identity = { hostname: 'amina-laptop', username: 'amina', homeDir: '/home/amina' };
const redact = makeRedactor({ publicIp: PUBLIC_IP, identity });

test("the schema accepts OONI's own example measurement from the spec (ts-017)", () => {
  const example = JSON.parse(readFileSync(join(FIXTURES, 'spec-ts-017-example.json'), 'utf8')) as Record<string, unknown>;
  assert.ok(validate(example), JSON.stringify(validate.errors));
});

test('the schema rejects what OONI would not accept', () => {
  const example = JSON.parse(readFileSync(join(FIXTURES, 'spec-ts-017-example.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  const broken: [string, (m: Record<string, Record<string, unknown>>) => void][] = [
    ['ISO time with a zone', (m) => void (m.measurement_start_time = '2021-03-22T15:01:01Z' as never)],
    ['probe_asn without AS', (m) => void (m.probe_asn = '30722' as never)],
    ['lower-case country', (m) => void (m.probe_cc = 'it' as never)],
    ['a blocking word OONI does not use', (m) => void ((m.test_keys as Record<string, unknown>).blocking = 'tls')],
    ['accessible as a string', (m) => void ((m.test_keys as Record<string, unknown>).accessible = 'yes')],
    ['a query without hostname', (m) => void delete ((m.test_keys as { queries: Record<string, unknown>[] }).queries[0] as Record<string, unknown>).hostname],
    ['no test_keys.blocking', (m) => void delete (m.test_keys as Record<string, unknown>).blocking],
  ];
  for (const [what, change] of broken) {
    const copy = structuredClone(example);
    change(copy);
    assert.equal(validate(copy), false, what);
  }
});

test("OONI's time layout, in UTC", () => {
  assert.equal(ooniTime('2026-11-23T10:02:03.456Z'), '2026-11-23 10:02:03');
  assert.equal(ooniTime(Date.UTC(2006, 0, 2, 15, 4, 5)), '2006-01-02 15:04:05');
});

test('every exported measurement validates, web and messenger alike', () => {
  const { measurements, skipped } = exportMeasurements(sampleRun(), redact);
  assert.equal(measurements.length, 7);
  assert.deepEqual(skipped, []);
  for (const m of measurements) assert.ok(validate(m), `${m.input}: ${JSON.stringify(validate.errors)}`);
  const jsonl = toJsonl(measurements);
  assert.equal(jsonl.split('\n').filter(Boolean).length, 7);
  assert.ok(jsonl.endsWith('\n'));
});

test('the envelope: data format, identity without the IP, yoxla annotations', () => {
  const run = sampleRun();
  const m = webConnectivityMeasurement(run, run.results[1] as Result);
  assert.equal(m.data_format_version, '0.2.0');
  assert.equal(m.software_name, 'yoxla');
  assert.equal(m.test_name, 'web_connectivity');
  assert.equal(m.test_version, '0.5.28');
  assert.equal(m.probe_asn, 'AS29049');
  assert.equal(m.probe_cc, 'AZ');
  assert.equal(m.probe_network_name, 'Delta Telecom');
  assert.equal(m.probe_ip, '127.0.0.1');
  assert.equal(m.report_id, '');
  assert.equal(m.input, 'https://www.tiktok.com/');
  assert.match(m.measurement_start_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.equal(m.annotations.yoxla_status, 'blocked');
  assert.equal(m.annotations.yoxla_method, 'tls.sni-drop');
  assert.equal(m.annotations.yoxla_evidence, 'tls-timeout-real-sni');
  const k = m.test_keys;
  // An SNI drop is an HTTP failure in OONI's words.
  assert.equal(k.blocking, 'http-failure');
  assert.equal(k.accessible, false);
  assert.equal(k.http_experiment_failure, 'generic_timeout_error');
  assert.equal(k.dns_consistency, 'consistent');
  assert.equal((k.tls_handshakes as unknown[]).length, 2, 'both tries with the real name');
  assert.equal((k.x_yoxla_sni_test as { server_name: string }[])[0]?.server_name, 'example.com');
});

test('accessible and blocking for every verdict, in OONI words', () => {
  assert.deepEqual(ooniVerdict({ status: 'accessible', method: null }), { accessible: true, blocking: false });
  assert.deepEqual(ooniVerdict({ status: 'down', method: null }), { accessible: false, blocking: false });
  assert.deepEqual(ooniVerdict({ status: 'inconclusive', method: null }), { accessible: null, blocking: null });
  const expected: Record<string, unknown> = {
    'dns.nxdomain': 'dns',
    'dns.tampered': 'dns',
    'dns.timeout': 'dns',
    'tcp.timeout': 'tcp_ip',
    'tcp.reset': 'tcp_ip',
    'tls.sni-drop': 'http-failure',
    'tls.sni-reset': 'http-failure',
    'tls.mitm': 'http-failure',
    'http.blockpage': 'http-diff',
    'http.reset': 'http-failure',
    throttled: false,
  };
  for (const method of METHODS) assert.equal(ooniVerdict({ status: 'blocked', method }).blocking, expected[method], method);
});

test('the keys of each outcome come from its observations and the control', () => {
  const run = sampleRun();
  const byHost = (host: string) => webConnectivityMeasurement(run, run.results.find((r) => r.host === host) as Result).test_keys;
  const works = webConnectivityMeasurement(run, run.results[0] as Result).test_keys;
  assert.equal(works.accessible, true);
  assert.equal(works.blocking, false);
  assert.equal(works.body_length_match, true);
  assert.equal(works.status_code_match, true);
  assert.equal(works.headers_match, true);
  assert.equal(works.title_match, true);
  assert.equal(works.control_failure, null);

  const nx = byHost(`nx.${o.HOST}`);
  assert.equal(nx.blocking, 'dns');
  assert.equal(nx.dns_experiment_failure, 'dns_nxdomain_error');
  assert.equal(nx.dns_consistency, 'inconsistent');

  const page = webConnectivityMeasurement(run, run.results[3] as Result).test_keys;
  assert.equal(page.blocking, 'http-diff');
  assert.equal(page.body_length_match, false);
  assert.equal(page.title_match, false);
  const requests = page.requests as { response: { code: number; x_yoxla_title: string } }[];
  assert.equal(requests[0]?.response.code, 200);
  assert.match(requests[0]?.response.x_yoxla_title ?? '', /<script>/, 'the data itself is kept as recorded');

  const down = byHost(`down.${o.HOST}`);
  assert.deepEqual([down.accessible, down.blocking], [false, false]);
  assert.equal((down.tcp_connect as { status: { blocked: boolean } }[])[0]?.status.blocked, false, 'the control failed too');

  const noControl = byHost(`nc.${o.HOST}`);
  assert.deepEqual([noControl.accessible, noControl.blocking, noControl.control], [null, null, null]);
  assert.equal(noControl.control_failure, 'no-consent');
});

test('df-002: one A and one AAAA query per lookup; df-005: blocked where the control connected', () => {
  const queries = ooniQueries([o.dns({ answers: ['203.0.113.10', '2001:db8::10'] }), o.doh()], 1_700_000_000_000);
  assert.deepEqual(
    queries.map((q) => [q.engine, q.query_type, q.answers?.map((a) => a.ipv4 ?? a.ipv6), q.failure]),
    [
      ['udp', 'A', ['203.0.113.10'], null],
      ['udp', 'AAAA', ['2001:db8::10'], null],
      ['doh', 'A', ['203.0.113.10'], null],
      ['doh', 'AAAA', undefined, 'dns_no_answer'],
    ],
  );
  assert.ok(queries[0]?.tags.includes('classic'));
  assert.ok(!queries[2]?.tags.includes('classic'), 'DoH is an extension, not classic');
  const tcp = ooniTcpConnect([o.tcp({ failure: 'generic_timeout_error' }), o.tcp({ ip: '192.0.2.1' })], o.control(), 1_700_000_000_000);
  assert.deepEqual(tcp[0]?.status, { blocked: true, failure: 'generic_timeout_error', success: false });
  assert.deepEqual(tcp[1]?.status, { blocked: null, failure: null, success: true });
  assert.equal(tcp[0]?.t, 0.1);
});

test('df-001: requests newest first, the final response leading', () => {
  const first = o.http({ status: 301, redirectTo: 'https://www.news.example/', t0: 1_700_000_000_000, t1: 1_700_000_000_050 });
  const last = o.http({ url: 'https://www.news.example/', t0: 1_700_000_000_060, t1: 1_700_000_000_100 });
  const requests = ooniRequests([first, last], 1_700_000_000_000);
  assert.deepEqual(
    requests.map((r) => [r.request.url, r.response.code]),
    [
      ['https://www.news.example/', 200],
      [o.HTTPS_INPUT, 301],
    ],
  );
  assert.deepEqual(requests[0]?.response.headers_list[0], ['content-type', 'text/html']);
});

test('messengers go out as their OONI tests, with their test keys', () => {
  const chat = (host: string, port: number, blocked: boolean): Result => ({
    input: `tcpconnect://${host}:${port}`,
    host,
    kind: 'messenger',
    app: 'whatsapp',
    status: blocked ? 'blocked' : 'accessible',
    method: blocked ? 'tcp.reset' : null,
    durationMs: 10,
    observations: [o.dns({ query: host }), o.tcp({ port, failure: blocked ? 'connection_reset' : null })],
    control: o.control(),
    controlFailure: null,
    evidence: { code: 'x', failingStep: blocked ? 'tcp' : null, failure: blocked ? 'connection_reset' : null, control: 'ok', repeated: true, sniTest: 'not-run', notes: [] },
    explanationKey: 'verdict.accessible',
  });
  const results = [chat('e1.whatsapp.net', 443, true), chat('e1.whatsapp.net', 5222, true), chat('e2.whatsapp.net', 443, false)];
  const run = sampleRun({ results: [...results, ...sampleRun().results] });
  const { measurements } = exportMeasurements(run, redact);
  const wa = measurements.find((m) => m.test_name === 'whatsapp');
  assert.ok(wa);
  assert.equal(wa.input, null);
  assert.equal(wa.test_version, '0.11.0');
  const summary = summariseMessengers(run.results)[0];
  assert.ok(summary);
  for (const [key, value] of Object.entries(summary.testKeys)) assert.deepEqual(wa.test_keys[key], value, key);
  assert.deepEqual(wa.test_keys.whatsapp_endpoints_blocked, ['e1.whatsapp.net']);
  assert.equal((wa.test_keys.tcp_connect as unknown[]).length, 3);
  assert.ok(validate(wa), JSON.stringify(validate.errors));
  assert.equal(measurements.filter((m) => m.test_name === 'web_connectivity').length, 7, 'the chat endpoints are not web measurements');
});

test('redaction reaches bodies, headers and failure strings', () => {
  const leaky = sampleRun();
  const r = leaky.results[0] as Result;
  r.observations = r.observations.map((x) =>
    x.step === 'http' ? { ...x, headers: { ...x.headers, 'x-forwarded-for': PUBLIC_IP }, title: `Welcome ${PUBLIC_IP}` } : x.step === 'tcp' ? { ...x, failure: 'unknown_failure: open /home/amina/.cache: EACCES' } : x,
  );
  const jsonl = toJsonl(exportMeasurements(leaky, redact).measurements);
  assert.doesNotMatch(jsonl, /198\.51\.100\.7|amina/);
  assert.ok(jsonl.includes(`"x-forwarded-for":"${SCRUBBED}"`));
});
