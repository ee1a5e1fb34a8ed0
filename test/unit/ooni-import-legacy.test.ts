// Every engine OONI shipped: ooniprobe-python (0.1–0.3) and measurement-kit (0.0.1) files are
// read and explained like Go's and LTE's; a file that is something else still gets one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importedResult, importMeasurement, ImportError, parseMeasurements } from '../../main/report/ooni-import.ts';
import { legacyCases } from '../support/ooni-legacy.ts';

for (const c of legacyCases()) {
  test(`explain: ${c.name} -> ${c.status}${c.method ? ` (${c.method})` : ''}`, () => {
    const result = importedResult(importMeasurement(c.measurement, c.name));
    assert.equal(`${result.status}/${result.method}`, `${c.status}/${c.method}`, `${result.evidence.code}: ${result.evidence.failure ?? ''}`);
    if (result.status === 'blocked') assert.notEqual(result.control, null);
  });
}

test('the oldest python reports: the name from the Twisted query text, the addresses from `addrs`', () => {
  const c = legacyCases().find((x) => x.name.includes('addresses in `addrs`'));
  assert.ok(c);
  const dns = importMeasurement(c.measurement, 'old.json').observations.find((o) => o.step === 'dns');
  assert.ok(dns?.step === 'dns');
  assert.equal(dns.query, 'www.meydan.tv');
  assert.deepEqual(dns.answers, ['192.0.2.44']);
  assert.equal(dns.resolver, 'os');
});

test('still refused with one line: an unknown test version, another format, another test', () => {
  const [c] = legacyCases();
  assert.ok(c);
  const future = { ...c.measurement, test_version: '0.9.0' };
  assert.throws(() => importMeasurement(future, 'f.json'), (e: Error) => e instanceof ImportError && /test_version 0\.9\.0/.test(e.message) && !e.message.includes('\n'));
  const yaml = { ...c.measurement, data_format_version: '0.3.0' };
  assert.throws(() => importMeasurement(yaml, 'y.json'), /data_format_version 0\.3\.0/);
  const http = { ...c.measurement, test_name: 'http_requests' };
  assert.throws(() => importMeasurement(http, 'h.json'), /OONI http_requests measurement, not web_connectivity/);
});

test('a file over the size limit: one clear line, nothing parsed', () => {
  const [c] = legacyCases();
  const text = JSON.stringify(c?.measurement);
  assert.throws(
    () => parseMeasurements(text, 'huge.json', undefined, 1_000),
    (e: Error) => e instanceof ImportError && /^huge\.json: too large to explain \(\d+ MB; at most 1 MB per file\)$/.test(e.message),
  );
  assert.equal(parseMeasurements(text, 'fine.json').length, 1);
});
