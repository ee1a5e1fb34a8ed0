// Rule 9 for a page whose own bytes crawled (no asset named): throttled only when the same path
// carried another site's page at least four times faster and the helper got the page whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../main/analysis/index.ts';
import { analyzePageTransfer } from '../../main/analysis/throughput.ts';
import type { Observation } from '../../main/contract/observations.ts';
import { control, dns, http, input, tcp, throughput, tls } from '../support/observations.ts';

/** A 2xx response whose body was still arriving when the step's time ran out: `kbps` fast. */
function crawl(attempt: number, kbps: number): Observation {
  const bodyMs = 2000;
  return http({ attempt, failure: 'generic_timeout_error', status: 200, headers: { 'content-type': 'video/mp4' }, bodyLength: Math.round((kbps * bodyMs) / 8), bodyMs, requestMs: 40 });
}

/** Try 0 crawled; try 1 (a fresh connection, queued behind the first's bytes) got no response in time. */
const crawledTwice = (kbps: number): Observation[] => [
  dns(),
  tcp(),
  tls(),
  crawl(0, kbps),
  tcp({ attempt: 1 }),
  tls({ attempt: 1 }),
  http({ attempt: 1, failure: 'generic_timeout_error' }),
];

const bigPageControl = (bodyLength = 2_000_000) =>
  control({ http_request: { body_length: bodyLength, failure: null, title: '', headers: { 'content-type': 'video/mp4' }, status_code: 200 } });

test('the page crawled on the path where another page came 100× faster, the helper got it whole: throttled', () => {
  const v = analyze(input([...crawledTwice(64), throughput('control', 6400, 0)], { control: bigPageControl() }));
  assert.deepEqual({ status: v.status, method: v.method }, { status: 'blocked', method: 'throttled' }, JSON.stringify(v.evidence));
  assert.equal(v.evidence.code, 'page-transfer-slow');
  assert.equal(v.evidence.failingStep, 'throughput');
  assert.equal(v.evidence.throughputRatio, 0.01);
  assert.equal(v.evidence.repeated, true);
  assert.ok(v.evidence.notes.includes('page-transfer-slow'));
});

test('a reference under four times the page speed is a slow connection, not a limit: the page timeout stays unexplained', () => {
  const v = analyze(input([...crawledTwice(64), throughput('control', 200, 0)], { control: bigPageControl() }));
  assert.deepEqual({ status: v.status, method: v.method, code: v.evidence.code }, { status: 'inconclusive', method: null, code: 'http-timeout-control-ok' });
});

test('no reference on the path: unexplained, and the note says why', () => {
  const v = analyze(input(crawledTwice(64), { control: bigPageControl() }));
  assert.equal(v.status, 'inconclusive');
  assert.ok(v.evidence.notes.includes('page-slow-no-reference'));
});

test('the helper failed too: the site is slow for everyone (down), never throttled', () => {
  const slowEverywhere = control({ http_request: { body_length: 40_000, failure: 'generic_timeout_error', title: '', headers: {}, status_code: 200 } });
  const v = analyze(input([...crawledTwice(64), throughput('control', 6400, 0)], { control: slowEverywhere }));
  assert.equal(v.status, 'down', JSON.stringify(v.evidence));
});

test('the helper got no more of the page than the person: not throttled', () => {
  const result = analyzePageTransfer([...crawledTwice(64), throughput('control', 6400, 0)], bigPageControl(16_000));
  assert.equal(result.helperGotPage, false);
  assert.equal(result.throttled, false);
  const v = analyze(input([...crawledTwice(64), throughput('control', 6400, 0)], { control: bigPageControl(16_000) }));
  assert.notEqual(v.status, 'blocked');
});

test('one try only is not repeated: not throttled unless the data has no re-check (OONI import)', () => {
  const once = [dns(), tcp(), tls(), crawl(0, 64), throughput('control', 6400, 0)];
  assert.notEqual(analyze(input(once, { control: bigPageControl() })).status, 'blocked');
  const imported = analyze(input(once, { control: bigPageControl(), requireRecheck: false }));
  assert.equal(imported.method, 'throttled');
});

test('a page that arrived whole is never a crawl, however slow the reference says it was', () => {
  const whole = [dns(), tcp(), tls(), http({ bodyLength: 16_000, bodyMs: 2000, requestMs: 40 }), throughput('control', 6400, 0)];
  const result = analyzePageTransfer(whole, bigPageControl());
  assert.equal(result.crawled, 0);
  assert.equal(analyze(input(whole, { control: bigPageControl() })).status, 'accessible');
});
