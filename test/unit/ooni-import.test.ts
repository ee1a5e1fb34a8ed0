// The OONI importer: OONI's web_connectivity measurements become Yoxla observations, judged by the
// same analysis as Yoxla's own runs, and Yoxla's own export reads back to the same verdicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importedResult, importMeasurement, ImportError, measurementUidOf, fetchMeasurement, parseMeasurements } from '../../main/report/ooni-import.ts';
import { exportMeasurements, toJsonl } from '../../main/report/ooni-export.ts';
import { makeRedactor } from '../../main/report/redact.ts';
import { sampleRun } from '../support/report-fixtures.ts';
import { controlFailed, nxdomain, tiktokSniDrop } from '../support/ooni-measurements.ts';

const SPEC = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ooni', 'spec-ts-017-example.json'), 'utf8');

test("the spec's example: every step mapped, accessible, certificates decoded", () => {
  const [m] = parseMeasurements(SPEC, 'spec.json');
  assert.ok(m);
  assert.equal(m.input, 'https://example.com');
  assert.equal(m.probeAsn, 'AS30722');
  assert.equal(m.startedAt, '2021-03-22T15:01:01.000Z');
  const dns = m.observations.filter((o) => o.step === 'dns');
  assert.equal(dns.length, 1, 'A and AAAA of one lookup are one observation');
  assert.deepEqual(dns[0]?.step === 'dns' && dns[0].answers, ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']);
  const tcp = m.observations.filter((o) => o.step === 'tcp');
  assert.equal(tcp.length, 2);
  assert.ok(tcp.some((o) => o.failure?.startsWith('unknown_failure')));
  const tls = m.observations.find((o) => o.step === 'tls');
  assert.ok(tls?.step === 'tls');
  assert.equal(tls.verified, true);
  assert.equal(tls.ip, '93.184.216.34', 'the handshake ran on the connection that succeeded');
  assert.ok(tls.chain.length > 0 && tls.chain[0]?.subject.includes('www.example.org'));
  const http = m.observations.find((o) => o.step === 'http');
  assert.ok(http?.step === 'http');
  assert.equal(http.status, 200);
  assert.equal(http.title, 'Example Domain');
  assert.equal(http.t0, Date.parse('2021-03-22T15:01:01Z') + Math.round(((JSON.parse(SPEC).test_keys.requests[0].t as number) * 1000)));
  const r = importedResult(m);
  assert.equal(r.status, 'accessible');
  assert.ok(r.evidence.notes.includes('ooni-import-no-recheck'));
});

test('September 2022 TikTok: TLS timeout after the ClientHello, control fine -> tls.sni-drop, no SNI test noted', () => {
  const r = importedResult(importMeasurement(tiktokSniDrop(), 'tiktok.json'));
  assert.equal(r.status, 'blocked');
  assert.equal(r.method, 'tls.sni-drop');
  assert.equal(r.evidence.sniTest, 'not-run');
  assert.ok(r.evidence.notes.includes('sni-test-missing'));
  assert.ok(r.evidence.notes.includes('ooni-import-no-recheck'));
  assert.ok(r.evidence.notes.includes('single-attempt'));
});

test('DNS NXDOMAIN with a control that resolved -> dns.nxdomain', () => {
  const r = importedResult(importMeasurement(nxdomain(), 'nx.json'));
  assert.equal(r.status, 'blocked');
  assert.equal(r.method, 'dns.nxdomain');
});

test('control_failure -> never blocked: inconclusive', () => {
  const r = importedResult(importMeasurement(controlFailed(), 'cf.json'));
  assert.equal(r.status, 'inconclusive');
  assert.equal(r.method, null);
  assert.equal(r.controlFailure, 'generic_timeout_error');
});

test("OONI API's reply: raw_measurement as a JSON string, or the measurement inside an object", () => {
  const api = { measurement_uid: '20220914T100000Z_webconnectivity_AZ_28787_n1_abc', raw_measurement: JSON.stringify(tiktokSniDrop()) };
  assert.equal(parseMeasurements(JSON.stringify(api), 'api.json')[0]?.input, 'https://www.tiktok.com/');
  assert.equal(parseMeasurements(JSON.stringify({ raw_measurement: tiktokSniDrop() }), 'o.json')[0]?.input, 'https://www.tiktok.com/');
});

test('0.5.x: t0, addresses, depth tags and redirects in the right order', () => {
  const m = tiktokSniDrop();
  m.test_version = '0.5.28';
  const tk = m.test_keys as Record<string, unknown>;
  tk.tls_handshakes = [{ address: '23.45.67.89:443', server_name: 'www.tiktok.com', failure: null, peer_certificates: [], t0: 0.2, t: 0.3, tags: ['depth=0'] }];
  // Last hop first, as OONI writes them.
  tk.requests = [
    { failure: null, request: { url: 'https://www.tiktok.com/en/' }, response: { code: 200, headers: {}, body: '<title>TikTok</title>' }, t0: 0.5, t: 0.6 },
    { failure: null, request: { url: 'https://www.tiktok.com/' }, response: { code: 302, headers: { Location: '/en/' }, body: '' }, t0: 0.3, t: 0.4 },
  ];
  const http = importMeasurement(m, 'x.json').observations.filter((o) => o.step === 'http');
  assert.deepEqual(http.map((h) => h.step === 'http' && h.url), ['https://www.tiktok.com/', 'https://www.tiktok.com/en/']);
  assert.equal(http[0]?.step === 'http' && http[0].redirectTo, 'https://www.tiktok.com/en/');
  assert.equal(http[1]?.step === 'http' && http[1].title, 'TikTok');
  const tls = importMeasurement(m, 'x.json').observations.find((o) => o.step === 'tls');
  assert.equal(tls?.t0, Date.parse('2022-09-14T10:00:00Z') + 200);
});

test('not an OONI web_connectivity measurement: one line saying why, with file and line', () => {
  assert.throws(() => parseMeasurements('{"schema":"yoxla.run/1"}', 'run.json'), (e: Error) => e instanceof ImportError && /^run\.json: not an OONI web_connectivity measurement \(no test_keys\)$/.test(e.message));
  const telegram = { ...tiktokSniDrop(), test_name: 'telegram' };
  assert.throws(() => parseMeasurements(JSON.stringify(telegram), 't.json'), /^Error: t\.json: OONI telegram measurement, not web_connectivity$/);
  const jsonl = `${JSON.stringify(tiktokSniDrop())}\n{broken\n`;
  assert.throws(() => parseMeasurements(jsonl, 'm.jsonl'), (e: Error) => e instanceof ImportError && e.message.startsWith('m.jsonl:2: not valid JSON') && !e.message.includes('\n'));
  assert.throws(() => parseMeasurements('', 'e.json'), /e\.json: empty file/);
});

test('OONI Explorer links and ids; the fetch is injected, never the network', async () => {
  const uid = '20220914T100000Z_webconnectivity_AZ_28787_n1_abcDEF';
  assert.equal(measurementUidOf(`https://explorer.ooni.org/m/${uid}`), uid);
  assert.equal(measurementUidOf(uid), uid);
  assert.equal(measurementUidOf('m.json'), null);
  const asked: string[] = [];
  const fake = async (url: string) => {
    asked.push(url);
    return { ok: true, status: 200, text: async () => JSON.stringify({ raw_measurement: JSON.stringify(nxdomain()) }) };
  };
  const [m] = await fetchMeasurement(uid, fake);
  assert.equal(m?.input, 'https://news.example/');
  assert.deepEqual(asked, [`https://api.ooni.io/api/v1/measurement_meta?measurement_uid=${uid}&full=true`]);
  await assert.rejects(fetchMeasurement(uid, async () => ({ ok: false, status: 404, text: async () => '' })), /HTTP 404/);
});

test('round trip: Yoxla export -> import gives the same status and method', () => {
  const run = sampleRun();
  const { measurements } = exportMeasurements(run, makeRedactor({}));
  const imported = parseMeasurements(toJsonl(measurements), 'export.jsonl').map(importedResult);
  assert.equal(imported.length, run.results.length);
  for (const original of run.results) {
    const back = imported.find((r) => r.input === original.input);
    assert.ok(back, original.input);
    assert.equal(back.status, original.status, original.input);
    assert.equal(back.method, original.method, original.input);
    assert.equal(back.evidence.sniTest, original.evidence.sniTest, original.input);
  }
});
